"""Definitions with a password history or SMS multi-factor authentication, in both mappings."""
from __future__ import annotations

import shutil

import pytest

from conformance.definitions import AuthDefinition, DefinitionError
from conformance.phrases import parse_definition
from conformance.definitions.amplify_backend.synthesizer import (
    AmplifyBackendDefinitions,
    construct_input,
    installed_versions,
)
from conformance.definitions.reference import ReferenceDefinitions

HISTORY = "Policies.PasswordPolicy.PasswordHistorySize"

needs_construct = pytest.mark.skipif(
    shutil.which("node") is None or None in installed_versions().values(),
    reason="@aws-amplify/auth-construct is not installed: run npm ci --prefix conformance/definitions/amplify_backend",
)


def test_the_phrases_name_a_history_override_and_optional_sms_mfa():
    definition = parse_definition('login by email and phone and accountRecovery "PHONE_AND_EMAIL" and a password '
                                  "history of 3 and optional multi-factor authentication by SMS")
    assert definition == AuthDefinition(login_with=frozenset({"email", "phone"}), account_recovery="PHONE_AND_EMAIL",
                                        pool_overrides=((HISTORY, 3),), sms_multifactor="OPTIONAL")
    assert "mfa=OPTIONAL+sms" in definition.describe()


def test_the_reference_mapping_puts_the_history_in_the_policy_and_maps_the_mfa_mode():
    reference = ReferenceDefinitions()
    pool = reference.synthesize(parse_definition("login by email and a password history of 3")).pool
    assert pool["Policies"]["PasswordPolicy"]["PasswordHistorySize"] == 3
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert "MfaConfiguration" not in pool
    optional = AuthDefinition(login_with=frozenset({"email"}), sms_multifactor="OPTIONAL")
    required = AuthDefinition(login_with=frozenset({"email"}), sms_multifactor="REQUIRED")
    assert reference.synthesize(optional).pool["MfaConfiguration"] == "OPTIONAL"
    assert reference.synthesize(required).pool["MfaConfiguration"] == "ON"


def test_an_unknown_mfa_mode_is_rejected_naming_it():
    with pytest.raises(DefinitionError, match="SOMETIMES"):
        ReferenceDefinitions().synthesize(AuthDefinition(login_with=frozenset({"email"}), sms_multifactor="SOMETIMES"))


def test_the_construct_is_given_multifactor_with_sms():
    definition = AuthDefinition(login_with=frozenset({"email"}), sms_multifactor="OPTIONAL")
    assert construct_input(definition)["multifactor"] == {"mode": "OPTIONAL", "sms": True}
    assert construct_input(AuthDefinition(login_with=frozenset({"email"})))["multifactor"] is None


@needs_construct
def test_the_construct_deploys_the_history_and_sms_mfa_without_its_sms_role(tmp_path):
    construct = AmplifyBackendDefinitions(cache_directory=tmp_path)
    try:
        pool = construct.synthesize(parse_definition(
            "login by email and a password history of 3 and optional multi-factor authentication by SMS")).pool
    finally:
        construct.close()
    assert pool["Policies"]["PasswordPolicy"]["PasswordHistorySize"] == 3
    assert pool["MfaConfiguration"] == "OPTIONAL"
    # EnabledMfas is no CreateUserPool parameter; the SMS role exists only once a stack is deployed.
    assert "EnabledMfas" not in pool and "SmsConfiguration" not in pool
