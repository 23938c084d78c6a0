"""``--definitions amplify-backend``: every definition synthesized by the real auth construct.

The packages are pinned in ``conformance/definitions/amplify_backend/package.json`` (with its lock
file): ``@aws-amplify/auth-construct``, ``aws-cdk-lib`` and ``constructs``.
``npm ci --prefix conformance/definitions/amplify_backend`` installs them, and
``tox -e amplify-backend`` does that for you. Synthesis is offline: no AWS account or credentials.

A definition is first checked as the reference mapping checks it (``AuthDefinition.validate``): the
construct would turn an unknown accountRecovery silently into the default, which ``ampx`` refuses
when it type-checks the backend. A minimum length outside Cognito's 6–99 is not checked here: the
construct synthesizes it (an override bypasses the CDK's check), and the service is left to refuse
the pool, as it would fail a deployment. What passes is synthesized by ``synthesize.mjs`` in one Node
process, started at the first definition the cache does not hold, and mapped to API parameters by
:mod:`.cloudformation`.

The cache keeps the synthesized properties and outputs, one file per definition, keyed by a hash of
the definition, the installed package versions and the synthesis script; a run pays for each
definition once, and a later run not at all. It lives in ``reports/output/cache/amplify-backend``
(``CONFORMANCE_CACHE_DIR`` moves the ``cache`` folder).
"""
from __future__ import annotations

import atexit
import copy
import hashlib
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from conformance.definitions.amplify_backend import cloudformation
from conformance.definitions.model import AuthDefinition, DefinitionError
from conformance.definitions.synthesized import SynthesizedAuth
from localhost.files import write_atomically
from localhost.node import BridgeError, NodeBridge, NpmPins
from localhost.processes import log_file

PACKAGE_DIR = Path(__file__).resolve().parent
SCRIPT = PACKAGE_DIR / "synthesize.mjs"
PACKAGES = ("@aws-amplify/auth-construct", "aws-cdk-lib", "constructs")
FIX = "run npm ci --prefix conformance/definitions/amplify_backend, or use tox -e amplify-backend"
DEFAULT_CACHE_ROOT = PACKAGE_DIR.parents[2] / "reports" / "output" / "cache"
SYNTHESIS_TIMEOUT = 120.0  # the first synthesis loads aws-cdk-lib, which takes seconds


class DefinitionsUnavailable(ValueError):
    """The amplify-backend definitions cannot run here; the message names the fix."""


PINS = NpmPins(PACKAGE_DIR, PACKAGES)


def installed_versions() -> dict[str, str | None]:
    """The installed version of each pinned package (None when it is missing)."""
    return PINS.installed()


def pinned_versions() -> dict[str, str]:
    return PINS.pinned()


def unavailable_reason() -> str | None:
    """Why amplify-backend cannot synthesize here (one sentence naming the fix), or None."""
    problem = PINS.unavailable("the amplify-backend definitions need Node.js 18+")
    return f"{problem}; {FIX}" if problem else None


def construct_input(definition: AuthDefinition) -> dict[str, Any]:
    """The definition as synthesize.mjs reads it: defineAuth props and the backend.ts lines."""
    return {
        "loginWith": {option: True for option in sorted(definition.login_with)},
        "accountRecovery": definition.account_recovery,
        "poolOverrides": [list(pair) for pair in definition.pool_overrides],
        "clientOverrides": [list(pair) for pair in definition.client_overrides],
        "assignedPasswordPolicy": (None if definition.assigned_password_policy is None
                                   else dict(definition.assigned_password_policy)),
        "multifactor": None if definition.sms_multifactor is None else {"mode": definition.sms_multifactor,
                                                                       "sms": True},
    }


class SynthesisCache:
    """Synthesized stacks on disk, one JSON file per definition and package versions."""

    def __init__(self, directory: Path, fingerprint: dict[str, Any]) -> None:
        self.directory = directory
        self._fingerprint = fingerprint

    def key(self, construct_definition: dict[str, Any]) -> str:
        text = json.dumps({"definition": construct_definition, **self._fingerprint}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads((self.directory / f"{key}.json").read_text())["synthesized"]
        except (OSError, ValueError, KeyError):
            return None

    def put(self, key: str, construct_definition: dict[str, Any], synthesized: dict[str, Any]) -> None:
        document = {"definition": construct_definition, **self._fingerprint, "synthesized": synthesized}
        # Atomic, so parallel workers never read half a file.
        write_atomically(self.directory / f"{key}.json", json.dumps(document, indent=1, sort_keys=True))


class AmplifyBackendDefinitions:
    """Turns definitions into CreateUserPool / CreateUserPoolClient parameters with the real construct."""

    name = "amplify-backend"

    def __init__(self, cache_directory: Path | None = None) -> None:
        reason = unavailable_reason()
        if reason:
            raise DefinitionsUnavailable(reason)
        root = Path(os.environ.get("CONFORMANCE_CACHE_DIR") or DEFAULT_CACHE_ROOT)
        self.cache = SynthesisCache(cache_directory or root / "amplify-backend", {
            "versions": installed_versions(),
            "script": hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:16],
        })
        self.node_syntheses = 0  # how many definitions this instance had Node synthesize
        self._process: NodeBridge | None = None
        self._lock = threading.Lock()

    def synthesize(self, definition: AuthDefinition) -> SynthesizedAuth:
        definition.validate()
        stack = self.synthesized_stack(definition)
        overridden_flows = any(path == "ExplicitAuthFlows" for path, _ in definition.client_overrides)
        pool = cloudformation.pool_parameters(stack["userPool"]).parameters
        client = cloudformation.client_parameters(stack["userPoolClient"], flows_overridden=overridden_flows).parameters
        return SynthesizedAuth(pool=pool, client=client, outputs=cloudformation.amplify_outputs(stack["outputs"]))

    def synthesized_stack(self, definition: AuthDefinition) -> dict[str, Any]:
        """The UserPool and UserPoolClient properties and stack outputs, from the cache or from Node."""
        construct_definition = construct_input(definition)
        key = self.cache.key(construct_definition)
        with self._lock:
            cached = self.cache.get(key)
            if cached is None:
                cached = self._synthesize_in_node(construct_definition, definition)
                self.cache.put(key, construct_definition, cached)
        return copy.deepcopy(cached)

    def close(self) -> None:
        """Stop the Node process, if one was started."""
        process, self._process = self._process, None
        if process is not None:
            atexit.unregister(process.stop)
            process.stop()

    def _synthesize_in_node(self, construct_definition: dict[str, Any], definition: AuthDefinition) -> dict[str, Any]:
        if self._process is None or not self._process.alive:
            self._process = NodeBridge(shutil.which("node") or "node", SCRIPT, log_path=log_file("amplify-backend"),
                                       name="the amplify-backend synthesizer", call_timeout=SYNTHESIS_TIMEOUT)
            try:
                self._process.start()
            except BridgeError as error:
                raise DefinitionsUnavailable(f"{error}; {FIX}") from None
            atexit.register(self._process.stop)
        reply = self._process.request("synthesize", definition=construct_definition)
        self.node_syntheses += 1
        if not reply["ok"]:
            raise DefinitionError(f"@aws-amplify/auth-construct refused the definition {definition.describe()!r}: "
                                  f"{reply['error']['message']}")
        return reply["value"]
