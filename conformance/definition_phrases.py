"""Reading a backend definition from the words a scenario uses.

"login by email and phone and accountRecovery "EMAIL_ONLY"" becomes
``AuthDefinition(login_with={"email", "phone"}, account_recovery="EMAIL_ONLY")``. Each phrase after
the login options stands for one line of ``amplify/auth/resource.ts`` or ``amplify/backend.ts``.
"""
from __future__ import annotations

import re

from conformance.definitions import AuthDefinition
from conformance.wording import WordingError

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
