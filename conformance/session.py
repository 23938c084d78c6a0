"""What lasts for a whole run: the target, the definitions mapping, the client driver, and the pools.

One user pool is provisioned per distinct definition and shared by every scenario that uses it, so
a run's cost grows with its scenarios rather than with its pools.
"""
from __future__ import annotations

import platform
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable

from botocore.exceptions import ClientError

from conformance import __version__
from conformance.clients import AmplifyClient, ClientDriver
from conformance.clients.contract import sending_session_tally
from conformance.definitions import AuthDefinition, DefinitionsMapping, SynthesizedAuth
from conformance.redaction import Redactor, redact_shapes
from conformance.run_errors import RunError, is_network_error, unreachable
from conformance.test_data import AddressBook
from targets.contract import PoolRequest, ProvisionedPool, Target

POOL_NAME_PREFIX = "amplify-pw-conformance"
ROOT = Path(__file__).resolve().parent.parent  # the checkout, whose git revision the results name


@dataclass(frozen=True)
class Backend:
    """A provisioned definition."""

    definition: AuthDefinition
    synthesized: SynthesizedAuth
    pool: ProvisionedPool


class ServiceCallCounter:
    """Counts the requests a boto3 client sends, and the time spent waiting for them.

    A client session's requests are left out: the session counts them itself (see
    ``conformance.clients.contract``), and its driver reports them when the run ends.
    """

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self._started: float | None = None

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-call.cognito-idp", self._before)
        client.meta.events.register("after-call.cognito-idp", self._after)
        client.meta.events.register("after-call-error.cognito-idp", self._after)

    def _before(self, **_: Any) -> None:
        if sending_session_tally() is not None:
            return
        self.count += 1
        self._started = time.perf_counter()

    def _after(self, **_: Any) -> None:
        if self._started is not None:
            self.seconds += time.perf_counter() - self._started
            self._started = None


@dataclass
class Session:
    target: Target
    definitions: DefinitionsMapping
    client_driver: ClientDriver  # started; the run's app sessions come from it
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    addresses: AddressBook = field(default_factory=AddressBook)
    calls: ServiceCallCounter = field(default_factory=ServiceCallCounter)  # the harness's and the target's own
    secrets: Redactor = field(default_factory=Redactor)  # what this run handled, kept out of every artefact
    _backends: dict[AuthDefinition, Backend] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.calls.attach(self.service())
        self.secrets.watch(self.service())

    def service(self) -> Any:
        """The target's boto3 client."""
        return self.plumbing("its Cognito client", self.target.cognito_client)

    def plumbing(self, part: str, call: Callable[..., Any], *args: Any) -> Any:
        """``call(*args)`` on the target's plumbing (not its API): anything it raises means the run cannot judge.

        A ClientError is the target answering through its API (e.g. refusing CreateUserPool): that is
        evidence about the target, and passes through unchanged.
        """
        try:
            return call(*args)
        except (ClientError, RunError):
            raise
        except Exception as error:
            if is_network_error(error):
                raise self.unreachable(error) from error
            raise RunError(f"target {self.target.name!r}", f"target {self.target.name!r} broke in {part}: "
                                                          f"{type(error).__name__}: {error}") from error

    def unreachable(self, error: BaseException) -> RunError:
        """The error for a target that stopped answering, with what the target knows about why."""
        try:
            health = self.target.health()
        except Exception:  # a diagnosis that fails must not hide what it explains
            health = None
        return unreachable(self.target.name, f"{type(error).__name__}: {error}", health)

    @property
    def pools_created(self) -> int:
        return len(self._backends)

    def backend(self, definition: AuthDefinition) -> Backend:
        """The provisioned pool for ``definition``, provisioning it on first use.

        Raises DefinitionError when the definition cannot be deployed.
        """
        if definition not in self._backends:
            synthesized = self.definitions.synthesize(definition)
            name = f"{POOL_NAME_PREFIX}-{self.run_id}-{len(self._backends) + 1}"
            request = PoolRequest(
                pool={"PoolName": name, **synthesized.pool},
                client={"ClientName": f"{name}-app", **synthesized.client},
            )
            pool = self.plumbing("provisioning a user pool", self.target.provision, request)
            self._backends[definition] = Backend(definition, synthesized, pool)
        return self._backends[definition]

    def new_client(self, backend: Backend) -> AmplifyClient:
        """A new app session on ``backend``'s pool."""
        return self.client_driver.session(backend.pool)


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _revision() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_info(target_name: str, target: Target | None, client: str, definitions: str, *, stats: dict,
             workers: int, expectations: dict | None, name: str | None = None) -> dict[str, Any]:
    """What the results say of the run: its name (when given), the suite, the target (None when it could not be built), the
    client, the definitions, the versions of the packages that speak to the service, and the run's figures."""
    info = target.info() if target is not None else None
    return {
        **({"name": name} if name is not None else {}),
        "suite_version": __version__,
        "suite_revision": _revision(),
        "target": {"name": target_name, "version": info.version if info else "unknown",
                   "capabilities": sorted(target.capabilities) if target else [],
                   "details": {key: redact_shapes(value) for key, value in info.details.items()} if info else {}},
        "client": client,
        "definitions": definitions,
        "python": platform.python_version(),
        "packages": {name: _package_version(name) for name in ("boto3", "botocore", "pytest", "pytest-bdd")},
        "pools_created": stats.get("pools_created"),
        "service_calls": stats.get("service_calls"),
        "service_seconds": stats.get("service_seconds"),
        "client_backoff_seconds": stats.get("client_backoff_seconds"),
        "workers": workers,
        "expectations": expectations,
    }
