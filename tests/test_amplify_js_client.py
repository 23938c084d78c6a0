"""``--client amplify-js`` end to end: the harness drives the real aws-amplify against reference-http.

Needs Node.js and aws-amplify installed (``npm ci --prefix conformance/clients/amplify_js``;
``tox -e tests`` does it); skipped, saying so, without them.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.clients import AuthError, ClientUnavailable
from conformance.clients.amplify_js import AmplifyJsDriver
from conformance.clients.amplify_js import client as amplify_js_client
from conformance.definitions import AuthDefinition
from conformance.definitions.reference import ReferenceDefinitions
from conformance.harness import Harness
from conformance.phrases import ContactDetails
from conformance.session import Session
from conformance.test_data import compliant_password
from localhost.node import BridgeError
from target_round_trip import log_dir  # noqa: F401 (a fixture)
from targets import create_target
from targets.cognito_local.target import START_SCRIPT as COGNITO_LOCAL_START
from targets.contract import Target
from targets.latency import LatencyTarget
from targets.reference import ReferenceHttpTarget, ReferenceTarget
from test_amplify_js_bridge import needs_amplify_js, process_is_gone

ROOT = Path(__file__).resolve().parent.parent
EMAIL = AuthDefinition(login_with=frozenset({"email"}))
VERIFIED_EMAIL = ContactDetails(email=True, email_verified=True)

pytestmark = needs_amplify_js


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    served = ReferenceHttpTarget()
    served.start()
    yield served
    served.stop()


@pytest.fixture(scope="module")
def driver(target):
    started = AmplifyJsDriver()
    started.start(target)
    yield started
    started.stop()


@pytest.fixture
def run(target, driver):
    return Session(target=target, definitions=ReferenceDefinitions(), client_driver=driver)


@pytest.fixture
def harness(run):
    return Harness(run)


def email_user(harness: Harness):
    harness.define_backend(EMAIL)
    return harness.create_user(VERIFIED_EMAIL)


def test_the_reset_round_trip_goes_through_the_library(harness):
    user = email_user(harness)
    requested = harness.reset_password()
    assert requested.value["isPasswordReset"] is False
    assert requested.value["nextStep"]["resetPasswordStep"] == "CONFIRM_RESET_PASSWORD_WITH_CODE"
    details = requested.value["nextStep"]["codeDeliveryDetails"]
    assert details["deliveryMedium"] == "EMAIL" and details["attributeName"] == "email"
    assert details["destination"].startswith(user.email[0] + "***@")
    assert requested.service_calls == 1
    new_password = compliant_password(16)
    confirmed = harness.confirm_with_delivered_code(new_password)
    assert confirmed.succeeded and confirmed.value is None and confirmed.service_calls == 1
    assert harness.can_sign_in(new_password) and not harness.can_sign_in(user.password)


def test_service_errors_come_back_with_the_library_s_name_and_message(harness):
    email_user(harness)
    harness.reset_password()
    outcome = harness.confirm_with_wrong_code(compliant_password(16))
    assert outcome.error.name == "CodeMismatchException"
    assert outcome.error.message == "Invalid verification code provided, please try again."


def test_client_side_refusals_make_no_request(harness, run):
    email_user(harness)
    before = run.calls.count
    assert harness.reset_password(username="").service_calls == 0
    assert harness.outcome.error.name == "EmptyResetPasswordUsername"
    assert harness.update_password(compliant_password(16)).service_calls == 0
    assert harness.outcome.error.name == "UserUnAuthenticatedException"
    assert run.calls.count == before  # the boto3 client saw nothing either


def test_a_second_client_does_not_disturb_the_first_one_s_session(harness):
    user = email_user(harness)
    harness.sign_in()
    token = harness.client.access_token
    assert token
    # can_sign_in builds a second app session on the same app client and signs in there
    assert harness.can_sign_in(user.password)
    assert harness.client.access_token == token
    new_password = compliant_password(16)
    assert harness.update_password(new_password).succeeded


def test_each_client_starts_signed_out(harness, run):
    email_user(harness)
    harness.sign_in()
    other = run.new_client(harness.backend)
    assert other.access_token is None
    with pytest.raises(AuthError) as raised:
        other.update_password("Old-Passw0rd!", compliant_password(16))
    assert raised.value.name == "UserUnAuthenticatedException"


def test_the_run_tally_counts_what_the_library_sent(target):
    driver = AmplifyJsDriver()
    driver.start(target)
    harness = Harness(Session(target=target, definitions=ReferenceDefinitions(), client_driver=driver))
    email_user(harness)
    harness.reset_password()
    harness.reset_password(username="")
    assert harness.can_sign_in(harness.user.password)  # from a second session
    tally = driver.stop()
    assert tally.count == 2 and tally.seconds > 0
    assert harness.client.requests_sent == 1


def test_a_crashed_node_process_costs_one_scenario_not_the_run(driver, run):
    harness = Harness(run)
    email_user(harness)
    bridge = driver.bridge
    os.kill(bridge.pid, signal.SIGKILL)
    with pytest.raises(BridgeError, match="exited with status -9 during resetPassword"):
        harness.reset_password()
    fresh = Harness(run)  # the next scenario's client restarts the process
    email_user(fresh)
    assert fresh.reset_password().succeeded
    assert driver.bridge is not bridge


def test_stopping_the_run_leaves_no_process(target):
    driver = AmplifyJsDriver()
    driver.start(target)
    pid = driver.bridge.pid
    driver.stop()
    assert process_is_gone(pid)
    assert driver.bridge is None


def test_two_drivers_own_a_node_process_each(target):
    first, second = AmplifyJsDriver(), AmplifyJsDriver()
    first.start(target)
    second.start(target)
    try:
        pid = first.bridge.pid
        assert pid != second.bridge.pid
        harness = Harness(Session(target=target, definitions=ReferenceDefinitions(), client_driver=second))
        email_user(harness)
        first_sent = first.stop()
        assert process_is_gone(pid)
        assert harness.reset_password().succeeded  # the other driver's process still serves its run
    finally:
        first.stop()
        second_sent = second.stop()
    assert (first_sent.count, second_sent.count) == (0, 1)


def test_a_session_is_refused_before_start():
    with pytest.raises(RuntimeError, match="before start"):
        AmplifyJsDriver().session(None)


def test_a_target_without_an_http_endpoint_is_refused_at_start():
    with pytest.raises(ClientUnavailable, match="has no HTTP endpoint"):
        AmplifyJsDriver().start(ReferenceTarget())


def test_missing_node_or_package_names_the_fix(monkeypatch):
    monkeypatch.setattr(amplify_js_client.shutil, "which", lambda name: None)
    with pytest.raises(ClientUnavailable, match="npm ci --prefix conformance/clients/amplify_js"):
        AmplifyJsDriver().check_available()
    monkeypatch.undo()
    monkeypatch.setattr(amplify_js_client.PINS, "installed", lambda: {"aws-amplify": None})
    with pytest.raises(ClientUnavailable, match="aws-amplify is not installed"):
        AmplifyJsDriver().check_available()
    monkeypatch.setattr(amplify_js_client.PINS, "installed", lambda: {"aws-amplify": "6.0.0"})
    with pytest.raises(ClientUnavailable, match="not the pinned 6.22.1"):
        AmplifyJsDriver().check_available()


def test_without_node_the_option_fails_at_start_in_one_sentence(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "--client=amplify-js",
         f"--results={tmp_path / 'results.json'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={"PATH": str(empty)})
    output = completed.stdout + completed.stderr
    errors = [line for line in output.splitlines() if line.startswith("ERROR: ")]
    assert completed.returncode == 4 and len(errors) == 1, output
    assert "no node is on PATH" in errors[0] and "npm ci --prefix conformance/clients/amplify_js" in errors[0]


# --- the target's endpoint is where its oracle looks, whatever stands between -------------------------

def _emulator(name: str) -> Target:
    if name == "moto-server":
        pytest.importorskip("moto.server", reason="moto server is not installed: pip install -e '.[emulators]'")
    elif not COGNITO_LOCAL_START.is_file():
        pytest.skip("cognito-local is not installed: run npm ci --prefix targets/node/cognito-local")
    return create_target(name)


@pytest.mark.parametrize("emulator", ["moto-server", "cognito-local"])
def test_the_library_behind_a_latency_proxy_gets_a_code_the_oracle_sees(emulator, log_dir):
    """aws-amplify in Node, a latency proxy, then the emulator: the oracle sees every code delivered."""
    target = LatencyTarget(_emulator(emulator), delay=0.005)
    target.start()
    driver = AmplifyJsDriver()
    driver.start(target)
    try:
        harness = Harness(Session(target=target, definitions=ReferenceDefinitions(), client_driver=driver))
        email_user(harness)
        assert harness.reset_password().succeeded
        assert harness.confirm_with_delivered_code(compliant_password(20)).succeeded
    finally:
        driver.stop()
        target.stop()


@pytest.mark.parametrize("emulator", ["moto-server", "cognito-local"])
def test_the_specification_through_the_library_and_a_latency_proxy_delivers_codes(emulator, tmp_path):
    """The whole route as a run takes it: --client amplify-js --latency-ms 5 against an emulator."""
    _emulator(emulator)
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "--client=amplify-js",
         f"--target={emulator}", "--latency-ms=5", "-k", "replace_the_old_password or newest_code",
         f"--results={tmp_path / 'r.json'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "CONFORMANCE_LOG_DIR": str(tmp_path)})
    output = completed.stdout + completed.stderr
    assert "the target delivered no code" not in output, output[-3000:]
    assert completed.returncode == 0 and " gate pass" in output.strip().splitlines()[-1], output[-3000:]


def test_the_library_sends_client_metadata_unchanged(harness):
    email_user(harness)
    given = {"campaign": "Spring-Sale", "note": "Grüße, 100% & \"mehr\""}
    assert harness.reset_password(client_metadata=given).succeeded
    assert harness.client_metadata_received() == given
    assert harness.confirm_with_delivered_code(compliant_password(20), client_metadata={"step": "2 of 2"}).succeeded
    assert harness.client_metadata_received() == {"step": "2 of 2"}
