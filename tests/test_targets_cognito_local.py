"""The ``cognito-local`` target: the pinned npm package, run on a loopback port in its own folder.

These tests need Node.js and the package installed (``npm ci --prefix targets/node/cognito-local``;
``tox -e tests`` does it). Without them they are skipped, saying so.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from target_round_trip import (  # noqa: F401 (log_dir is a fixture)
    code_asked_over_plain_http_is_seen,
    log_dir,
    newest_code_is_reported,
    port_is_free,
    process_is_gone,
    reset_round_trip,
)
from targets import create_target
from targets.cognito_local.target import PACKAGE_DIR, PINS, START_SCRIPT, CognitoLocalTarget, installed_version
from targets.contract import SMS, SMS_MFA, TargetError
from targets.latency import LatencyTarget

needs_cognito_local = pytest.mark.skipif(
    shutil.which("node") is None or not START_SCRIPT.is_file(),
    reason="cognito-local is not installed: run npm ci --prefix targets/node/cognito-local (needs Node.js), "
           "or tox -e tests",
)


@pytest.fixture
def target(log_dir):
    target = CognitoLocalTarget()
    target.start()
    yield target
    target.stop()


@needs_cognito_local
def test_the_oracle_returns_the_code_cognito_local_issued_and_it_is_accepted(target):
    trip = reset_round_trip(target, "email")
    assert (trip.delivery.medium, trip.delivery.destination) == ("EMAIL", trip.username)
    assert trip.delivery.code.isdigit() and len(trip.delivery.code) == 6


@needs_cognito_local
def test_the_newest_of_two_codes_is_reported(target):
    newest_code_is_reported(target)


@needs_cognito_local
def test_the_oracle_sees_a_code_asked_for_by_any_client_at_the_endpoint(target):
    """The endpoint taps cognito-local's answers: a client that is not boto3 needs nothing of the target's."""
    delivery = code_asked_over_plain_http_is_seen(target)
    assert delivery.code.isdigit() and len(delivery.code) == 6


@needs_cognito_local
def test_the_oracle_sees_a_code_asked_for_through_a_latency_proxy(log_dir):
    target = LatencyTarget(CognitoLocalTarget(), delay=0.005)
    target.start()
    try:
        code_asked_over_plain_http_is_seen(target)
    finally:
        target.stop()


@needs_cognito_local
def test_the_working_folder_holds_the_configuration_cognito_local_needs(target):
    config = json.loads((target.workdir / ".cognito" / "config.json").read_text())
    assert config == {"UserPoolDefaults": {"UsernameAttributes": []}}
    # Without it every pool would sign in with email: a plain pool must stay plain.
    pool_id = target.cognito_client().create_user_pool(PoolName="plain")["UserPool"]["Id"]
    described = target.cognito_client().describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert not described.get("UsernameAttributes")


@needs_cognito_local
def test_a_fixed_code_in_the_environment_does_not_reach_the_server(log_dir, monkeypatch):
    # CODE= would make every code the same and hide whether cognito-local checks codes.
    monkeypatch.setenv("CODE", "000000")
    target = CognitoLocalTarget()
    target.start()
    try:
        trip = reset_round_trip(target, "email")
        assert trip.delivery.code != "000000"
    finally:
        target.stop()


@needs_cognito_local
def test_stop_leaves_no_process_no_port_and_no_working_folder_behind(log_dir):
    target = CognitoLocalTarget()
    target.start()
    pid, port, workdir = target.server.pid, target.server.port, target.workdir
    tap_port = int(target.endpoint_url().rpartition(":")[2])
    assert not process_is_gone(pid) and not port_is_free(port) and not port_is_free(tap_port)
    target.stop()
    assert process_is_gone(pid), f"cognito-local (pid {pid}) is still running"
    assert port_is_free(port), f"port {port} is still taken"
    assert port_is_free(tap_port), f"the tap's port {tap_port} is still taken"
    assert not workdir.exists()
    log = Path(target.info().details["log"])
    assert log.is_file() and f"as pid {pid} on 127.0.0.1:{port}" in log.read_text()


def test_a_missing_install_names_the_fix(log_dir, monkeypatch):
    monkeypatch.setattr("targets.cognito_local.target.START_SCRIPT", PACKAGE_DIR / "no-such-install" / "start.js")
    with pytest.raises(TargetError, match=r"npm ci --prefix targets/node/cognito-local.*tox -e cognito-local"):
        CognitoLocalTarget().start()


def test_another_installed_version_is_refused_naming_the_fix(log_dir, monkeypatch):
    monkeypatch.setattr("targets.cognito_local.target.shutil.which", lambda name: "/usr/bin/node")
    monkeypatch.setattr(PINS, "installed", lambda: {"cognito-local": "0.0.1"})
    with pytest.raises(TargetError, match=r"has cognito-local 0\.0\.1, not the pinned .*npm ci --prefix targets/node/cognito-local"):
        CognitoLocalTarget().start()


def test_a_missing_node_names_the_fix(log_dir, monkeypatch):
    monkeypatch.setattr("targets.cognito_local.target.shutil.which", lambda name: None)
    with pytest.raises(TargetError, match="Node.js"):
        CognitoLocalTarget().start()


def test_the_pinned_version_is_the_one_reported():
    pinned = json.loads((PACKAGE_DIR / "package.json").read_text())["dependencies"]["cognito-local"]
    lock = json.loads((PACKAGE_DIR / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/cognito-local"]["version"] == pinned
    if START_SCRIPT.is_file():
        assert installed_version() == pinned
        assert CognitoLocalTarget().info().version == pinned


def test_capabilities_and_registration():
    assert CognitoLocalTarget.capabilities == frozenset({SMS, SMS_MFA})
    assert isinstance(create_target("cognito-local"), CognitoLocalTarget)
