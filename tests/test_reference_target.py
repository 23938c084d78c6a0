"""The reference target as the suite sees it: the contract, the code oracle, the clock, the wire."""
from __future__ import annotations

import json
import time

import pytest
from botocore.exceptions import ClientError

from targets.contract import CLIENT_METADATA, CLOCK, DELIVERY_LOG, RATE_LIMITS, SMS, SMS_MFA, PoolRequest, Target
from targets.reference import ReferenceHttpTarget, ReferenceTarget, ServiceError, UserPoolService
from targets.reference import protocol

POOL = {
    "PoolName": "p",
    "UsernameAttributes": ["email", "phone_number"],
    "AccountRecoverySetting": {
        "RecoveryMechanisms": [
            {"Name": "verified_email", "Priority": 1},
            {"Name": "verified_phone_number", "Priority": 2},
        ]
    },
}
CLIENT = {"ClientName": "c", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"]}


def provision(target: ReferenceTarget):
    return target.provision(PoolRequest(pool=POOL, client=CLIENT))


def add_user(target: ReferenceTarget, pool_id: str, username: str, *attributes: tuple) -> None:
    cognito = target.cognito_client()
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        UserAttributes=[{"Name": n, "Value": v} for n, v in attributes],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password="Passw0rd!", Permanent=True
    )


def test_declares_itself() -> None:
    target = ReferenceTarget()
    assert isinstance(target, Target)
    assert target.name == "reference"
    assert target.capabilities == {CLOCK, SMS, DELIVERY_LOG, RATE_LIMITS, SMS_MFA, CLIENT_METADATA}
    info = target.info()
    assert (info.name, info.version, info.details) == ("reference", "0.1.0", {})
    assert target.endpoint_url() is None


def test_client_is_reused_and_instances_are_independent() -> None:
    first, second = ReferenceTarget(), ReferenceTarget()
    assert first.cognito_client() is first.cognito_client()
    pool_id = provision(first).pool_id
    with pytest.raises(ClientError) as raised:
        second.cognito_client().describe_user_pool(UserPoolId=pool_id)
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_code_oracle_answers_by_the_name_the_user_was_created_with() -> None:
    target = ReferenceTarget()
    pool = provision(target)
    add_user(target, pool.pool_id, "ann@example.com", ("email_verified", "true"))
    assert target.last_delivery(pool.pool_id, "ann@example.com") is None
    target.cognito_client().forgot_password(ClientId=pool.client_id, Username="ann@example.com")
    first = target.last_delivery(pool.pool_id, "ann@example.com")
    target.cognito_client().forgot_password(ClientId=pool.client_id, Username="ANN@example.com")
    newest = target.last_delivery(pool.pool_id, "ann@example.com")
    assert first is not None and newest is not None and newest is not first
    assert (newest.medium, newest.destination) == ("EMAIL", "ann@example.com")
    assert target.last_delivery(pool.pool_id, "nobody@example.com") is None
    assert target.last_delivery("us-east-1_missing", "ann@example.com") is None


def test_code_oracle_follows_the_user_after_an_address_change() -> None:
    target = ReferenceTarget()
    pool = provision(target)
    add_user(target, pool.pool_id, "+15555556828", ("phone_number_verified", "true"))
    target.cognito_client().admin_update_user_attributes(
        UserPoolId=pool.pool_id,
        Username="+15555556828",
        UserAttributes=[{"Name": "phone_number", "Value": "+15555550000"},
                        {"Name": "phone_number_verified", "Value": "true"}],
    )
    target.cognito_client().forgot_password(ClientId=pool.client_id, Username="+15555550000")
    delivery = target.last_delivery(pool.pool_id, "+15555556828")
    assert delivery is not None
    assert (delivery.medium, delivery.destination) == ("SMS", "+15555550000")


def test_advance_clock_moves_the_service_clock() -> None:
    target = ReferenceTarget()
    before = target.service.clock.now()
    target.advance_clock(90)
    assert target.service.clock.now() == before + 90


def test_a_client_s_wait_passes_on_the_service_clock_in_process_and_in_real_time_over_http() -> None:
    target = ReferenceTarget()  # its clock stands still until advanced
    before, started = target.service.clock.now(), time.perf_counter()
    target.wait(30)
    assert target.service.clock.now() == before + 30 and time.perf_counter() - started < 1
    served = ReferenceHttpTarget()  # its clock follows wall time: waiting is sleeping
    started = time.perf_counter()
    served.wait(0.05)
    assert time.perf_counter() - started >= 0.05


def test_a_mutant_is_a_short_subclass() -> None:
    class NoFallback(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            return None

    target = ReferenceTarget(service_factory=NoFallback)
    assert target.info().details["service"].endswith("NoFallback")
    pool = provision(target)
    add_user(target, pool.pool_id, "bo@example.com", ("email_verified", "true"))
    with pytest.raises(ClientError) as raised:
        target.cognito_client().forgot_password(ClientId=pool.client_id, Username="bo@example.com")
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"


def test_service_is_usable_without_botocore() -> None:
    service = UserPoolService()
    pool_id = service.handle("CreateUserPool", {"PoolName": "p"})["UserPool"]["Id"]
    assert service.handle("DescribeUserPool", {"UserPoolId": pool_id})["UserPool"]["Name"] == "p"
    with pytest.raises(ServiceError) as raised:
        service.handle("DescribeUserPool", {})
    assert raised.value.code == "InvalidParameterException"
    assert "Member must not be null" in raised.value.message
    with pytest.raises(ServiceError) as raised:
        service.handle("AdminListGroupsForUser", {})
    assert (raised.value.code, raised.value.status) == ("InvalidAction", 400)


def test_protocol_frames_successes_and_errors() -> None:
    service = UserPoolService()
    target = protocol.TARGET_PREFIX + "CreateUserPool"
    status, headers, body = protocol.answer(service, target, b'{"PoolName": "p"}')
    assert status == 200 and headers["Content-Type"] == "application/x-amz-json-1.1"
    assert json.loads(body)["UserPool"]["Name"] == "p"
    assert headers["Content-Length"] == str(len(body))

    status, headers, body = protocol.answer(service, target, b"{not json")
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "SerializationException:"
    assert json.loads(body)["__type"] == "SerializationException"

    status, headers, body = protocol.answer(service, None, b"{}")
    assert (status, json.loads(body)["__type"]) == (400, "InvalidAction")


def test_secrets_stay_out_of_reprs() -> None:
    target = ReferenceTarget()
    pool = provision(target)
    add_user(target, pool.pool_id, "cy@example.com", ("email_verified", "true"))
    target.cognito_client().forgot_password(ClientId=pool.client_id, Username="cy@example.com")
    user = target.service.find_user(target.service.pools[pool.pool_id], "cy@example.com")
    code = target.last_delivery(pool.pool_id, "cy@example.com").code
    assert "Passw0rd!" not in repr(user) and code not in repr(user)
