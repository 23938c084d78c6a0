"""What every emulator target's tests check: a reset round trip through the code oracle, and a clean stop.

A round trip provisions a pool, creates a user, asks for a reset code, reads it back through the
target's ``last_delivery`` and confirms the reset with it. The code the oracle returns must be the
one the service accepts, and the new password must then sign in.
"""
from __future__ import annotations

import json
import os
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from localhost.processes import port_is_open
from targets.contract import Delivery, PoolRequest, ProvisionedPool, Target
from targets.moto.server import moto_server_process

PASSWORD = "Old-Passw0rd!x"
NEW_PASSWORD = "N3w-Passw0rd!x"

APP_CLIENT = {
    "ClientName": "round-trip",
    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    "PreventUserExistenceErrors": "ENABLED",
    "GenerateSecret": False,
}


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    """Server logs of the target under test go to the test's own folder."""
    monkeypatch.setenv("CONFORMANCE_LOG_DIR", str(tmp_path / "logs"))
    return tmp_path / "logs"


@pytest.fixture(scope="module")
def moto_server(tmp_path_factory):
    """A moto server of this environment on a free loopback port, standing in for an implementation."""
    pytest.importorskip("flask", reason="moto server is not installed: pip install -e '.[emulators]'")
    server = moto_server_process(tmp_path_factory.mktemp("moto") / "moto.log")
    server.start()
    yield server
    server.stop()


def pool_request(login: str) -> PoolRequest:
    """A pool that signs in with ``login`` ("email" or "phone_number") and recovers through it."""
    mechanism = "verified_email" if login == "email" else "verified_phone_number"
    return PoolRequest(
        pool={
            "PoolName": f"round-trip-{uuid.uuid4().hex[:6]}",
            "UsernameAttributes": [login],
            "AutoVerifiedAttributes": [login],
            "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": mechanism, "Priority": 1}]},
        },
        client=dict(APP_CLIENT),
    )


def unique_email() -> str:
    return f"round-trip+{uuid.uuid4().hex[:8]}@example.com"


def unique_phone() -> str:
    return f"+1555{uuid.uuid4().int % 10**7:07d}"


def create_user(target: Target, pool: ProvisionedPool, name: str, login: str) -> None:
    client = target.cognito_client()
    client.admin_create_user(
        UserPoolId=pool.pool_id, Username=name, TemporaryPassword=PASSWORD, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": login, "Value": name}, {"Name": f"{login}_verified", "Value": "true"}],
    )
    client.admin_set_user_password(UserPoolId=pool.pool_id, Username=name, Password=PASSWORD, Permanent=True)


@dataclass
class RoundTrip:
    pool: ProvisionedPool
    username: str
    reported: dict  # CodeDeliveryDetails as the service answered
    delivery: Delivery | None


def reset_round_trip(target: Target, login: str = "email") -> RoundTrip:
    """Provision, create a user, reset the password with the code the oracle reads; return what was seen."""
    pool = target.provision(pool_request(login))
    name = unique_email() if login == "email" else unique_phone()
    create_user(target, pool, name, login)
    client = target.cognito_client()
    assert target.last_delivery(pool.pool_id, name) is None, "a code was reported before any was requested"
    reported = client.forgot_password(ClientId=pool.client_id, Username=name)["CodeDeliveryDetails"]
    delivery = target.last_delivery(pool.pool_id, name)
    assert delivery is not None, "the oracle found no code after ForgotPassword"
    client.confirm_forgot_password(ClientId=pool.client_id, Username=name, ConfirmationCode=delivery.code,
                                   Password=NEW_PASSWORD)
    signed_in = client.initiate_auth(ClientId=pool.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                     AuthParameters={"USERNAME": name, "PASSWORD": NEW_PASSWORD})
    assert "AuthenticationResult" in signed_in, signed_in
    return RoundTrip(pool=pool, username=name, reported=reported, delivery=delivery)


def forgot_password_over_plain_http(target: Target, pool: ProvisionedPool, name: str) -> dict:
    """ForgotPassword sent to the target's endpoint by a client that is not botocore, as aws-amplify in
    Node is: nothing but the HTTP exchange tells the target that a code was asked for."""
    request = urllib.request.Request(
        target.endpoint_url(), method="POST", data=json.dumps({"ClientId": pool.client_id, "Username": name}).encode(),
        headers={"Content-Type": "application/x-amz-json-1.1",
                 "X-Amz-Target": "AWSCognitoIdentityProviderService.ForgotPassword"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def code_asked_over_plain_http_is_seen(target: Target) -> Delivery:
    """A reset asked for by a plain HTTP client: the oracle reports the code, and that code is accepted."""
    pool = target.provision(pool_request("email"))
    name = unique_email()
    create_user(target, pool, name, "email")
    reported = forgot_password_over_plain_http(target, pool, name)["CodeDeliveryDetails"]
    delivery = target.last_delivery(pool.pool_id, name)
    assert delivery is not None, "the oracle saw no code delivered to a client outside botocore"
    assert (delivery.medium, delivery.destination) == (reported["DeliveryMedium"], name)
    target.cognito_client().confirm_forgot_password(ClientId=pool.client_id, Username=name,
                                                    ConfirmationCode=delivery.code, Password=NEW_PASSWORD)
    return delivery


def newest_code_is_reported(target: Target) -> None:
    """Two ForgotPassword calls: the oracle reports the second code, and that code is accepted.

    Both emulators replace the stored code on each request, so confirming with the oracle's answer
    fails if the oracle still reported the first one.
    """
    pool = target.provision(pool_request("email"))
    name = unique_email()
    create_user(target, pool, name, "email")
    client = target.cognito_client()
    client.forgot_password(ClientId=pool.client_id, Username=name)
    first = target.last_delivery(pool.pool_id, name)
    client.forgot_password(ClientId=pool.client_id, Username=name)
    second = target.last_delivery(pool.pool_id, name)
    assert first is not None and second is not None
    client.confirm_forgot_password(ClientId=pool.client_id, Username=name, ConfirmationCode=second.code,
                                   Password=NEW_PASSWORD)


def process_is_gone(pid: int) -> bool:
    """Whether ``pid`` no longer runs (an exited process nobody has reaped yet counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in {"Z", "X"}


def port_is_free(port: int) -> bool:
    return not port_is_open(port)
