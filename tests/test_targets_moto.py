"""The ``moto`` target: moto's cognito-idp in-process, and its header-based code oracle."""
from __future__ import annotations

from importlib.metadata import version

import pytest

from target_round_trip import create_user, newest_code_is_reported, pool_request, reset_round_trip, unique_email
from targets import create_target
from targets.contract import CLOCK, RATE_LIMITS, SMS, SMS_MFA, TargetError

pytest.importorskip("moto", reason="moto is not installed: pip install -e '.[emulators]'")

from targets.moto.inprocess import MotoTarget  # noqa: E402


@pytest.fixture
def target():
    target = MotoTarget()
    target.start()
    yield target
    target.stop()


def test_the_oracle_returns_the_code_moto_issued_and_moto_accepts_it(target):
    trip = reset_round_trip(target, "email")
    assert trip.delivery.medium == "EMAIL"
    assert trip.delivery.destination == trip.username  # unmasked, where moto says it sent the code
    assert trip.delivery.code.startswith("moto-confirmation-code:")


def test_a_phone_pool_user_is_found_by_the_number_they_were_created_with(target):
    # In a phone pool moto files the user under a generated id; the oracle resolves the number.
    trip = reset_round_trip(target, "phone_number")
    assert (trip.delivery.medium, trip.delivery.destination) == ("SMS", trip.username)


def test_the_newest_of_two_codes_is_reported(target):
    newest_code_is_reported(target)


def test_no_code_is_reported_for_an_unknown_user_or_a_failed_request(target):
    client = target.cognito_client()
    pool = target.provision(pool_request("email"))
    stranger = unique_email()
    client.forgot_password(ClientId=pool.client_id, Username=stranger)  # moto answers 200 without a code
    assert target.last_delivery(pool.pool_id, stranger) is None

    request = pool_request("email")
    request.pool["AccountRecoverySetting"] = {"RecoveryMechanisms": [{"Name": "admin_only", "Priority": 1}]}
    admin_only = target.provision(request)
    name = unique_email()
    create_user(target, admin_only, name, "email")
    with pytest.raises(client.exceptions.NotAuthorizedException):
        client.forgot_password(ClientId=admin_only.client_id, Username=name)
    # moto stored a code on the user before refusing, but delivered none: the oracle says so.
    assert target.last_delivery(admin_only.pool_id, name) is None


def test_the_oracle_does_not_count_as_a_request_of_the_scenario(target):
    calls = []
    client = target.cognito_client()
    client.meta.events.register("before-call.cognito-idp", lambda **_: calls.append(1))
    pool = target.provision(pool_request("email"))
    calls.clear()
    target.last_delivery(pool.pool_id, unique_email())
    assert calls == []


def test_capabilities_are_only_what_moto_has():
    assert MotoTarget.capabilities == frozenset({SMS, SMS_MFA})
    assert CLOCK not in MotoTarget.capabilities and RATE_LIMITS not in MotoTarget.capabilities


def test_info_names_the_moto_version():
    assert MotoTarget().info().version == version("moto")


def test_no_client_is_handed_out_outside_the_mock():
    # Without mock_aws a boto3 client would talk to AWS itself.
    target = MotoTarget()
    with pytest.raises(TargetError):
        target.cognito_client()
    target.start()
    target.cognito_client()
    target.stop()
    with pytest.raises(TargetError):
        target.cognito_client()


def test_it_is_a_built_in_target():
    assert isinstance(create_target("moto"), MotoTarget)
