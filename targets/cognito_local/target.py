"""The ``cognito-local`` target: the npm package cognito-local, run by the suite on a loopback port.

The version is pinned in ``targets/node/cognito-local/package.json`` (with its lock file);
``npm ci --prefix targets/node/cognito-local`` installs it, and ``tox -e cognito-local`` does that
for you. Each start gets a fresh working folder holding ``.cognito/config.json``; without
``UserPoolDefaults.UsernameAttributes: []`` there, cognito-local would turn every pool into an
email-username pool (it merges its default ``["email"]`` into each CreateUserPool request).

The code oracle: cognito-local saves the code it issued to ``.cognito/db/<poolId>.json``
(``Users[<Username>].ConfirmationCode``) before answering ForgotPassword. The target's endpoint is a
tap in front of cognito-local (a loopback proxy forwarding every request unchanged), which reads it
right after each successful ForgotPassword answer and before the client gets that answer, whoever the
client is (boto3, the real aws-amplify, a latency proxy in front). So every delivery is kept with the
channel cognito-local reported, and a later ConfirmForgotPassword (which clears the field) does not
erase it. ``CODE`` is removed from the server's environment: it would fix every code and hide
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

from localhost.loopback import ForwardingProxy
from localhost.node import NpmPins
from localhost.processes import HOST, LocalServer, ServerError, log_file
from targets.boto import cognito_client
from targets.contract import SMS, SMS_MFA, Delivery, PoolRequest, ProvisionedPool, Target, TargetError, TargetInfo
from targets.forgot_password_tap import ForgotPasswordAnswer, ForgotPasswordTap

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "node" / "cognito-local"
START_SCRIPT = PACKAGE_DIR / "node_modules" / "cognito-local" / "lib" / "bin" / "start.js"
CONFIG = {"UserPoolDefaults": {"UsernameAttributes": []}}
FIX = "run npm ci --prefix targets/node/cognito-local, or use tox -e cognito-local"
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
    """cognito-local over HTTP on 127.0.0.1, in a working folder of its own, reached through a tap."""

    name: ClassVar[str] = "cognito-local"
    capabilities: ClassVar[frozenset[str]] = frozenset({SMS, SMS_MFA})

    def __init__(self) -> None:
        self.workdir: Path | None = None
        self.server: LocalServer | None = None
        self.tap: ForwardingProxy | None = None
        self._log_path = log_file("cognito-local")
        self._client: Any = None
        self._forgot_passwords = ForgotPasswordTap(self._keep_code)
        # (pool id, Username as stored) -> deliveries, oldest first
        self._deliveries: dict[tuple[str, str], list[Delivery]] = {}

    def start(self) -> None:
        problem = PINS.unavailable("cognito-local needs Node.js 18+")
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
            lambda port: [shutil.which("node") or "node", str(START_SCRIPT)],
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
        self.tap = ForwardingProxy(self.server.url, on_exchange=self._forgot_passwords.exchange,
                                   name="cognito-local tap").start()

    def stop(self) -> None:
        tap, self.tap = self.tap, None
        if tap is not None:
            tap.stop()
        if self.server is not None:
            self.server.stop()
        self._remove_workdir()
        self._client = None

    def endpoint_url(self) -> str | None:
        return None if self.tap is None else self.tap.url

    def health(self) -> str | None:
        return self.server.exited() if self.server is not None else None

    def cognito_client(self) -> Any:
        if self._client is None:
            url = self.endpoint_url()
            if url is None or self.server is None or self.server.process is None:
                raise TargetError("the cognito-local target was used before start() (or after stop())")
            self._client = cognito_client(url)
        return self._client

    def info(self) -> TargetInfo:
        details = {
            "log": str(self._log_path),
            "package": str(PACKAGE_DIR / "package.json"),
            "code oracle": ".cognito/db/<poolId>.json Users[...].ConfirmationCode, read after each ForgotPassword "
                           "answer at the endpoint",
        }
        if self.endpoint_url():
            details["endpoint"] = self.endpoint_url()
        return TargetInfo(name=self.name, version=installed_version() or "not installed", details=details)

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        pool = super().provision(request)
        self._forgot_passwords.app_client_of(pool.pool_id, pool.client_id)
        return pool

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        self._forgot_passwords.check()
        user = self._stored_user(pool_id, username)
        if user is None:
            return None
        deliveries = self._deliveries.get((pool_id, user["Username"]))
        return deliveries[-1] if deliveries else None

    # --- the oracle -----------------------------------------------------------------------

    def _keep_code(self, answer: ForgotPasswordAnswer) -> None:
        user = self._stored_user(answer.pool_id, answer.username)
        code = (user or {}).get("ConfirmationCode")
        if not code:
            return
        attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
        self._deliveries.setdefault((answer.pool_id, user["Username"]), []).append(Delivery(
            medium=answer.medium,
            destination=attributes.get(answer.attribute, answer.destination),
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
