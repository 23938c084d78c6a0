"""The harness and the python client for password history, SMS MFA and clientMetadata, over the reference."""
from __future__ import annotations

import pytest

from conformance.clients.python import PythonDriver
from conformance.definitions.reference import ReferenceDefinitions
from conformance.harness import Harness, ScenarioSetupError
from conformance.phrases import ContactDetails, parse_definition
from conformance.session import Session
from targets.reference import ReferenceTarget
from test_python_client import CLIENT_ID, make_client

VERIFIED_BOTH = ContactDetails(email=True, email_verified=True, phone=True, phone_verified=True)
METADATA = {"campaign": "Spring-Sale", "note": "Grüße, 100%"}


@pytest.fixture
def harness():
    target, driver = ReferenceTarget(), PythonDriver(sleep=lambda _: None)
    driver.start(target)
    run = Session(target=target, definitions=ReferenceDefinitions(), client_driver=driver)
    return Harness(run)


def test_the_python_client_sends_client_metadata_unchanged_and_only_when_given():
    client, fake, _ = make_client(forgot_password={}, confirm_forgot_password={})
    client.reset_password("user@example.com", client_metadata=METADATA)
    client.confirm_reset_password("user@example.com", "123456", "NewPassword1!", client_metadata={})
    client.reset_password("user@example.com")
    assert [params.get("ClientMetadata") for _, params in fake.calls] == [METADATA, {}, None]
    assert fake.calls[0] == ("forgot_password", {"ClientId": CLIENT_ID, "Username": "user@example.com",
                                                 "ClientMetadata": METADATA})


def test_a_user_in_a_pool_with_a_history_is_created_and_its_earlier_passwords_are_kept(harness):
    harness.define_backend(parse_definition("login by email and a password history of 3"))
    user = harness.create_user(ContactDetails(email=True, email_verified=True))  # the invitation differs
    first = user.password
    harness.sign_in()
    harness.change_password_repeatedly(2)
    assert user.earlier_passwords[0] == first and len(user.earlier_passwords) == 2
    assert user.password_before(2) == first and user.password_before(1) == user.earlier_passwords[1]
    with pytest.raises(ScenarioSetupError, match="2 times in the set-up, not 3"):
        user.password_before(3)
    assert harness.update_password(first).error.name == "PasswordHistoryPolicyViolationException"


def test_client_metadata_received_is_what_the_call_under_test_brought(harness):
    harness.define_backend(parse_definition("login by email"))
    harness.create_user(ContactDetails(email=True, email_verified=True))
    with pytest.raises(ScenarioSetupError, match="no call under test gave client metadata"):
        harness.client_metadata_received()
    harness.reset_password(client_metadata=METADATA)
    harness.reset_password(client_metadata={"campaign": "Autumn"})
    assert harness.client_metadata_received() == {"campaign": "Autumn"}
    assert harness.confirm_with_delivered_code("N3w-Passw0rd!", client_metadata=METADATA).succeeded
    assert harness.client_metadata_received() == METADATA
    assert harness.client_metadata_sent == METADATA


def test_choosing_sms_mfa_sends_the_next_code_by_email(harness):
    harness.define_backend(parse_definition('login by email and phone and accountRecovery "PHONE_WITHOUT_MFA_AND_EMAIL"'
                                            " and optional multi-factor authentication by SMS"))
    harness.create_user(VERIFIED_BOTH)
    harness.choose_sms_mfa()
    harness.reset_password()
    assert harness.last_delivery().medium == "EMAIL"
