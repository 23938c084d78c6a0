"""The documented mapping from an auth definition to Cognito parameters.

It follows what ``@aws-amplify/auth-construct`` synthesizes (1.12.0), with one departure: the app
client also allows ``ALLOW_USER_PASSWORD_AUTH`` so that the suite can sign users in without SRP,
which emulators implement poorly. Amplify's own client signs in with SRP; nothing under test here
depends on how the session was obtained.

``multifactor: {mode, sms: true}`` becomes MfaConfiguration OPTIONAL or ON. The construct also
names the SMS role its stack creates (SmsConfiguration) and EnabledMfas; neither is a parameter a
target can be given before a deployment, so neither mapping passes them on (see the ``sms_mfa``
capability).
"""
from __future__ import annotations

import copy
from typing import Any

from conformance.definitions.model import AuthDefinition, DefinitionError
from conformance.definitions.synthesized import SynthesizedAuth

_ATTRIBUTE_OF_LOGIN = {"email": "email", "phone": "phone_number"}

_RECOVERY_MECHANISMS: dict[str, list[str] | None] = {
    "EMAIL_AND_PHONE_WITHOUT_MFA": ["verified_email", "verified_phone_number"],
    "PHONE_WITHOUT_MFA_AND_EMAIL": ["verified_phone_number", "verified_email"],
    "EMAIL_ONLY": ["verified_email"],
    "PHONE_ONLY_WITHOUT_MFA": ["verified_phone_number"],
    "NONE": ["admin_only"],
    # The construct omits the property: Cognito's legacy order (verified phone, then email) applies.
    "PHONE_AND_EMAIL": None,
}

_DEFAULT_PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireLowercase": True,
    "RequireUppercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
}

_MFA_CONFIGURATION = {"OPTIONAL": "OPTIONAL", "REQUIRED": "ON"}

_POOL_OVERRIDE_PREFIXES = ("Policies.PasswordPolicy.", "AccountRecoverySetting", "UsernameConfiguration.")
_CLIENT_OVERRIDE_PREFIXES = ("PreventUserExistenceErrors", "ExplicitAuthFlows")


def _allowed(path: str, allowed: tuple[str, ...]) -> bool:
    """A prefix ending in a dot admits any property below it; other entries admit themselves and below."""
    return any(path.startswith(p) if p.endswith(".") else path == p or path.startswith(p + ".") for p in allowed)

APP_CLIENT_AUTH_FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
SUITE_SIGN_IN_FLOW = "ALLOW_USER_PASSWORD_AUTH"


def default_recovery(login_with: frozenset[str]) -> str:
    """The accountRecovery value the construct picks when the definition names none."""
    return "PHONE_ONLY_WITHOUT_MFA" if login_with == frozenset({"phone"}) else "EMAIL_ONLY"


def _apply_override(properties: dict[str, Any], path: str, value: Any, allowed: tuple[str, ...]) -> None:
    if not _allowed(path, allowed):
        raise DefinitionError(f"the reference definitions cannot apply an override at {path!r}")
    *parents, leaf = path.split(".")
    node = properties
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value


class ReferenceDefinitions:
    """Turns definitions into CreateUserPool / CreateUserPoolClient parameters in Python."""

    name = "reference"

    def synthesize(self, definition: AuthDefinition) -> SynthesizedAuth:
        definition.validate()
        attributes = [_ATTRIBUTE_OF_LOGIN[option] for option in ("email", "phone") if option in definition.login_with]
        declared_policy = dict(_DEFAULT_PASSWORD_POLICY)
        if definition.assigned_password_policy is not None:
            declared_policy = dict(definition.assigned_password_policy)
        pool: dict[str, Any] = {
            "UsernameAttributes": list(attributes),
            "AutoVerifiedAttributes": list(attributes),
            "UsernameConfiguration": {"CaseSensitive": False},
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False},
            "Policies": {"PasswordPolicy": dict(declared_policy)},
        }
        mechanisms = _RECOVERY_MECHANISMS[definition.account_recovery or default_recovery(definition.login_with)]
        if mechanisms is not None:
            pool["AccountRecoverySetting"] = {
                "RecoveryMechanisms": [{"Name": name, "Priority": rank} for rank, name in enumerate(mechanisms, 1)]
            }
        if definition.sms_multifactor is not None:
            pool["MfaConfiguration"] = _MFA_CONFIGURATION[definition.sms_multifactor]
        for path, value in definition.pool_overrides:
            _apply_override(pool, path, value, _POOL_OVERRIDE_PREFIXES)

        client: dict[str, Any] = {
            "ExplicitAuthFlows": APP_CLIENT_AUTH_FLOWS + [SUITE_SIGN_IN_FLOW],
            "PreventUserExistenceErrors": "ENABLED",
            "GenerateSecret": False,
        }
        for path, value in definition.client_overrides:
            _apply_override(client, path, value, _CLIENT_OVERRIDE_PREFIXES)

        # A minimum length outside Cognito's 6 to 99 passes, as it passes the construct (an override or
        # an assigned policy bypasses the CDK's check): it is the service that refuses the pool.
        # amplify_outputs is generated from the construct's declared policies; property overrides
        # never reach it, which is why an override leaves the client-side policy behind.
        outputs = {
            "password_policy": {
                "min_length": declared_policy.get("MinimumLength", 8),
                "require_lowercase": declared_policy.get("RequireLowercase", False),
                "require_uppercase": declared_policy.get("RequireUppercase", False),
                "require_numbers": declared_policy.get("RequireNumbers", False),
                "require_symbols": declared_policy.get("RequireSymbols", False),
            },
            "username_attributes": list(attributes),
        }
        return SynthesizedAuth(pool=copy.deepcopy(pool), client=client, outputs=outputs)
