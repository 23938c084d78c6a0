"""From the construct's CloudFormation properties and outputs to API parameters and amplify_outputs.

Pure mapping tests: no Node.js needed.
"""
from __future__ import annotations

from conformance.definitions.amplify_backend.cloudformation import (
    amplify_outputs,
    client_parameters,
    is_intrinsic,
    pool_parameters,
)
from conformance.definitions.reference import SUITE_SIGN_IN_FLOW

CONSTRUCT_FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def test_properties_named_like_the_api_pass_through_unchanged():
    properties = {
        "Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireSymbols": True}},
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
        "UsernameAttributes": ["email"],
        "UsernameConfiguration": {"CaseSensitive": False},
        "Schema": [{"Name": "email", "Required": True, "Mutable": True}],
    }
    mapped = pool_parameters(properties)
    assert mapped.parameters == properties
    assert mapped.dropped == {}


def test_what_the_api_does_not_take_is_dropped_with_the_reason():
    mapped = pool_parameters({"EnabledMfas": ["SMS_MFA"], "UserPoolName": "app",
                              "Policies": {"PasswordPolicy": {"MinimumLength": 8, "Invented": 1}}})
    assert mapped.parameters == {"Policies": {"PasswordPolicy": {"MinimumLength": 8}}}
    assert mapped.dropped == {
        "EnabledMfas": "not a parameter of CreateUserPool",
        "UserPoolName": "the run names its pools and clients itself",
        "Policies.PasswordPolicy.Invented": "not a member of the API's structure",
    }


def test_values_only_a_deployment_resolves_are_dropped_with_their_structure():
    mapped = pool_parameters({"SmsConfiguration": {"ExternalId": "x", "SnsCallerArn": {"Fn::GetAtt": ["role", "Arn"]}},
                              "LambdaConfig": {"PreSignUp": {"Fn::GetAtt": ["fn", "Arn"]}},
                              "UserPoolTags": {"app": "demo"}})
    assert mapped.parameters == {"UserPoolTags": {"app": "demo"}}
    assert "SmsConfiguration" in mapped.dropped and "LambdaConfig" in mapped.dropped


def test_intrinsics_are_recognised():
    assert is_intrinsic({"Ref": "pool"}) and is_intrinsic({"Fn::GetAtt": ["a", "Arn"]})
    assert not is_intrinsic({"Name": "email"}) and not is_intrinsic("Ref") and not is_intrinsic({"Ref": 1, "x": 2})


def test_the_client_gets_the_suite_s_sign_in_flow_and_loses_its_pool_reference():
    mapped = client_parameters({"UserPoolId": {"Ref": "pool"}, "ExplicitAuthFlows": CONSTRUCT_FLOWS,
                                "PreventUserExistenceErrors": "ENABLED"})
    assert mapped.parameters == {"ExplicitAuthFlows": CONSTRUCT_FLOWS + [SUITE_SIGN_IN_FLOW],
                                 "PreventUserExistenceErrors": "ENABLED"}
    assert "UserPoolId" in mapped.dropped


def test_an_overridden_flow_list_stands_as_the_definition_wrote_it():
    mapped = client_parameters({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]}, flows_overridden=True)
    assert mapped.parameters["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH"]


def test_outputs_become_amplify_outputs_as_the_client_configuration_reads_them():
    outputs = amplify_outputs({
        "passwordPolicyMinLength": "8",
        "passwordPolicyRequirements": '["REQUIRES_NUMBERS","REQUIRES_LOWERCASE","REQUIRES_UPPERCASE"]',
        "usernameAttributes": '["email"]',
        "signupAttributes": '["email"]',
        "verificationMechanisms": '["email"]',
        "userPoolId": {"Ref": "pool"},
    })
    assert outputs == {
        "password_policy": {"min_length": 8, "require_lowercase": True, "require_uppercase": True,
                            "require_numbers": True, "require_symbols": False},
        "username_attributes": ["email"],
        "standard_required_attributes": ["email"],
        "user_verification_types": ["email"],
    }


def test_a_pool_without_policies_reports_no_password_policy():
    assert amplify_outputs({"passwordPolicyMinLength": "", "passwordPolicyRequirements": ""}) == {}
