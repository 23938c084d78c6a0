"""The ``endpoint`` target: a URL and an implementer's code oracle, configured from the environment.

The end-to-end tests follow the recipe in README's endpoint section, with a moto server standing in
for "your implementation": with ``targets.moto.oracle_server`` as its HTTP code oracle (the gate passes
with moto server's expectations), and with ``targets.moto.example_endpoint_oracle`` as a Python one.
"""
from __future__ import annotations

import configparser
import json
import os
import re
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest
from botocore.exceptions import EndpointConnectionError

from conformance.redaction import Redactor
from localhost.loopback import LoopbackServer
from localhost.processes import LocalServer, free_port, port_is_open
from target_round_trip import moto_server, reset_round_trip  # noqa: F401 (moto_server is a fixture)
from targets import create_target
from targets.contract import CLOCK, DELIVERY_LOG, SMS, CapabilityMissing, Delivery, TargetError
from targets.endpoint import EndpointTarget
from tests.specification_runs import run_specification

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
    completed = run_specification("--target=endpoint", f"--results={tmp_path / 'results.json'}", env=env)
    assert completed.returncode != 0
    assert "needs CONFORMANCE_ENDPOINT_URL" in completed.stderr + completed.stdout
    assert "Traceback" not in completed.stderr + completed.stdout


# --- the code oracle and the clock as URLs -------------------------------------------------------------

class FakeHooks(LoopbackServer):
    """An HTTP oracle with canned deliveries and a clock, keeping every request it got."""

    def __init__(self) -> None:
        super().__init__("fake hooks")
        self.deliveries: list[dict] = []
        self.requests: list[tuple[str, str, bytes]] = []

    def answer(self, method, path, headers, body):
        self.requests.append((method, path, body))
        if path.startswith("/oracle/deliveries?"):
            return 200, {"Content-Type": "application/json"}, json.dumps({"deliveries": self.deliveries}).encode()
        if path == "/clock" and method == "POST":
            return 204, {}, b""
        return 404, {}, b""


@pytest.fixture
def hooks():
    server = FakeHooks().start()
    yield server
    server.stop()


def test_an_oracle_url_is_asked_for_the_user_s_deliveries(hooks):
    hooks.deliveries = [{"medium": "EMAIL", "destination": "a@example.com", "code": "111111"},
                        {"medium": "EMAIL", "destination": "a@example.com", "code": "222222", "attributeName": "email"}]
    target = configured(CONFORMANCE_CODE_ORACLE=hooks.url + "/oracle", CONFORMANCE_CAPABILITIES="sms,delivery_log")
    assert target.capabilities == frozenset({SMS, DELIVERY_LOG})
    assert target.last_delivery("eu-west-1_Pool", "a@example.com") == Delivery("EMAIL", "a@example.com", "222222")
    assert [d.code for d in target.deliveries("eu-west-1_Pool", "a@example.com")] == ["111111", "222222"]
    assert hooks.requests[0][:2] == ("GET", "/oracle/deliveries?userPoolId=eu-west-1_Pool&username=a%40example.com")
    assert target.info().details["code oracle"] == hooks.url + "/oracle"


def test_an_oracle_url_that_breaks_is_an_error_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(TargetError, match=f"^the code oracle at {re.escape(url)}/deliveries\\?.* could not be reached"):
        configured(CONFORMANCE_CODE_ORACLE=url).last_delivery("pool", "a@example.com")


def test_the_delivery_log_is_only_read_when_declared(hooks):
    target = configured(CONFORMANCE_CODE_ORACLE=hooks.url + "/oracle")
    with pytest.raises(CapabilityMissing):
        target.deliveries("pool", "a@example.com")


def test_the_delivery_log_needs_an_oracle_url():
    with pytest.raises(TargetError, match="declares 'delivery_log', which needs an oracle that lists every delivery: "
                                          "set CONFORMANCE_CODE_ORACLE to an http"):
        configured(CONFORMANCE_CAPABILITIES="delivery_log")


@pytest.mark.parametrize("value", ["localhost:8080", "127.0.0.1:8081", "ftp://127.0.0.1/oracle", "oracle.py",
                                   "my oracle", "http:///deliveries"])
def test_an_oracle_that_is_neither_a_url_nor_an_import_path_is_refused(value):
    with pytest.raises(TargetError, match=f"^CONFORMANCE_CODE_ORACLE={re.escape(repr(value))} is "):
        configured(CONFORMANCE_CODE_ORACLE=value)


