"""Reading the words of the feature files: spans of time, contact details, surrounding whitespace and backend definitions.

Every sentence a step cannot read ends in a :class:`WordingError`, a mistake in a feature file and never
a failure of the target. Scenarios speak in phrases such as "6 days and 23 hours", "a verified email
address and an unverified phone number" or "login by email and accountRecovery "EMAIL_ONLY""; this
module turns them into values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from conformance.definitions import AuthDefinition


class WordingError(ValueError):
    """A scenario's wording could not be read: a mistake in a feature file, not in the target."""


_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_PART = re.compile(r"^(\d+) (second|minute|hour|day)s?$")


def parse_duration(text: str) -> int:
    """Seconds in ``text``: parts like "7 days", joined by "and" or commas."""
    parts = [p.strip() for p in re.split(r",|\band\b", text) if p.strip()]
    if not parts:
        raise WordingError(f"cannot read a duration from {text!r}")
    total = 0
    for part in parts:
        match = _PART.match(part)
        if not match:
            raise WordingError(f"cannot read a duration from {text!r}: {part!r}")
        total += int(match[1]) * _UNIT_SECONDS[match[2]]
    return total


_PHRASE = re.compile(
    r"^(?:(?P<none>no verified email address or phone number)"
    r"|(?:(?:a|an) (?P<email>verified|unverified) email address)?"
    r"(?:(?(email) and )(?:a|an) (?P<phone>verified|unverified) phone number)?)$"
)


@dataclass(frozen=True)
class ContactDetails:
    """Which of email and phone a user has, and whether each is verified."""

    email: bool = False
    email_verified: bool = False
    phone: bool = False
    phone_verified: bool = False

    @classmethod
    def from_phrase(cls, phrase: str) -> ContactDetails:
        """Read phrases such as "a verified email address and an unverified phone number"."""
        match = _PHRASE.match(phrase.strip())
        if not match or not phrase.strip():
            raise WordingError(f"cannot read contact details from {phrase!r}")
        if match["none"]:
            return cls()
        email, phone = match["email"], match["phone"]
        if email is None and phone is None:
            raise WordingError(f"cannot read contact details from {phrase!r}")
        return cls(
            email=email is not None,
            email_verified=email == "verified",
            phone=phone is not None,
            phone_verified=phone == "verified",
        )


def surround(password: str, whitespace: str, where: str) -> str:
    """``password`` with a space or tab placed before it, after it, or both."""
    character = {"space": " ", "tab": "\t"}[whitespace]
    before = character if where in ("before", "before and after") else ""
    after = character if where in ("after", "before and after") else ""
    if not (before or after):
        raise WordingError(f"unknown position {where!r}")
    return before + password + after


_LOGIN = re.compile(r"^login by (?P<login>email and phone|email|phone|nothing)(?P<rest>.*)$")
_LOGIN_OPTIONS = {
    "email and phone": frozenset({"email", "phone"}),
    "email": frozenset({"email"}),
    "phone": frozenset({"phone"}),
    "nothing": frozenset(),
}
_MODIFIERS = [
    (re.compile(r'^ and accountRecovery "(?P<value>[^"]*)"'), "recovery"),
    (re.compile(r"^ and user existence errors revealed"), "legacy"),
    (re.compile(r"^ and the minimum password length overridden to (?P<value>-?\d+)"), "override"),
    (re.compile(r"^ and its password policy assigned a minimum length of (?P<value>-?\d+)"), "assign"),
    (re.compile(r"^ and temporary passwords valid for (?P<value>\d+) days"), "assign_validity"),
    (re.compile(r"^ and a password history of (?P<value>-?\d+)"), "history"),
    (re.compile(r"^ and optional multi-factor authentication by SMS"), "sms_mfa"),
]
# The password policy settings a phrase overrides on the L1 user pool, by the phrase's kind.
_OVERRIDDEN_SETTINGS = {
    "override": "Policies.PasswordPolicy.MinimumLength",
    "history": "Policies.PasswordPolicy.PasswordHistorySize",
}


def parse_definition(phrase: str) -> AuthDefinition:
    """The definition ``phrase`` describes; ValueError when a part of it is not understood."""
    match = _LOGIN.match(phrase.strip())
    if not match:
        raise WordingError(f"cannot read a backend definition from {phrase!r}: it must start with 'login by'")
    fields: dict = {"login_with": _LOGIN_OPTIONS[match["login"]]}
    rest = match["rest"]
    while rest:
        for pattern, kind in _MODIFIERS:
            found = pattern.match(rest)
            if found:
                _apply(fields, kind, found.groupdict().get("value"))
                rest = rest[found.end():]
                break
        else:
            raise WordingError(f"cannot read {rest.strip()!r} in the backend definition {phrase!r}")
    return AuthDefinition(**fields)


def _apply(fields: dict, kind: str, value: str | None) -> None:
    if kind == "recovery":
        fields["account_recovery"] = value
    elif kind == "legacy":
        fields["client_overrides"] = fields.get("client_overrides", ()) + (("PreventUserExistenceErrors", "LEGACY"),)
    elif kind in _OVERRIDDEN_SETTINGS:  # cfnUserPool.addPropertyOverride(path, value)
        fields["pool_overrides"] = fields.get("pool_overrides", ()) + ((_OVERRIDDEN_SETTINGS[kind], int(value or 0)),)
    elif kind == "sms_mfa":
        fields["sms_multifactor"] = "OPTIONAL"
    elif kind == "assign":
        fields["assigned_password_policy"] = (
            ("MinimumLength", int(value or 0)),
            ("RequireLowercase", True),
            ("RequireUppercase", True),
            ("RequireNumbers", True),
            ("RequireSymbols", True),
        )
    elif kind == "assign_validity":
        if "assigned_password_policy" not in fields:
            raise WordingError("'temporary passwords valid for N days' belongs to an assigned password policy: "
                               "write it after 'its password policy assigned a minimum length of N'")
        fields["assigned_password_policy"] += (("TemporaryPasswordValidityDays", int(value or 0)),)


def parse_mechanisms(text: str) -> list[dict]:
    """Recovery mechanisms written "verified_email:1, verified_phone_number:2" as the API takes them."""
    mechanisms = []
    for part in text.split(","):
        name, _, priority = part.strip().partition(":")
        if not name or not priority.isdigit():
            raise WordingError(f"cannot read the recovery mechanism {part.strip()!r}: write name:priority")
        mechanisms.append({"Name": name, "Priority": int(priority)})
    return mechanisms
