"""The ``moto-server`` target: moto served over HTTP by ``python -m moto.server`` on a loopback port.

The suite starts the server as a child process on a free port of 127.0.0.1, talks to it over real
HTTP, and stops it by its PID at the end. Its log is kept under reports/output/logs (or
CONFORMANCE_LOG_DIR) and named in the target's info.

The target's endpoint is a tap in front of the server: a loopback proxy that forwards every request
unchanged and shows each ForgotPassword exchange to the code oracle, which reads the
``x-moto-forgot-password-confirmation-code`` header of the answer as in-process (see
``targets.moto.oracle``). Every client reaching the endpoint passes through it: boto3, the real
aws-amplify in Node, a latency proxy put in front. Capabilities are moto's: ``sms`` only, meaning
"moto's answer says SMS" (see ``targets.moto.inprocess``).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any, ClassVar

from localhost.loopback import ForwardingProxy
from localhost.processes import HOST, LocalServer, ServerError, log_file
from targets.boto import cognito_client
from targets.contract import SMS, SMS_MFA, TargetError, TargetInfo
from targets.moto.inprocess import moto_version
from targets.moto.oracle import CODE_HEADER, ForgotPasswordCodes, MotoCodesTarget, lookup_by_admin_get_user

FIX = ("install moto with its server extra (pip install 'amplify-password-conformance[emulators]', or "
       "pip install -e '.[emulators]' in a checkout) or use tox -e moto-server")


def moto_server_process(log_path: Path, name: str = "moto server", fix: str = FIX) -> LocalServer:
    """``python -m moto.server`` of this environment (the pinned moto) on a free loopback port, not yet started."""
    return LocalServer(
        name,
        lambda port: [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
        log_path=log_path,
        fix=fix,
    )


class MotoServerTarget(MotoCodesTarget):
    """moto's Cognito user pools behind ``moto.server``, over HTTP on 127.0.0.1, reached through a tap."""

    name: ClassVar[str] = "moto-server"
    capabilities: ClassVar[frozenset[str]] = frozenset({SMS, SMS_MFA})

    def __init__(self) -> None:
        self.server = moto_server_process(log_file("moto-server"))
        self.tap: ForwardingProxy | None = None
        self._client: Any = None
        self._lookup: Any = None
        self._codes = ForgotPasswordCodes(lookup_by_admin_get_user(self._lookup_client))

    def start(self) -> None:
        missing = [module for module in ("moto.server", "flask", "flask_cors") if not _importable(module)]
        if missing:
            raise TargetError(f"moto server cannot run here ({', '.join(missing)} missing); {FIX}")
        try:
            self.server.start()
        except ServerError as error:
            raise TargetError(str(error)) from None
        self.tap = ForwardingProxy(self.server.url, on_exchange=self._codes.tap.exchange, name="moto-server tap").start()

    def stop(self) -> None:
        tap, self.tap = self.tap, None
        if tap is not None:
            tap.stop()
        self.server.stop()
        self._client = self._lookup = None

    def endpoint_url(self) -> str | None:
        return None if self.tap is None else self.tap.url

    def cognito_client(self) -> Any:
        if self._client is None:
            self._client = cognito_client(self._endpoint())
        return self._client

    def health(self) -> str | None:
        return self.server.exited()

    def info(self) -> TargetInfo:
        details = {
            "mode": "moto.server child process",
            "log": str(self.server.log_path),
            "code oracle": f"the {CODE_HEADER} response header of ForgotPassword, tapped at the endpoint",
        }
        if self.tap is not None:
            details["endpoint"] = self.tap.url
        return TargetInfo(name=self.name, version=moto_version(), details=details)

    def _endpoint(self) -> str:
        url = self.endpoint_url()
        if url is None or self.server.process is None:
            raise TargetError("the moto-server target was used before start() (or after stop())")
        return url

    def _lookup_client(self) -> Any:
        # The oracle's own AdminGetUser requests go to the server directly: no scenario counts them,
        # and the tap has nothing to see in them.
        if self._lookup is None:
            self._endpoint()
            self._lookup = cognito_client(self.server.url)
        return self._lookup


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False
