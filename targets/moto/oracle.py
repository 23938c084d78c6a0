"""The code oracle of moto's targets: the reset code moto hands back in a response header.

moto sends no email and no SMS. What it does instead is put the code it generated for a
ForgotPassword call in the response header ``x-moto-forgot-password-confirmation-code`` (for a user
it knows; for an unknown user the header is empty). That header is the only place moto delivers a
code, in-process (``mock_aws``) and over HTTP (``moto.server``) alike, so both targets read it: their
:class:`~targets.forgot_password_tap.ForgotPasswordTap` (on the in-process target's client, at the
server target's endpoint) hands over every ForgotPassword answer, and the oracle keeps those that
carried a code, together with the channel moto reported in CodeDeliveryDetails. The delivery's medium
is that answer's DeliveryMedium and its destination the user's value of the answer's AttributeName:
nothing independent of the answer says where a code went, so a delivery can never contradict what
moto reported.

Reading the header rather than the code moto keeps on the user is deliberate: a ForgotPassword call
that fails (for instance with accountRecovery NONE, where moto stores a code on the user and then
raises) delivers nothing, and the oracle says so. Only the question "which user is this name?"
goes to moto's state: in-process directly, over HTTP through AdminGetUser.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from botocore.exceptions import ClientError

from targets.contract import Delivery, PoolRequest, ProvisionedPool, Target
from targets.forgot_password_tap import ForgotPasswordAnswer, ForgotPasswordTap

CODE_HEADER = "x-moto-forgot-password-confirmation-code"
# moto server writes a missing code as the text "None"; in-process the header value is None.
_NO_CODE = frozenset({"", "None"})


@dataclass(frozen=True)
class MotoUser:
    """A user as moto files it: its Username (a generated id in email or phone pools) and attributes."""

    username: str
    attributes: dict[str, str]


# Finds the user moto would find for a name (Username, or email/phone in pools that sign in with them).
UserLookup = Callable[[str, str], "MotoUser | None"]


class ForgotPasswordCodes:
    """Keeps the codes moto returned to ForgotPassword calls and answers ``last_delivery``.

    ``lookup_user(pool_id, name)`` resolves the names a user goes by; see :func:`lookup_by_admin_get_user`.
    ``tap`` is where the ForgotPassword exchanges are to be shown.
    """

    def __init__(self, lookup_user: UserLookup) -> None:
        self._lookup_user = lookup_user
        self._answers: list[tuple[ForgotPasswordAnswer, str]] = []  # with the code each carried
        self._user_names: dict[tuple[str, str], str] = {}
        self.tap = ForgotPasswordTap(self._keep_code)

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        return next(self._newest_first(pool_id, username), None)

    def deliveries(self, pool_id: str, username: str) -> list[Delivery]:
        """Every code moto returned for the user, oldest first (for a delivery log)."""
        return list(reversed(list(self._newest_first(pool_id, username))))

    def _newest_first(self, pool_id: str, username: str) -> Iterator[Delivery]:
        self.tap.check()
        user = self._user(pool_id, username)
        if user is None:
            return
        for answer, code in reversed(list(self._answers)):  # a copy: the tap may append meanwhile
            if answer.pool_id != pool_id:
                continue
            if self._canonical_name(pool_id, answer.username) != user.username:
                continue
            # moto chose the channel; the destination is where that channel points for this user.
            # When the user lacks the attribute moto names, moto made up a destination: report it.
            destination = user.attributes.get(answer.attribute, answer.destination)
            yield Delivery(medium=answer.medium, destination=destination, code=code)

    def _keep_code(self, answer: ForgotPasswordAnswer) -> None:
        code = answer.headers.get(CODE_HEADER)
        if code is not None and code not in _NO_CODE:
            self._answers.append((answer, code))

    # --- resolving the names a user goes by -----------------------------------------------

    def _user(self, pool_id: str, name: str) -> MotoUser | None:
        user = self._lookup_user(pool_id, name)
        if user is not None:
            self._user_names[(pool_id, name)] = user.username
        return user

    def _canonical_name(self, pool_id: str, name: str) -> str | None:
        if (pool_id, name) not in self._user_names and self._user(pool_id, name) is None:
            return None
        return self._user_names[(pool_id, name)]


def lookup_by_admin_get_user(client: Callable[[], Any]) -> UserLookup:
    """A user lookup through AdminGetUser on ``client()``: moto's own name resolution, over the wire.

    ``client`` should build a client of its own, so that the oracle's requests never count as
    requests of the scenario under test.
    """
    def lookup(pool_id: str, name: str) -> MotoUser | None:
        try:
            found = client().admin_get_user(UserPoolId=pool_id, Username=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"UserNotFoundException", "ResourceNotFoundException"}:
                return None
            raise
        return MotoUser(found["Username"], {a["Name"]: a["Value"] for a in found.get("UserAttributes", [])})
    return lookup


class MotoCodesTarget(Target):
    """What both moto targets share: :class:`ForgotPasswordCodes` as the oracle, told of every app client
    provisioned. A subclass sets ``self._codes`` and shows its tap the ForgotPassword exchanges."""

    _codes: ForgotPasswordCodes

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        pool = super().provision(request)
        self._codes.tap.app_client_of(pool.pool_id, pool.client_id)
        return pool

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        return self._codes.last_delivery(pool_id, username)