def test_an_oracle_url_takes_no_query_a_clock_url_may():
    with pytest.raises(TargetError, match="must be a URL without a query or fragment"):
        configured(CONFORMANCE_CODE_ORACLE="http://127.0.0.1:9/oracle?key=1")
    with pytest.raises(TargetError, match="must be a URL without a fragment"):
        configured(CONFORMANCE_CLOCK="http://127.0.0.1:9/clock#now")
    assert CLOCK in configured(CONFORMANCE_CLOCK="http://127.0.0.1:9/clock?key=1").capabilities


def test_a_clock_given_is_a_clock_declared():
    target = configured(CONFORMANCE_CLOCK="test_targets_endpoint:clock")
    assert target.capabilities == frozenset({CLOCK})
    target.advance_clock(90)
    assert CLOCK_MOVES[-1] == 90
    assert target.info().details["clock"] == "test_targets_endpoint:clock"
    with pytest.raises(TargetError, match="CONFORMANCE_CLOCK=.nowhere. is neither"):
        configured(CONFORMANCE_CLOCK="nowhere")


def test_a_clock_url_is_posted_the_seconds_to_move(hooks):
    target = configured(CONFORMANCE_CLOCK=hooks.url + "/clock")
    assert CLOCK in target.capabilities
    target.advance_clock(3600)
    assert hooks.requests[-1] == ("POST", "/clock", b'{"seconds": 3600}')
    broken = configured(CONFORMANCE_CLOCK=hooks.url + "/no-clock")
    with pytest.raises(TargetError, match=f"^the clock at {re.escape(hooks.url)}/no-clock answered HTTP 404"):
        broken.advance_clock(60)


def test_a_malformed_oracle_stops_the_run_before_it_starts_as_a_usage_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFORMANCE_")}
    env.update(CONFORMANCE_ENDPOINT_URL="http://127.0.0.1:9", CONFORMANCE_CODE_ORACLE="localhost:8080")
    completed = run_specification("--target=endpoint", f"--results={tmp_path / 'results.json'}", env=env)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 4, output
    assert "CONFORMANCE_CODE_ORACLE='localhost:8080' is neither an http(s) URL" in output
    assert "Traceback" not in output
    assert not (tmp_path / "results.json").exists()


# --- credentials and Region ------------------------------------------------------------------------------

class RecordingService(LoopbackServer):
    """Keeps the Authorization header of every request and refuses it as a Cognito service would."""

    def __init__(self) -> None:
        super().__init__("recording service")
        self.headers: list[dict[str, str]] = []

    def answer(self, method, path, headers, body):
        self.headers.append(dict(headers))
        return 400, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(
            {"__type": "NotAuthorizedException", "message": "recorded"}).encode()


@pytest.fixture
def service():
    server = RecordingService().start()
    yield server
    server.stop()


def test_requests_are_signed_with_the_credentials_and_region_of_the_environment(service):
    target = EndpointTarget({"CONFORMANCE_ENDPOINT_URL": service.url, "CONFORMANCE_CODE_ORACLE": ORACLE,
                             "AWS_ACCESS_KEY_ID": "AKIDENDPOINTTEST", "AWS_SECRET_ACCESS_KEY": "s3cr3t-endpoint-key",
                             "AWS_SESSION_TOKEN": "session-endpoint-token", "AWS_REGION": "eu-central-1",
                             "AWS_DEFAULT_REGION": "ap-south-1"})
    target.start()  # ListUserPools: the service refuses it, which start() accepts
    headers = service.headers[-1]
    assert re.match(r"AWS4-HMAC-SHA256 Credential=AKIDENDPOINTTEST/\d{8}/eu-central-1/cognito-idp/aws4_request, ",
                    headers["Authorization"])
    assert headers["X-Amz-Security-Token"] == "session-endpoint-token"
    details = target.info().details
    assert details["region"] == "eu-central-1 (from AWS_REGION)"
    assert details["credentials"] == ("from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, "
                                      "AWS_SESSION_TOKEN)")
    assert not any(secret in value for value in details.values()
                   for secret in ("s3cr3t-endpoint-key", "session-endpoint-token", "AKIDENDPOINTTEST"))


