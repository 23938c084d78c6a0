"""The ``moto-server`` target: moto served over HTTP by ``python -m moto.server`` on a loopback port.

The suite starts the server as a child process on a free port of 127.0.0.1, talks to it over real
HTTP, and stops it by its PID at the end. Its log is kept under reports/output/logs (or
CONFORMANCE_LOG_DIR) and named in the target's info.

The code oracle is the same as in-process: the ``x-moto-forgot-password-confirmation-code`` header
of each ForgotPassword answer (see ``targets.moto.oracle``). Capabilities are moto's: ``sms`` only, meaning
"moto's answer says SMS" (see ``targets.moto.inprocess``).
"""
from __future__ import annotations

import importlib.util
import sys
from typing import Any, ClassVar

from localhost.processes import LocalServer, ServerError, log_file
from targets.boto import cognito_client
from targets.contract import (
    SMS,
    SMS_MFA,
    TargetError,
    TargetInfo,
)
from targets.moto.inprocess import moto_version
from targets.moto.oracle import (
    CODE_HEADER,
    ForgotPasswordCodes,
    MotoCodesTarget,
    lookup_by_admin_get_user,
)

FIX = "install moto with its server extra (pip install -e '.[emulators]') or use tox -e moto-server"


class MotoServerTarget(MotoCodesTarget):
    """moto's Cognito user pools behind ``moto.server``, over HTTP on 127.0.0.1."""

    name: ClassVar[str] = "moto-server"
    capabilities: ClassVar[frozenset[str]] = frozenset({SMS, SMS_MFA})

    def __init__(self) -> None:
        self.server = LocalServer(
            "moto server",
            lambda port: [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            log_path=log_file("moto-server"),
            fix=FIX,
        )
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

    def stop(self) -> None:
        self.server.stop()
        self._client = self._lookup = None

    def endpoint_url(self) -> str | None:
        return self.server.url if self.server.port is not None else None

    def health(self) -> str | None:
        return self.server.exited()

    def info(self) -> TargetInfo:
        details = {
            "mode": "moto.server child process",
            "log": str(self.server.log_path),
            "code oracle": f"the {CODE_HEADER} response header of ForgotPassword",
        }
        if self.server.port is not None:
            details["endpoint"] = self.server.url
        return TargetInfo(name=self.name, version=moto_version(), details=details)

    def _lookup_client(self) -> Any:
        if self._lookup is None:
            self._lookup = self._new_client()
        return self._lookup

    def _new_client(self) -> Any:
        if self.server.process is None:
            raise TargetError("the moto-server target was used before start() (or after stop())")
        return cognito_client(self.server.url)


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False
