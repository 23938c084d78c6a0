"""The reference definitions mapping against what the auth construct synthesizes (SPEC-FACTS §2)."""
from __future__ import annotations

import pytest

from conformance.definitions import (
    ACCOUNT_RECOVERY_VALUES,
    AuthDefinition,
    DefinitionError,
    create_definitions,
)
from conformance.definitions.reference import ReferenceDefinitions

EMAIL = frozenset({"email"})
PHONE = frozenset({"phone"})
BOTH = frozenset({"email", "phone"})

DEFAULT_POLICY = {
    "MinimumLength": 8,
    "RequireLowercase": True,
    "RequireUppercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
}
MIN_LENGTH = "Policies.PasswordPolicy.MinimumLength"


def synthesize(**fields):
    return ReferenceDefinitions().synthesize(AuthDefinition(**fields))


def mechanisms(pool):
    setting = pool.get("AccountRecoverySetting")
    if setting is None:
        return None
    return [(m["Name"], m["Priority"]) for m in setting["RecoveryMechanisms"]]


@pytest.mark.parametrize(
    ("login", "expected"),
    [
        (PHONE, [("verified_phone_number", 1)]),
        (EMAIL, [("verified_email", 1)]),
        (BOTH, [("verified_email", 1)]),
    ],
    ids=["phone", "email", "email+phone"],
)
def test_default_recovery_follows_the_login_option(login, expected):
    assert mechanisms(synthesize(login_with=login).pool) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("EMAIL_AND_PHONE_WITHOUT_MFA", [("verified_email", 1), ("verified_phone_number", 2)]),
        ("PHONE_WITHOUT_MFA_AND_EMAIL", [("verified_phone_number", 1), ("verified_email", 2)]),
        ("EMAIL_ONLY", [("verified_email", 1)]),
        ("PHONE_ONLY_WITHOUT_MFA", [("verified_phone_number", 1)]),
        ("NONE", [("admin_only", 1)]),
        ("PHONE_AND_EMAIL", None),
    ],
)
@pytest.mark.parametrize("login", [EMAIL, PHONE, BOTH], ids=["email", "phone", "email+phone"])
def test_every_account_recovery_value(value, expected, login):
    pool = synthesize(login_with=login, account_recovery=value).pool
    assert mechanisms(pool) == expected
    if expected is None:
        assert "AccountRecoverySetting" not in pool


def test_the_table_covers_every_accepted_value():
    assert set(ACCOUNT_RECOVERY_VALUES) == {
        "EMAIL_AND_PHONE_WITHOUT_MFA", "PHONE_WITHOUT_MFA_AND_EMAIL", "EMAIL_ONLY",
        "PHONE_ONLY_WITHOUT_MFA", "NONE", "PHONE_AND_EMAIL",
    }


@pytest.mark.parametrize(
    ("login", "attributes"),
    [(EMAIL, ["email"]), (PHONE, ["phone_number"]), (BOTH, ["email", "phone_number"])],
    ids=["email", "phone", "email+phone"],
)
def test_pool_signs_in_and_verifies_with_the_login_attributes(login, attributes):
    result = synthesize(login_with=login)
    assert sorted(result.pool["UsernameAttributes"]) == attributes
    assert sorted(result.pool["AutoVerifiedAttributes"]) == attributes
    assert sorted(result.outputs["username_attributes"]) == attributes


def test_pool_is_case_insensitive_with_self_sign_up():
    pool = synthesize(login_with=EMAIL).pool
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False


def test_default_password_policy():
    result = synthesize(login_with=EMAIL)
    policy = result.pool["Policies"]["PasswordPolicy"]
    assert policy == DEFAULT_POLICY
    assert "TemporaryPasswordValidityDays" not in policy
    assert result.outputs["password_policy"] == {
        "min_length": 8,
        "require_lowercase": True,
        "require_uppercase": True,
        "require_numbers": True,
        "require_symbols": True,
    }


def test_app_client():
    client = synthesize(login_with=EMAIL).client
    assert sorted(client["ExplicitAuthFlows"]) == sorted(
        ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
    )
    assert len(client["ExplicitAuthFlows"]) == 4
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["GenerateSecret"] is False


