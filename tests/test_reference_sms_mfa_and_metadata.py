"""The reference's SMS multi-factor authentication in account recovery, and the ClientMetadata it hands on."""
from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from targets.contract import CLIENT_METADATA, CapabilityMissing, PoolRequest, Target
from targets.latency import LatencyTarget
from targets.reference import ReferenceTarget
from targets.reference.recovery import EMAIL, SMS, choose_channel

PHONE_THEN_EMAIL = [{"Name": "verified_phone_number", "Priority": 1}, {"Name": "verified_email", "Priority": 2}]
PHONE_ONLY = [{"Name": "verified_phone_number", "Priority": 1}]
BOTH_VERIFIED = {"email": "a@example.com", "email_verified": "true",
                 "phone_number": "+15555550100", "phone_number_verified": "true"}
CLIENT = {"ClientName": "c", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"], "PreventUserExistenceErrors": "ENABLED"}
PASSWORD = "Aa1!passw0rd"


@pytest.mark.parametrize(
    ("mechanisms", "sms_mfa", "expected"),
    [
        (PHONE_THEN_EMAIL, False, SMS),
        (PHONE_THEN_EMAIL, True, EMAIL),  # the MFA phone does not qualify: priority 2 serves
        (PHONE_ONLY, True, None),
        (None, True, SMS),  # no setting: Cognito's legacy order still uses the phone
    ],
)
def test_a_recovery_setting_passes_over_the_sms_mfa_phone(mechanisms, sms_mfa, expected) -> None:
    assert choose_channel(mechanisms, BOTH_VERIFIED, sms_mfa=sms_mfa) is expected


class World:
    def __init__(self, mechanisms: list[dict[str, Any]] | None = PHONE_THEN_EMAIL) -> None:
        self.target = ReferenceTarget()
        self.cognito = self.target.cognito_client()
        pool: dict[str, Any] = {"PoolName": "p", "UsernameAttributes": ["email"], "MfaConfiguration": "OPTIONAL"}
        if mechanisms:
            pool["AccountRecoverySetting"] = {"RecoveryMechanisms": mechanisms}
        provisioned = self.target.provision(PoolRequest(pool=pool, client=CLIENT))
        self.pool_id, self.client_id = provisioned.pool_id, provisioned.client_id

    def add_user(self, name: str, **attributes: str) -> None:
        self.cognito.admin_create_user(UserPoolId=self.pool_id, Username=name, MessageAction="SUPPRESS",
                                       UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
        self.cognito.admin_set_user_password(UserPoolId=self.pool_id, Username=name, Password=PASSWORD, Permanent=True)

    def prefer_sms(self, name: str, enabled: bool = True) -> None:
        self.cognito.admin_set_user_mfa_preference(UserPoolId=self.pool_id, Username=name,
                                                   SMSMfaSettings={"Enabled": enabled, "PreferredMfa": enabled})


def test_sms_mfa_preference_is_kept_and_reported() -> None:
    world = World()
    world.add_user("bo@example.com", phone_number="+15555550100", phone_number_verified="true")
    world.prefer_sms("bo@example.com")
    user = world.cognito.admin_get_user(UserPoolId=world.pool_id, Username="bo@example.com")
    assert (user["UserMFASettingList"], user["PreferredMfaSetting"]) == (["SMS_MFA"], "SMS_MFA")
    world.prefer_sms("bo@example.com", enabled=False)
    assert "UserMFASettingList" not in world.cognito.admin_get_user(UserPoolId=world.pool_id, Username="bo@example.com")


def test_sms_mfa_needs_a_phone_number_and_other_methods_are_not_implemented() -> None:
    world = World()
    world.add_user("cy@example.com")
    with pytest.raises(ClientError) as raised:
        world.prefer_sms("cy@example.com")
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as raised:
        world.cognito.admin_set_user_mfa_preference(UserPoolId=world.pool_id, Username="cy@example.com",
                                                    SoftwareTokenMfaSettings={"Enabled": True})
    assert "does not implement SoftwareTokenMfaSettings" in raised.value.response["Error"]["Message"]


@pytest.mark.parametrize(("mechanisms", "medium"), [(PHONE_THEN_EMAIL, "EMAIL"), (None, "SMS")])
def test_forgot_password_honours_the_sms_mfa_preference(mechanisms, medium) -> None:
    world = World(mechanisms)
    world.add_user("di@example.com", **{k: v for k, v in BOTH_VERIFIED.items() if k != "email"})
    world.prefer_sms("di@example.com")
    details = world.cognito.forgot_password(ClientId=world.client_id, Username="di@example.com")["CodeDeliveryDetails"]
    assert details["DeliveryMedium"] == medium
    assert world.target.last_delivery(world.pool_id, "di@example.com").medium == medium


def test_the_triggers_get_the_client_metadata_of_a_sent_code_and_of_a_completed_reset() -> None:
    world = World([{"Name": "verified_email", "Priority": 1}])
    world.add_user("ed@example.com", email_verified="true")
    world.cognito.forgot_password(ClientId=world.client_id, Username="ed@example.com")  # carries none
    world.cognito.forgot_password(ClientId=world.client_id, Username="ed@example.com",
                                  ClientMetadata={"campaign": "Spring", "note": "Grüße"})
    code = world.target.last_delivery(world.pool_id, "ed@example.com").code
    confirm = world.cognito.confirm_forgot_password
    with pytest.raises(ClientError):  # a refused confirmation reaches no trigger
        confirm(ClientId=world.client_id, Username="ed@example.com", ConfirmationCode=code, Password="short",
                ClientMetadata={"step": "refused"})
    confirm(ClientId=world.client_id, Username="ed@example.com", ConfirmationCode=code, Password="Aa1!new-passw0rd",
            ClientMetadata={"step": "2"})
    received = world.target.client_metadata(world.pool_id, "ed@example.com")
    assert [(r.operation, r.metadata) for r in received] == [
        ("ForgotPassword", {"campaign": "Spring", "note": "Grüße"}),
        ("ConfirmForgotPassword", {"step": "2"}),
    ]
    assert world.target.client_metadata(world.pool_id, "nobody@example.com") == []
    assert world.target.client_metadata("us-east-1_unknown", "ed@example.com") == []


def test_a_target_without_the_capability_says_so_and_a_latency_proxy_forwards_it() -> None:
    class Bare(Target):
        name = "bare"

        def cognito_client(self) -> Any:
            raise AssertionError("not used")

        def last_delivery(self, pool_id: str, username: str) -> None:
            return None

    with pytest.raises(CapabilityMissing, match="ClientMetadata"):
        Bare().client_metadata("pool", "user")
    inner = ReferenceTarget()
    assert CLIENT_METADATA in LatencyTarget(inner, 0).capabilities
    assert LatencyTarget(inner, 0).client_metadata("pool", "user") == []