def test_without_credentials_in_the_environment_the_dummy_ones_sign(service):
    target = EndpointTarget({"CONFORMANCE_ENDPOINT_URL": service.url, "CONFORMANCE_CODE_ORACLE": ORACLE})
    target.start()
    assert re.match(r"AWS4-HMAC-SHA256 Credential=testing/\d{8}/us-east-1/cognito-idp/aws4_request, ",
                    service.headers[-1]["Authorization"])
    assert target.info().details["region"] == "us-east-1 (the default)"
    assert target.info().details["credentials"].startswith("fixed dummy values")


@pytest.mark.parametrize("variables, region", [
    ({"AWS_DEFAULT_REGION": "ap-south-1"}, "ap-south-1 (from AWS_DEFAULT_REGION)"),
    ({"AWS_REGION": "eu-west-3", "AWS_DEFAULT_REGION": "ap-south-1"}, "eu-west-3 (from AWS_REGION)"),
    ({"CONFORMANCE_REGION": "us-west-2", "AWS_REGION": "eu-west-3"}, "us-west-2 (from CONFORMANCE_REGION)"),
])
def test_the_region_comes_from_the_suite_s_variable_then_the_standard_ones(variables, region):
    target = configured(**variables)
    assert target.info().details["region"] == region
    assert target.cognito_client().meta.region_name == region.split()[0]


@pytest.mark.parametrize("given, missing", [("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
                                            ("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID")])
def test_half_a_key_pair_is_refused_in_one_sentence(given, missing):
    with pytest.raises(TargetError, match=f"^{given} is set but {missing} is not: set both"):
        configured(**{given: "half-of-a-pair"})


def test_a_secret_from_the_environment_is_redacted_by_the_run():
    """The run's redactor reads the same variables the target signs with."""
    environ = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG",
               "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEXAMPLETOKEN"}
    redactor = Redactor(environ)
    text = "signed with AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG and FwoGZXIvYXdzEXAMPLETOKEN"
    assert redactor.redact(text) == "signed with <aws-access-key>, <aws-secret> and <aws-secret>"


def test_tox_passes_the_credentials_and_region_to_the_endpoint_environment():
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini")
    passed = {line.strip() for line in config["testenv:endpoint"]["pass_env"].splitlines()}
    assert {"CONFORMANCE_*", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
            "AWS_DEFAULT_REGION"} <= passed


# --- the recipe end to end, with moto server standing in for your implementation -------------------------