def test_revealing_user_existence_errors_changes_only_the_client():
    plain = synthesize(login_with=EMAIL)
    legacy = synthesize(login_with=EMAIL, client_overrides=(("PreventUserExistenceErrors", "LEGACY"),))
    assert legacy.client["PreventUserExistenceErrors"] == "LEGACY"
    assert legacy.pool == plain.pool


def test_override_changes_the_pool_but_not_amplify_outputs():
    result = synthesize(login_with=EMAIL, pool_overrides=((MIN_LENGTH, 32),))
    assert result.pool["Policies"]["PasswordPolicy"] == {**DEFAULT_POLICY, "MinimumLength": 32}
    assert result.outputs["password_policy"]["min_length"] == 8
    assert result.outputs["password_policy"]["require_symbols"] is True


def test_assigned_policy_changes_the_pool_and_amplify_outputs():
    assigned = tuple({**DEFAULT_POLICY, "MinimumLength": 12}.items())
    result = synthesize(login_with=EMAIL, assigned_password_policy=assigned)
    assert result.pool["Policies"]["PasswordPolicy"] == {**DEFAULT_POLICY, "MinimumLength": 12}
    assert result.outputs["password_policy"]["min_length"] == 12
    assert result.outputs["password_policy"]["require_uppercase"] is True


def test_synthesized_pools_do_not_share_state():
    first = synthesize(login_with=EMAIL)
    first.pool["Policies"]["PasswordPolicy"]["MinimumLength"] = 99
    first.client["ExplicitAuthFlows"].append("X")
    second = synthesize(login_with=EMAIL)
    assert second.pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert "X" not in second.client["ExplicitAuthFlows"]


@pytest.mark.parametrize("minimum", [5, 6, 99, 100])
def test_an_overridden_minimum_length_is_passed_on_as_the_construct_does(minimum):
    # Outside Cognito's 6 to 99 too: refusing the pool is the service's part.
    result = synthesize(login_with=EMAIL, pool_overrides=((MIN_LENGTH, minimum),))
    assert result.pool["Policies"]["PasswordPolicy"]["MinimumLength"] == minimum


@pytest.mark.parametrize("minimum", [5, 100])
def test_an_assigned_minimum_length_is_passed_on_as_the_construct_does(minimum):
    result = synthesize(login_with=EMAIL, assigned_password_policy=(("MinimumLength", minimum),))
    assert result.pool["Policies"]["PasswordPolicy"]["MinimumLength"] == minimum


def test_unknown_account_recovery_is_rejected_naming_the_value():
    with pytest.raises(DefinitionError, match="EMAIL_FIRST") as caught:
        synthesize(login_with=EMAIL, account_recovery="EMAIL_FIRST")
    assert "EMAIL_ONLY" in str(caught.value)  # names the choices


def test_empty_login_is_rejected():
    with pytest.raises(DefinitionError, match="At least one of email or phone must be enabled"):
        synthesize(login_with=frozenset())


def test_unknown_login_option_is_rejected():
    with pytest.raises(DefinitionError, match="username"):
        synthesize(login_with=frozenset({"username"}))


@pytest.mark.parametrize("path", ["Schema.0.Name", "LambdaConfig.CustomEmailSender", "MfaConfiguration"])
def test_unsupported_pool_override_is_rejected_naming_the_path(path):
    with pytest.raises(DefinitionError, match=path.replace(".", r"\.")):
        synthesize(login_with=EMAIL, pool_overrides=((path, "x"),))


def test_unsupported_client_override_is_rejected_naming_the_path():
    with pytest.raises(DefinitionError, match="GenerateSecret"):
        synthesize(login_with=EMAIL, client_overrides=(("GenerateSecret", True),))


def test_definition_is_hashable_and_describable():
    definition = AuthDefinition(login_with=BOTH, account_recovery="NONE", pool_overrides=((MIN_LENGTH, 32),))
    assert hash(definition) == hash(AuthDefinition(login_with=BOTH, account_recovery="NONE",
                                                   pool_overrides=((MIN_LENGTH, 32),)))
    assert definition.describe() == f"email+phone NONE {MIN_LENGTH}=32"


def test_create_definitions_by_name():
    assert create_definitions("reference").name == "reference"
    with pytest.raises(ValueError, match="choose one of amplify-backend, reference"):
        create_definitions("cdk")
