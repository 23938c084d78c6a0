"""``targets.moto.oracle_server``: the worked example of an HTTP code oracle, a tap in front of moto server
that answers the deliveries protocol. Driven here in-process, through the ``endpoint`` target."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from localhost.processes import free_port
from target_round_trip import (  # noqa: F401 (moto_server is a fixture)
    code_asked_over_plain_http_is_seen,
    create_user,
    moto_server,
    newest_code_is_reported,
    pool_request,
    reset_round_trip,
    unique_email,
)
from targets.endpoint import EndpointTarget
from targets.http_oracle import DELIVERIES_RESPONSE, schema_problem, validator

pytest.importorskip("flask", reason="moto server is not installed: pip install -e '.[emulators]'")

from targets.moto.oracle_server import MotoOracleServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def oracle(moto_server):
    server = MotoOracleServer(moto_server.url).start()
    yield server
    server.stop()


@pytest.fixture
def target(oracle):
    target = EndpointTarget({"CONFORMANCE_ENDPOINT_URL": oracle.url, "CONFORMANCE_CODE_ORACLE": oracle.oracle_url,
                             "CONFORMANCE_CAPABILITIES": "sms,delivery_log"})
    target.start()
    yield target
    target.stop()


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_a_reset_round_trip_through_the_http_oracle(target):
    trip = reset_round_trip(target, "email")
    assert (trip.delivery.medium, trip.delivery.destination) == ("EMAIL", trip.username)


def test_a_phone_pool_user_gets_the_code_by_sms(target):
    trip = reset_round_trip(target, "phone_number")
    assert (trip.delivery.medium, trip.delivery.destination) == ("SMS", trip.username)


def test_the_newest_of_two_codes_is_the_last_delivery(target):
    newest_code_is_reported(target)


def test_a_code_asked_for_by_any_client_at_the_tap_is_seen(target):
    code_asked_over_plain_http_is_seen(target)


def test_every_delivery_is_listed_oldest_first_as_the_schema_says(target, oracle):
    pool = target.provision(pool_request("email"))
    name = unique_email()
    create_user(target, pool, name, "email")
    client = target.cognito_client()
    client.forgot_password(ClientId=pool.client_id, Username=name)
    client.forgot_password(ClientId=pool.client_id, Username=name)
    query = urlencode({"userPoolId": pool.pool_id, "username": name})  # a "+" in the address must be encoded
    status, document = get(f"{oracle.oracle_url}/deliveries?{query}")
    assert status == 200 and schema_problem(validator(DELIVERIES_RESPONSE), document) is None
    assert [(d["medium"], d["destination"]) for d in document["deliveries"]] == [("EMAIL", name)] * 2
    log = target.deliveries(pool.pool_id, name)
    assert [d.code for d in log] == [d["code"] for d in document["deliveries"]]
    assert target.last_delivery(pool.pool_id, name) == log[-1]
    # the newest code is the one moto accepts
    client.confirm_forgot_password(ClientId=pool.client_id, Username=name, ConfirmationCode=log[-1].code,
                                   Password="N3w-Passw0rd!x")


def test_a_user_nothing_was_delivered_to_has_an_empty_list(target, oracle):
    pool = target.provision(pool_request("email"))
    assert get(f"{oracle.oracle_url}/deliveries?userPoolId={pool.pool_id}&username=nobody%40example.com") == (
        200, {"deliveries": []})


def test_a_question_without_pool_or_name_is_refused(oracle):
    status, document = get(f"{oracle.oracle_url}/deliveries?userPoolId=us-east-1_abc")
    assert status == 400 and "userPoolId and username" in document["message"]


def test_only_get_is_answered(oracle):
    request = urllib.request.Request(f"{oracle.oracle_url}/deliveries", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 405


def test_an_oracle_that_cannot_read_says_so_instead_of_answering_nothing(oracle, monkeypatch):
    def broken(pool_id: str, name: str):
        raise RuntimeError("moto went away")
    monkeypatch.setattr(oracle, "_lookup", broken)
    monkeypatch.setattr(oracle._codes, "_lookup_user", broken)
    status, document = get(f"{oracle.oracle_url}/deliveries?userPoolId=us-east-1_abc&username=someone")
    assert status == 500 and "RuntimeError: moto went away" in document["message"]


def test_other_requests_go_to_moto_unchanged(oracle):
    with urllib.request.urlopen(f"{oracle.url}/moto-api/data.json", timeout=10) as response:
        assert "cognitoidp" in json.loads(response.read())


def test_without_moto_server_the_command_stops_in_one_sentence():
    url = f"http://127.0.0.1:{free_port()}"
    completed = subprocess.run([sys.executable, "-m", "targets.moto.oracle_server", "--moto-url", url],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert completed.stderr.startswith(f"error: nothing answers at --moto-url {url} (")
    assert completed.stderr.strip().endswith("start moto server first")
    assert "Traceback" not in completed.stderr and completed.stdout == ""
