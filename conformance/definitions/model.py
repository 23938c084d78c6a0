"""A backend's auth definition: the ``defineAuth`` props and backend overrides a scenario names."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LOGIN_OPTIONS = ("email", "phone")

# Every value the CDK AccountRecovery enum accepts through defineAuth's accountRecovery prop.
ACCOUNT_RECOVERY_VALUES = (
    "EMAIL_AND_PHONE_WITHOUT_MFA",
    "PHONE_WITHOUT_MFA_AND_EMAIL",
    "EMAIL_ONLY",
    "PHONE_ONLY_WITHOUT_MFA",
    "NONE",
    "PHONE_AND_EMAIL",
)

# defineAuth's multifactor modes (MfaConfiguration OPTIONAL and ON).
MULTIFACTOR_MODES = ("OPTIONAL", "REQUIRED")


class DefinitionError(ValueError):
    """A definition Amplify would reject before deploying it."""


@dataclass(frozen=True)
class AuthDefinition:
    """What ``amplify/auth/resource.ts`` and ``amplify/backend.ts`` say about auth.

    ``pool_overrides`` and ``client_overrides`` are ``addPropertyOverride(path, value)`` calls on
    the L1 ``cfnUserPool`` and ``cfnUserPoolClient``; ``assigned_password_policy`` holds the
    ``PasswordPolicy`` of an assignment ``cfnUserPool.policies = {passwordPolicy: {...}}``, as
    CloudFormation property pairs such as ``(("MinimumLength", 12),)``. ``sms_multifactor`` is the
    mode of ``multifactor: {mode, sms: true}``, the one MFA method a definition here can name.
    """

    login_with: frozenset[str]
    account_recovery: str | None = None
    pool_overrides: tuple[tuple[str, Any], ...] = ()
    client_overrides: tuple[tuple[str, Any], ...] = ()
    assigned_password_policy: tuple[tuple[str, Any], ...] | None = None
    sms_multifactor: str | None = None

    def validate(self) -> None:
        """Raise DefinitionError with one clear sentence if the definition cannot be deployed."""
        unknown = set(self.login_with) - set(LOGIN_OPTIONS)
        if unknown:
            raise DefinitionError(f"loginWith has unknown option(s) {sorted(unknown)}; use email and/or phone")
        if not self.login_with:
            raise DefinitionError("At least one of email or phone must be enabled in loginWith.")
        if self.account_recovery is not None and self.account_recovery not in ACCOUNT_RECOVERY_VALUES:
            raise DefinitionError(
                f"accountRecovery {self.account_recovery!r} is not one of {', '.join(ACCOUNT_RECOVERY_VALUES)}"
            )
        if self.sms_multifactor is not None and self.sms_multifactor not in MULTIFACTOR_MODES:
            raise DefinitionError(
                f"multifactor mode {self.sms_multifactor!r} is not one of {', '.join(MULTIFACTOR_MODES)}"
            )

    def describe(self) -> str:
        """A short human-readable label, used in pool names and messages."""
        parts = ["+".join(sorted(self.login_with)) or "no-login"]
        if self.account_recovery:
            parts.append(self.account_recovery)
        parts += [f"{path}={value}" for path, value in self.pool_overrides + self.client_overrides]
        if self.assigned_password_policy is not None:
            parts.append(f"policies={dict(self.assigned_password_policy)}")
        if self.sms_multifactor:
            parts.append(f"mfa={self.sms_multifactor}+sms")
        return " ".join(parts)