@pytest.fixture(scope="module")
def oracle_server(moto_server, tmp_path_factory):
    """``python -m targets.moto.oracle_server`` in front of the moto server, as a child process."""
    log = tmp_path_factory.mktemp("oracle") / "oracle.log"
    server = LocalServer("moto oracle server", lambda port: [
        sys.executable, "-m", "targets.moto.oracle_server", "--moto-url", moto_server.url, "--port", str(port)],
        log_path=log, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    server.start()
    yield server
    pid = server.pid
    server.stop()
    assert not port_is_open(server.port) and pid is not None


def run_on_endpoint(tmp_path: Path, env: dict[str, str], *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CONFORMANCE_", "AWS_"))}
    clean["CONFORMANCE_LOG_DIR"] = str(tmp_path / "logs")
    completed = run_specification("--target=endpoint", f"--results={tmp_path / 'out' / 'results.json'}",
                                  f"--junitxml={tmp_path / 'out' / 'junit.xml'}", *options, env={**clean, **env},
                                  timeout=600)
    results = tmp_path / "out" / "results.json"
    return completed, json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}


def recipe_env(oracle_server: LocalServer) -> dict[str, str]:
    return {"CONFORMANCE_ENDPOINT_URL": oracle_server.url, "CONFORMANCE_CODE_ORACLE": oracle_server.url + "/oracle",
            "CONFORMANCE_CAPABILITIES": "sms,sms_mfa,delivery_log"}


CODE_SCENARIOS = ("replace_the_old_password or newest_code_works or first_code_no_longer_works or "
                  "only_one_channel_receives or gets_the_code_on_the_second or a_wrong_code_is_refused")


def test_the_oracle_server_prints_the_urls_it_serves(oracle_server):
    log = oracle_server.log_path.read_text(encoding="utf-8")
    assert f"endpoint (CONFORMANCE_ENDPOINT_URL): {oracle_server.url}\n" in log
    assert f"code oracle (CONFORMANCE_CODE_ORACLE): {oracle_server.url}/oracle\n" in log


def test_the_recipe_passes_the_gate_on_code_scenarios_signed_as_the_environment_says(oracle_server, tmp_path):
    secret = "endpoint-recipe-secret-0d5f"
    env = recipe_env(oracle_server) | {"AWS_ACCESS_KEY_ID": "AKIDRECIPE", "AWS_SECRET_ACCESS_KEY": secret,
                                       "AWS_REGION": "eu-west-1"}
    completed, results = run_on_endpoint(tmp_path, env, "-k", CODE_SCENARIOS,
                                           "--expectations=expectations/moto.toml")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert results["summary"]["gate"] == "pass"
    ran = [r for r in results["requirements"] if r["status"] not in {"not_run", "not_applicable"}]
    assert {r["id"] for r in ran} >= {"req_recovery_one_channel_only", "req_older_code_replaced"}  # the delivery log
    target = results["run"]["target"]
    assert target["name"] == "endpoint" and "delivery_log" in target["capabilities"]
    assert target["details"]["region"] == "eu-west-1 (from AWS_REGION)"
    assert target["details"]["credentials"].startswith("from the environment")
    for artefact in (tmp_path / "out").rglob("*"):
        assert not artefact.is_file() or secret not in artefact.read_text(encoding="utf-8", errors="replace")


def test_the_recipe_passes_the_gate_on_the_whole_specification(oracle_server, tmp_path):
    completed, results = run_on_endpoint(tmp_path, recipe_env(oracle_server),
                                           "--expectations=expectations/moto.toml")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert results["summary"]["gate"] == "pass"
    assert "gate pass with" in output and "expected failures from expectations/moto.toml" in output


class BrokenOracle(BaseHTTPRequestHandler):
    """An oracle answering 500, with a status line quoting the secret it was given."""

    secret = ""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(500, f"oracle broke holding {self.secret}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_broken_oracle_url_ends_the_run_as_an_error_of_the_oracle_not_a_failure(moto_server, tmp_path):
    secret = "endpoint-broken-secret-77aa"
    BrokenOracle.secret = secret
    broken = ThreadingHTTPServer(("127.0.0.1", 0), BrokenOracle)
    Thread(target=broken.serve_forever, daemon=True).start()
    oracle = f"http://127.0.0.1:{broken.server_address[1]}"
    try:
        completed, results = run_on_endpoint(
            tmp_path, {"CONFORMANCE_ENDPOINT_URL": moto_server.url, "CONFORMANCE_CODE_ORACLE": oracle,
                       "AWS_ACCESS_KEY_ID": "AKIDBROKEN", "AWS_SECRET_ACCESS_KEY": secret},
            "-k", "replace_the_old_password", "--expectations=expectations/moto.toml")
    finally:
        broken.shutdown()
        broken.server_close()
    output = completed.stdout + completed.stderr
    assert completed.returncode == 3, output
    error = results["summary"]["error"]
    assert results["summary"]["gate"] == "error"
    assert error["part"] == "target 'endpoint'" and error["exit_code"] == 3
    assert error["message"].startswith("target 'endpoint' broke in its code oracle: TargetError: the code oracle at "
                                       f"{oracle}/deliveries?userPoolId=")
    assert "answered HTTP 500 (oracle broke holding <aws-secret>) instead of 200" in error["message"]
    for artefact in (tmp_path / "out").rglob("*"):
        assert not artefact.is_file() or secret not in artefact.read_text(encoding="utf-8", errors="replace")


def test_the_recipe_with_a_python_oracle(moto_server, monkeypatch):
    for variable in ("CONFORMANCE_CLOCK", "CONFORMANCE_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                     "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(variable, raising=False)  # whatever the developer's shell holds
    monkeypatch.setenv("CONFORMANCE_ENDPOINT_URL", moto_server.url)
    monkeypatch.setenv("CONFORMANCE_CODE_ORACLE", "targets.moto.example_endpoint_oracle:last_delivery")
    monkeypatch.setenv("CONFORMANCE_CAPABILITIES", "sms")
    target = create_target("endpoint")
    target.start()
    trip = reset_round_trip(target, "email")
    assert (trip.delivery.medium, trip.delivery.destination) == ("EMAIL", trip.username)
    target.stop()
