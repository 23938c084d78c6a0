"""The ``cognito-local`` target: the npm package cognito-local, run by the suite on a loopback port.

The version is pinned in ``targets/node/cognito-local/package.json`` (with its lock file);
``npm ci --prefix targets/node/cognito-local`` installs it, and ``tox -e cognito-local`` does that
for you. Each start gets a fresh working folder holding ``.cognito/config.json``; without
``UserPoolDefaults.UsernameAttributes: []`` there, cognito-local would turn every pool into an
email-username pool (it merges its default ``["email"]`` into each CreateUserPool request).

The code oracle: cognito-local saves the code it issued to ``.cognito/db/<poolId>.json``
(``Users[<Username>].ConfirmationCode``) before answering ForgotPassword. A botocore event handler
reads it right after each successful ForgotPassword answer, so every delivery is kept with the
channel cognito-local reported, and a later ConfirmForgotPassword (which clears the field) does
not erase it. ``CODE`` is removed from the server's environment: it would fix every code and hide
whether cognito-local checks them.

Only the code comes from cognito-local's store: a delivery's medium is the answer's DeliveryMedium,
and its destination the user's value of the answer's AttributeName. So a delivery can never
contradict what cognito-local reported, and the capability ``sms`` means "cognito-local's answer says
SMS" (the messages it prints to its console are not read). Not ``clock``: cognito-local reads the
system time and its codes never expire. Not ``rate_limits``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from localhost.node import NpmPins
from localhost.processes import HOST, LocalServer, ServerError, log_file
from targets.boto import cognito_client
from targets.contract import SMS, SMS_MFA, Delivery, PoolRequest, ProvisionedPool, Target, TargetError, TargetInfo

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "node" / "cognito-local"
START_SCRIPT = PACKAGE_DIR / "node_modules" / "cognito-local" / "lib" / "bin" / "start.js"
CONFIG = {"UserPoolDefaults": {"UsernameAttributes": []}}
FIX = "run npm ci --prefix targets/node/cognito-local, or use tox -e cognito-local"
_CONTEXT_KEY = "amplify_password_conformance.forgot_password"
_ALIAS_ATTRIBUTES = ("email", "phone_number")


PINS = NpmPins(PACKAGE_DIR, ("cognito-local",))


def installed_version() -> str | None:
    """The cognito-local version installed under targets/node/cognito-local, or None."""
    return PINS.installed()["cognito-local"]


# cognito-local prints each message it would have sent in a box, the code on a line of its own.
_DELIVERED_CODE = re.compile(r"(Code:\s+)\S+")


def scrub_codes(log: str) -> str:
    """cognito-local's log without the codes it delivered: the log is kept after the run."""
    return _DELIVERED_CODE.sub(r"\1<code>", log)


