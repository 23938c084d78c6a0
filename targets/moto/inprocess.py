"""The ``moto`` target: moto's cognito-idp, in-process, behind ``moto.mock_aws``.

Nothing is started and nothing leaves the process: ``mock_aws`` answers boto3's requests before they
reach the network. moto keeps its state in module-level backends, so only one in-process moto target
can run in a process at a time (starting a second one resets the first one's state).

Capabilities: ``sms``, in the only sense moto allows: moto sends nothing, and the oracle takes the
medium and the attribute from moto's own ForgotPassword answer (see ``targets.moto.oracle``), so it
means "moto's answer says SMS" for a phone recovery channel, never "a message went by SMS". Not ``clock``: moto's reset codes and temporary passwords never expire, so there is no time
to advance. Not ``rate_limits``: moto enforces no attempt limits.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any, ClassVar

from targets.boto import REGION, cognito_client
from targets.contract import (
    SMS,
    SMS_MFA,
    TargetError,
    TargetInfo,
)
from targets.moto.oracle import (
    CODE_HEADER,
    ForgotPasswordCodes,
    MotoCodesTarget,
    MotoUser,
)


def moto_version() -> str:
    try:
        return version("moto")
    except PackageNotFoundError:
        return "not installed"


class MotoTarget(MotoCodesTarget):
    """moto's Cognito user pools, in-process."""

    name: ClassVar[str] = "moto"
    capabilities: ClassVar[frozenset[str]] = frozenset({SMS, SMS_MFA})

    def __init__(self) -> None:
        self._mock: Any = None
        self._client: Any = None
        self._codes = ForgotPasswordCodes(self._user_in_backend)

    def start(self) -> None:
        try:
            from moto import mock_aws
        except ImportError:
            raise TargetError("moto is not installed; install the suite with its emulators extra "
                              "(pip install 'amplify-password-conformance[emulators]', "
                              "or pip install -e '.[emulators]' in a checkout) or use tox -e moto") from None
        self._mock = mock_aws()
        self._mock.start()

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop()
        self._mock = self._client = None

    def info(self) -> TargetInfo:
        return TargetInfo(name=self.name, version=moto_version(), details={
            "mode": "in-process (moto.mock_aws)",
            "code oracle": f"the {CODE_HEADER} response header of ForgotPassword",
        })

    def _user_in_backend(self, pool_id: str, name: str) -> MotoUser | None:
        """The user moto would find for ``name``, read from moto's state (no request, nothing counted).

        Like moto: in pools that sign in with email or phone the name may be that attribute; else
        the Username.
        """
        from moto.cognitoidp.models import cognitoidp_backends
        from moto.core import DEFAULT_ACCOUNT_ID

        pool = cognitoidp_backends[DEFAULT_ACCOUNT_ID][REGION].user_pools.get(pool_id)
        if pool is None:
            return None
        aliases = pool.extended_config.get("UsernameAttributes") or []
        users = list(pool.users.values())
        found = next((u for u in users if any(u.attribute_lookup.get(a) == name for a in aliases)), None)
        found = found or pool.users.get(name)
        return None if found is None else MotoUser(found.username, dict(found.attribute_lookup))

    def cognito_client(self) -> Any:
        if self._client is None:
            # Without the mock a client would send requests to AWS itself: refuse instead.
            if self._mock is None:
                raise TargetError("the moto target was used before start() (or after stop())")
            self._client = cognito_client()
            # In-process there is no endpoint to tap: the oracle watches this client's ForgotPassword calls.
            self._codes.tap.attach(self._client)
        return self._client
