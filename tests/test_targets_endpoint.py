"""The ``endpoint`` target: a URL and an implementer's code oracle, configured from the environment.

The end-to-end test follows the recipe in targets/endpoint.py, with a moto server standing in for
"your implementation" and targets.moto.example_endpoint_oracle as its oracle.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError

from localhost.processes import LocalServer
from target_round_trip import reset_round_trip
from targets import create_target
from targets.contract import CLOCK, SMS, Delivery, TargetError
from targets.endpoint import EndpointTarget

ROOT = Path(__file__).resolve().parent.parent
URL = "http://127.0.0.1:9"  # the discard port: nothing answers
ORACLE = "test_targets_endpoint:fixed_oracle"
DELIVERIES: dict[tuple[str, str], Delivery] = {}
CLOCK_MOVES: list[float] = []


def fixed_oracle(pool_id: str, username: str) -> Delivery | None:
    return DELIVERIES.get((pool_id, username))


def wrong_oracle(pool_id: str, username: str):
    return "123456"


def clock(seconds: float) -> None:
    CLOCK_MOVES.append(seconds)


def configured(**variables: str) -> EndpointTarget:
    return EndpointTarget({"CONFORMANCE_ENDPOINT_URL": URL, "CONFORMANCE_CODE_ORACLE": ORACLE, **variables})


def test_the_url_is_required_in_one_sentence():
    with pytest.raises(TargetError, match="needs CONFORMANCE_ENDPOINT_URL"):
        EndpointTarget({})


def test_a_url_must_be_http():
    with pytest.raises(TargetError, match="not an http"):
        EndpointTarget({"CONFORMANCE_ENDPOINT_URL": "127.0.0.1:9229", "CONFORMANCE_CODE_ORACLE": ORACLE})


def test_the_oracle_is_required_and_must_load():
    with pytest.raises(TargetError, match="needs CONFORMANCE_CODE_ORACLE"):
        EndpointTarget({"CONFORMANCE_ENDPOINT_URL": URL})
    with pytest.raises(TargetError, match="CONFORMANCE_CODE_ORACLE: .*no_such_module"):
        configured(CONFORMANCE_CODE_ORACLE="no_such_module:oracle")


def test_the_oracle_answers_last_delivery():
    delivery = Delivery("EMAIL", "a@example.com", "123456")
    DELIVERIES[("pool", "a@example.com")] = delivery
    target = configured()
    assert target.last_delivery("pool", "a@example.com") == delivery
    assert target.last_delivery("pool", "b@example.com") is None


def test_an_oracle_answer_that_is_not_a_delivery_is_an_error():
    target = configured(CONFORMANCE_CODE_ORACLE="test_targets_endpoint:wrong_oracle")
    with pytest.raises(TargetError, match="returned str"):
        target.last_delivery("pool", "a@example.com")


def test_capabilities_come_from_the_environment():
    assert configured().capabilities == frozenset()
    assert configured(CONFORMANCE_CAPABILITIES="sms").capabilities == frozenset({SMS})
    with pytest.raises(TargetError, match="unknown capabilities"):
        configured(CONFORMANCE_CAPABILITIES="sms, teleportation")


def test_a_declared_clock_needs_a_clock_hook():
    with pytest.raises(TargetError, match="CONFORMANCE_CLOCK"):
        configured(CONFORMANCE_CAPABILITIES="clock")
    target = configured(CONFORMANCE_CAPABILITIES="clock", CONFORMANCE_CLOCK="test_targets_endpoint:clock")
    assert CLOCK in target.capabilities
    target.advance_clock(3600)
    assert CLOCK_MOVES[-1] == 3600


def test_without_a_clock_advancing_it_is_refused():
    with pytest.raises(TargetError, match="cannot advance its clock"):
        configured().advance_clock(60)


def test_the_client_talks_to_the_url_without_retries_or_parameter_validation():
    client = configured().cognito_client()
    assert client.meta.endpoint_url == URL
    assert client.meta.config.retries["total_max_attempts"] == 1
    # A parameter of the wrong type reaches the wire (nothing listens on port 9) instead of being refused.
    with pytest.raises(EndpointConnectionError):
        client.forgot_password(ClientId=5, Username=["not", "a", "string"])


def test_an_unreachable_url_is_reported_at_start():
    with pytest.raises(TargetError, match="nothing answers at CONFORMANCE_ENDPOINT_URL=http://127.0.0.1:9"):
        configured().start()


def test_a_run_without_a_url_stops_at_once_with_one_sentence(monkeypatch, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFORMANCE_")}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "--target", "endpoint", "-q", "-p", "no:cacheprovider",
         "--results", str(tmp_path / "results.json")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode != 0
    assert "needs CONFORMANCE_ENDPOINT_URL" in completed.stderr + completed.stdout
    assert "Traceback" not in completed.stderr + completed.stdout


def test_the_recipe_end_to_end_with_moto_server_as_your_implementation(tmp_path, monkeypatch):
    pytest.importorskip("flask", reason="moto server is not installed: pip install -e '.[emulators]'")
    server = LocalServer("moto server", lambda port: [sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                                                      "-p", str(port)], log_path=tmp_path / "moto.log")
    server.start()
    try:
        monkeypatch.setenv("CONFORMANCE_ENDPOINT_URL", server.url)
        monkeypatch.setenv("CONFORMANCE_CODE_ORACLE", "targets.moto.example_endpoint_oracle:last_delivery")
        monkeypatch.setenv("CONFORMANCE_CAPABILITIES", "sms")
        target = create_target("endpoint")
        target.start()
        trip = reset_round_trip(target, "email")
        assert (trip.delivery.medium, trip.delivery.destination) == ("EMAIL", trip.username)
        target.stop()
    finally:
        server.stop()
