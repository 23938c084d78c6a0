"""The state the reference service keeps: pools, app clients, users, codes and sign-in sessions."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from targets.contract import ClientMetadataReceived, Delivery

from .policy import PasswordPolicy

FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
CONFIRMED = "CONFIRMED"
UNCONFIRMED = "UNCONFIRMED"  # signed up, not confirmed yet
RESET_REQUIRED = "RESET_REQUIRED"  # an administrator reset the password: the user must set a new one with a code
# The most passwords a history can hold: PasswordHistorySize is at most 24.
PASSWORD_HISTORY_LIMIT = 24


@dataclass(frozen=True)
class StoredPassword:
    """A salted hash, so that a password never shows up in a repr or an assertion message."""

    salt: bytes = field(repr=False)
    digest: bytes = field(repr=False)

    @classmethod
    def of(cls, password: str) -> StoredPassword:
        salt = secrets.token_bytes(16)
        return cls(salt, hashlib.sha256(salt + password.encode()).digest())

    def matches(self, password: str) -> bool:
        candidate = hashlib.sha256(self.salt + password.encode()).digest()
        return hmac.compare_digest(candidate, self.digest)


@dataclass
class PendingCode:
    """A password-reset code waiting to be confirmed."""

    code: str = field(repr=False)
    issued_at: float


@dataclass
class User:
    username: str  # the stored username (a UUID in pools that sign in with email/phone)
    sub: str
    created_as: str  # the name AdminCreateUser was given, for the code oracle
    attributes: dict[str, str]
    password: StoredPassword
    password_set_at: float
    created_at: float
    modified_at: float
    status: str = FORCE_CHANGE_PASSWORD
    enabled: bool = True
    reset_code: PendingCode | None = None
    deliveries: list[Delivery] = field(default_factory=list, repr=False)
    origin_jtis: set[str] = field(default_factory=set, repr=False)  # one per sign-in
    password_changes: list[float] = field(default_factory=list, repr=False)  # ChangePassword call times
    reset_requests: list[float] = field(default_factory=list, repr=False)  # ForgotPassword call times
    code_failures: list[float] = field(default_factory=list, repr=False)  # wrong codes entered, when
    earlier_passwords: list[StoredPassword] = field(default_factory=list, repr=False)  # newest last
    sms_mfa: bool = False  # SMS is one of the user's multi-factor authentication methods
    client_metadata: list[ClientMetadataReceived] = field(default_factory=list, repr=False)

    def recent_passwords(self, count: int) -> list[StoredPassword]:
        """The user's ``count`` most recent passwords, the current one first."""
        return [self.password, *reversed(self.earlier_passwords)][:count]

    def replace_password(self, password: StoredPassword) -> None:
        """Make ``password`` the current one, keeping the one it replaces in the history."""
        self.earlier_passwords = [*self.earlier_passwords, self.password][-PASSWORD_HISTORY_LIMIT:]
        self.password = password

    def public_attributes(self) -> list[dict[str, str]]:
        """Attributes in the API's ``[{Name, Value}]`` form, ``sub`` first."""
        listed = [{"Name": "sub", "Value": self.sub}]
        listed += [{"Name": name, "Value": value} for name, value in self.attributes.items()]
        return listed


@dataclass
class AppClient:
    id: str
    pool_id: str
    name: str
    explicit_auth_flows: tuple[str, ...]
    prevent_user_existence_errors: str
    auth_session_validity_minutes: int
    created_at: float
    echoed: dict[str, Any] = field(default_factory=dict)  # accepted settings reported back as given

    @property
    def hides_user_existence(self) -> bool:
        return self.prevent_user_existence_errors == "ENABLED"

    def allows(self, *flows: str) -> bool:
        return any(flow in self.explicit_auth_flows for flow in flows)


@dataclass
class Pool:
    id: str
    name: str
    policy: PasswordPolicy
    username_attributes: tuple[str, ...]
    case_sensitive: bool
    recovery_mechanisms: list[dict[str, Any]] | None
    created_at: float
    echoed: dict[str, Any] = field(default_factory=dict)  # accepted settings reported back as given
    users: dict[str, User] = field(default_factory=dict)  # keyed by Pool.username_key
    clients: dict[str, AppClient] = field(default_factory=dict)

    def username_key(self, username: str) -> str:
        return username if self.case_sensitive else username.lower()


@dataclass
class AuthSession:
    """The Session handed out with a NEW_PASSWORD_REQUIRED challenge."""

    token: str = field(repr=False)
    pool_id: str
    client_id: str
    username: str
    expires_at: float


@dataclass
class RefreshGrant:
    """What a refresh token stands for: one sign-in of one user through one client."""

    pool_id: str
    client_id: str
    username: str
    sub: str
    origin_jti: str
