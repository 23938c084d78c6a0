"""The ``moto-server`` target: a moto server child process on a loopback port, stopped by its PID."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
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
from targets.contract import SMS, SMS_MFA, TargetError
from targets.latency import LatencyTarget

pytest.importorskip("flask", reason="moto server is not installed: pip install -e '.[emulators]'")

from targets.moto.server import MotoServerTarget  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def target(log_dir):
    target = MotoServerTarget()
    target.start()
    yield target
    target.stop()


def test_the_oracle_returns_the_code_moto_server_issued_and_it_is_accepted(target):
    assert target.endpoint_url().startswith("http://127.0.0.1:")
    trip = reset_round_trip(target, "email")
    assert (trip.delivery.medium, trip.delivery.destination) == ("EMAIL", trip.username)


def test_a_phone_pool_user_gets_the_code_by_sms(target):
    trip = reset_round_trip(target, "phone_number")
    assert (trip.delivery.medium, trip.delivery.destination) == ("SMS", trip.username)


def test_the_newest_of_two_codes_is_reported(target):
    newest_code_is_reported(target)


def test_the_oracle_sees_a_code_asked_for_by_any_client_at_the_endpoint(target):
    """The endpoint taps moto server's answers: a client that is not boto3 needs nothing of the target's."""
    code_asked_over_plain_http_is_seen(target)


def test_the_oracle_sees_a_code_asked_for_through_a_latency_proxy(log_dir):
    target = LatencyTarget(MotoServerTarget(), delay=0.005)
    target.start()
    try:
        assert target.endpoint_url() != target.inner.endpoint_url()
        code_asked_over_plain_http_is_seen(target)
        reset_round_trip(target, "email")
    finally:
        target.stop()


def test_stop_leaves_no_process_and_no_port_behind(log_dir):
    target = MotoServerTarget()
    target.start()
    pid, port = target.server.pid, target.server.port
    tap_port = int(target.endpoint_url().rpartition(":")[2])
    assert not process_is_gone(pid) and not port_is_free(port) and not port_is_free(tap_port)
    target.stop()
    assert process_is_gone(pid), f"moto server (pid {pid}) is still running"
    assert port_is_free(port), f"port {port} is still taken"
    assert port_is_free(tap_port), f"the tap's port {tap_port} is still taken"
    assert target.endpoint_url() is None
    target.stop()  # a second stop is harmless


def test_the_log_is_kept_and_named_in_info(target, log_dir):
    log = Path(target.info().details["log"])
    assert log.parent == log_dir and log.is_file()
    assert f"as pid {target.server.pid}" in log.read_text()
    assert MotoServerTarget.capabilities == frozenset({SMS, SMS_MFA})


def test_a_server_that_fails_to_start_gives_one_sentence_naming_its_log(log_dir):
    target = MotoServerTarget()
    target.server._command = lambda port: [sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"]
    with pytest.raises(TargetError) as raised:
        target.start()
    message = str(raised.value)
    assert "exited with status 3" in message and str(target.server.log_path) in message
    assert "tox -e moto-server" in message
    assert target.server.process is None


def test_a_server_that_never_answers_is_stopped(log_dir):
    target = MotoServerTarget()
    target.server._command = lambda port: [sys.executable, "-c", "import time; time.sleep(60)"]
    target.server._start_timeout = 0.5
    with pytest.raises(TargetError, match="did not answer"):
        target.start()
    log = target.server.log_path.read_text()
    pid = int(re.search(r"as pid (\d+)", log).group(1))
    assert process_is_gone(pid)


def test_an_interrupted_run_leaves_no_server_behind(tmp_path):
    """Ctrl-C in the middle of a run: the server the run started is gone afterwards."""
    logs = tmp_path / "logs"
    env = dict(os.environ, CONFORMANCE_LOG_DIR=str(logs))
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", "--target", "moto-server", "-q", "-p", "no:cacheprovider",
         "--results", str(tmp_path / "results.json")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        # a job started in the background may inherit an ignored SIGINT; a terminal's Ctrl-C is not ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        pid = _server_pid(logs, deadline=time.monotonic() + 60)
        time.sleep(1.0)  # let scenarios run
        run.send_signal(signal.SIGINT)  # to the test run only, as if its own handler got Ctrl-C
        run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    deadline = time.monotonic() + 10
    while not process_is_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_is_gone(pid), f"moto server (pid {pid}) outlived the interrupted run"


def test_a_killed_run_takes_its_server_with_it(tmp_path):
    """Even SIGKILL, which runs no clean-up, leaves no server behind (Linux: PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("parent-death signals are Linux-only")
    logs = tmp_path / "logs"
    script = ("from targets.moto.server import MotoServerTarget\n"
              "import time\nt = MotoServerTarget()\nt.start()\ntime.sleep(120)\n")
    run = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=dict(os.environ, CONFORMANCE_LOG_DIR=str(logs)))
    try:
        pid = _server_pid(logs, deadline=time.monotonic() + 60)
    finally:
        run.kill()
        run.wait()
    deadline = time.monotonic() + 10
    while not process_is_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_is_gone(pid), f"moto server (pid {pid}) outlived the killed run"


def test_it_is_a_built_in_target(log_dir):
    assert isinstance(create_target("moto-server"), MotoServerTarget)


def _server_pid(logs: Path, deadline: float) -> int:
    while time.monotonic() < deadline:
        for log in logs.glob("*.log"):
            found = re.search(r"as pid (\d+)", log.read_text())
            if found:
                return int(found.group(1))
        time.sleep(0.1)
    raise AssertionError(f"no server started (no log in {logs})")