class CognitoLocalTarget(Target):
    """cognito-local over HTTP on 127.0.0.1, in a working folder of its own."""

    name: ClassVar[str] = "cognito-local"
    capabilities: ClassVar[frozenset[str]] = frozenset({SMS, SMS_MFA})

    def __init__(self) -> None:
        self.workdir: Path | None = None
        self.server: LocalServer | None = None
        self._log_path = log_file("cognito-local")
        self._client: Any = None
        self._pool_of_client: dict[str, str] = {}
        # (pool id, Username as stored) -> deliveries, oldest first
        self._deliveries: dict[tuple[str, str], list[Delivery]] = {}

    def start(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise TargetError(f"cognito-local needs Node.js, and no node is on PATH; install Node 18+ and {FIX}")
        problem = PINS.problem()
        if problem:
            raise TargetError(f"{problem}; {FIX}")
        if not START_SCRIPT.is_file():
            raise TargetError(f"cognito-local is not installed in {PACKAGE_DIR}; {FIX}")
        self.workdir = Path(tempfile.mkdtemp(prefix="conformance-cognito-local-"))
        (self.workdir / ".cognito").mkdir()
        (self.workdir / ".cognito" / "config.json").write_text(json.dumps(CONFIG))
        env = {key: value for key, value in os.environ.items() if key not in {"CODE", "DEBUG", "COGNITO_LOCAL_DEVMODE"}}
        self.server = LocalServer(
            "cognito-local",
            lambda port: [node, str(START_SCRIPT)],
            log_path=self._log_path,
            cwd=self.workdir,
            env=env,
            env_for_port=lambda port: {"HOST": HOST, "PORT": str(port)},
            fix=FIX,
            scrub_log=scrub_codes,
        )
        try:
            self.server.start()
        except ServerError as error:
            self._remove_workdir()
            raise TargetError(str(error)) from None

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        self._remove_workdir()
        self._client = None

    def endpoint_url(self) -> str | None:
        return self.server.url if self.server is not None and self.server.port is not None else None

    def health(self) -> str | None:
        return self.server.exited() if self.server is not None else None

    def cognito_client(self) -> Any:
        if self._client is None:
            url = self.endpoint_url()
            if url is None or self.server.process is None:
                raise TargetError("the cognito-local target was used before start() (or after stop())")
            self._client = cognito_client(url)
            self.observe(self._client)
        return self._client

    def observe(self, client: Any) -> None:
        # Also for requests that reach cognito-local through a proxy (latency, amplify-js).
        client.meta.events.register("before-parameter-build.cognito-idp.ForgotPassword", self._remember_request)
        client.meta.events.register("after-call.cognito-idp.ForgotPassword", self._keep_code)

    def info(self) -> TargetInfo:
        details = {
            "log": str(self._log_path),
            "package": str(PACKAGE_DIR / "package.json"),
            "code oracle": ".cognito/db/<poolId>.json Users[...].ConfirmationCode, read after each ForgotPassword",
        }
        if self.endpoint_url():
            details["endpoint"] = self.endpoint_url()
        return TargetInfo(name=self.name, version=installed_version() or "not installed", details=details)

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        pool = super().provision(request)
        self._pool_of_client[pool.client_id] = pool.pool_id
        return pool

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        user = self._stored_user(pool_id, username)
        if user is None:
            return None
        deliveries = self._deliveries.get((pool_id, user["Username"]))
        return deliveries[-1] if deliveries else None

    # --- the oracle -----------------------------------------------------------------------

    def _remember_request(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context[_CONTEXT_KEY] = (params.get("ClientId"), params.get("Username"))

    def _keep_code(self, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if http_response.status_code != 200:
            return
        client_id, username = context.get(_CONTEXT_KEY, (None, None))
        pool_id = self._pool_of_client.get(client_id)
        if pool_id is None or not isinstance(username, str):
            return
        user = self._stored_user(pool_id, username)
        code = (user or {}).get("ConfirmationCode")
        if not code:
            return
        details = parsed.get("CodeDeliveryDetails") or {}
        attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
        attribute = details.get("AttributeName", "")
        self._deliveries.setdefault((pool_id, user["Username"]), []).append(Delivery(
            medium=details.get("DeliveryMedium", ""),
            destination=attributes.get(attribute, details.get("Destination", "")),
            code=code,
        ))

    def _stored_user(self, pool_id: str, name: str) -> dict[str, Any] | None:
        """The user as cognito-local stores it, found the way cognito-local finds it (name, sub, alias)."""
        if self.workdir is None:
            return None
        try:
            database = json.loads((self.workdir / ".cognito" / "db" / f"{pool_id}.json").read_text())
        except FileNotFoundError:
            return None
        users: dict[str, Any] = database.get("Users", {})
        if name in users:
            return users[name]
        aliases = [a for a in database.get("Options", {}).get("UsernameAttributes", []) if a in _ALIAS_ATTRIBUTES]
        for user in users.values():
            attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
            if attributes.get("sub") == name or any(attributes.get(alias) == name for alias in aliases):
                return user
        return None

    def _remove_workdir(self) -> None:
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
