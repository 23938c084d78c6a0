"""Password rules of a Cognito user pool: its policy settings and the checks a password must pass.

Everything here is a pure function of its arguments, so every boundary can be tested directly.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_PASSWORD_LENGTH = 256
MIN_LENGTH_RANGE = (6, 99)
TEMPORARY_VALIDITY_RANGE = (0, 365)
HISTORY_SIZE_RANGE = (0, 24)
DEFAULT_TEMPORARY_VALIDITY_DAYS = 7

# The symbol set Cognito documents; an inner space counts too (handled in has_symbol).
SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-")
# The pattern Cognito named when refusing a password with a leading or trailing space (reported in
# cds-snc/platform-forms-client#5635, 2025; the published API model now says only [\S]+). Read as a
# Java regex, whose \s is ASCII-only without the UNICODE flag.
WHITESPACE = frozenset(" \t\n\x0b\x0c\r")
SHAPE_PATTERN = r"^[\S]+.*[\S]+$"

NOT_LONG_ENOUGH = "Password not long enough"
NEEDS_LOWERCASE = "Password must have lowercase characters"
NEEDS_UPPERCASE = "Password must have uppercase characters"
NEEDS_NUMBERS = "Password must have numeric characters"
NEEDS_SYMBOLS = "Password must have symbol characters"


class PolicySettingError(ValueError):
    """A PasswordPolicy setting is out of range; the message is Cognito's validation text."""


@dataclass(frozen=True)
class PasswordPolicy:
    """A pool's password policy with every field resolved (no "unset" values)."""

    minimum_length: int = 8
    require_uppercase: bool = True
    require_lowercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    temporary_password_validity_days: int = DEFAULT_TEMPORARY_VALIDITY_DAYS
    password_history_size: int | None = None

    @classmethod
    def from_request(cls, settings: Mapping[str, Any] | None) -> PasswordPolicy:
        """Resolve CreateUserPool's ``Policies.PasswordPolicy``; ``None`` means Cognito's default.

        A given policy leaves absent Require* flags false (they are plain booleans in the API),
        while absent numbers take Cognito's defaults. Raises :class:`PolicySettingError`.
        """
        if settings is None:
            return cls()
        minimum_length = _in_range(
            settings.get("MinimumLength", 8), MIN_LENGTH_RANGE, "minimumLength"
        )
        days = _in_range(
            settings.get("TemporaryPasswordValidityDays", 0),
            TEMPORARY_VALIDITY_RANGE,
            "temporaryPasswordValidityDays",
        )
        history = settings.get("PasswordHistorySize")
        if history is not None:
            history = _in_range(history, HISTORY_SIZE_RANGE, "passwordHistorySize")
        return cls(
            minimum_length=minimum_length,
            require_uppercase=bool(settings.get("RequireUppercase", False)),
            require_lowercase=bool(settings.get("RequireLowercase", False)),
            require_numbers=bool(settings.get("RequireNumbers", False)),
            require_symbols=bool(settings.get("RequireSymbols", False)),
            # 0 is how the API spells "unset".
            temporary_password_validity_days=days or DEFAULT_TEMPORARY_VALIDITY_DAYS,
            password_history_size=history,
        )

    def to_response(self) -> dict[str, Any]:
        """The policy as DescribeUserPool reports it."""
        response: dict[str, Any] = {
            "MinimumLength": self.minimum_length,
            "RequireUppercase": self.require_uppercase,
            "RequireLowercase": self.require_lowercase,
            "RequireNumbers": self.require_numbers,
            "RequireSymbols": self.require_symbols,
            "TemporaryPasswordValidityDays": self.temporary_password_validity_days,
        }
        # Cognito leaves a history of 0 out, as it does an absent one: neither is enforced.
        if self.password_history_size:
            response["PasswordHistorySize"] = self.password_history_size
        return response

    @property
    def remembered_passwords(self) -> int:
        """How many of a user's most recent passwords (the current one among them) cannot be chosen again."""
        return self.password_history_size or 0


def _in_range(value: Any, bounds: tuple[int, int], field: str) -> int:
    low, high = bounds
    path = f"policies.passwordPolicy.{field}"
    if not isinstance(value, int) or isinstance(value, bool):
        raise PolicySettingError(
            f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
            "constraint: Member must be an integer"
        )
    if value < low:
        raise PolicySettingError(
            f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
            f"constraint: Member must have value greater than or equal to {low}"
        )
    if value > high:
        raise PolicySettingError(
            f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
            f"constraint: Member must have value less than or equal to {high}"
        )
    return value


def shape_violations(password: str) -> list[str]:
    """The input constraints a password breaks (length cap, edge whitespace), in AWS's words."""
    broken = []
    if not password or password[0] in WHITESPACE or password[-1] in WHITESPACE:
        broken.append(f"Member must satisfy regular expression pattern: {SHAPE_PATTERN}")
    if len(password) > MAX_PASSWORD_LENGTH:
        broken.append(
            f"Member must have length less than or equal to {MAX_PASSWORD_LENGTH}"
        )
    return broken


def is_symbol(password: str, index: int) -> bool:
    """Whether the character at ``index`` counts as a symbol (a space only when inside)."""
    char = password[index]
    if char == " ":
        return 0 < index < len(password) - 1
    return char in SYMBOLS


# Cognito's case rules count Basic Latin letters only: not é, ß, ω, ж or the full-width ａ.
def has_lowercase(password: str) -> bool:
    return any("a" <= char <= "z" for char in password)


def has_uppercase(password: str) -> bool:
    return any("A" <= char <= "Z" for char in password)


def has_number(password: str) -> bool:
    return any("0" <= char <= "9" for char in password)


def has_symbol(password: str) -> bool:
    return any(is_symbol(password, index) for index in range(len(password)))


def first_policy_violation(password: str, policy: PasswordPolicy) -> str | None:
    """The reason for the first rule the password fails, or None when it conforms.

    Rules are checked in the order Cognito reports them: length, lowercase, uppercase,
    numbers, symbols. Length counts Unicode code points.
    """
    if len(password) < policy.minimum_length:
        return NOT_LONG_ENOUGH
    if policy.require_lowercase and not has_lowercase(password):
        return NEEDS_LOWERCASE
    if policy.require_uppercase and not has_uppercase(password):
        return NEEDS_UPPERCASE
    if policy.require_numbers and not has_number(password):
        return NEEDS_NUMBERS
    if policy.require_symbols and not has_symbol(password):
        return NEEDS_SYMBOLS
    return None
