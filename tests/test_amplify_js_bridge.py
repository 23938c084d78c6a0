"""The Node bridge of ``--client amplify-js``: start, a call, an error, a crash, a hang, a clean stop.

The bridge tests need Node.js and aws-amplify installed (``npm ci --prefix
conformance/clients/amplify_js``; ``tox -e tests`` does it) and are skipped, saying so, without
them. The protocol tests at the end need only Node.js.
"""
from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from conformance.clients.amplify_js.client import BRIDGE_SCRIPT, installed_version, pinned_version
from localhost.node import BridgeError, NodeBridge

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not on PATH")
needs_amplify_js = pytest.mark.skipif(
    NODE is None or installed_version() is None,
    reason="aws-amplify is not installed: run npm ci --prefix conformance/clients/amplify_js (needs Node.js), "
           "or tox -e tests",
)
CONFIG = {"Auth": {"Cognito": {"userPoolId": "us-east-1_abcdefghi", "userPoolClientId": "client",
                               "userPoolEndpoint": "http://127.0.0.1:9"}}}


def process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie still answers kill(0); it is gone once reaped or in state Z
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def start_bridge(log_dir: Path) -> NodeBridge:
    started = NodeBridge(NODE, BRIDGE_SCRIPT, log_path=log_dir / "bridge.log", name="the amplify-js bridge",
                         call_timeout=20)
    started.start()
    return started


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):
    """One bridge for the tests that leave it serving (loading aws-amplify takes about a second)."""
    started = start_bridge(tmp_path_factory.mktemp("bridge"))
    yield started
    started.stop()


@pytest.fixture
def own_bridge(tmp_path):
    """A bridge a test may break."""
    started = start_bridge(tmp_path)
    yield started
    started.stop()


@needs_amplify_js
def test_start_greets_with_the_pinned_library_version(bridge):
    assert bridge.info["amplify"] == pinned_version()
    assert bridge.alive and bridge.pid is not None


@needs_amplify_js
def test_a_call_returns_what_the_library_returned(bridge):
    bridge.request("open", client="c1", config=CONFIG)  # a fresh client: empty token storage
    reply = bridge.request("call", client="c1", api="updatePassword",
                           input={"oldPassword": "Old-Passw0rd!", "newPassword": "N3w-Passw0rd!"})
    # no session in this client's storage: Amplify refuses before any request
    assert reply["ok"] is False
    assert reply["error"]["name"] == "UserUnAuthenticatedException"
    assert reply["requests"] == 0


@needs_amplify_js
def test_a_validation_error_keeps_its_name_and_makes_no_request(bridge):
    bridge.request("open", client="c1", config=CONFIG)
    reply = bridge.request("call", client="c1", api="resetPassword", input={"username": ""})
    assert reply["error"]["name"] == "EmptyResetPasswordUsername"
    assert reply["requests"] == 0


@needs_amplify_js
def test_requests_the_library_sends_are_counted(bridge):
    bridge.request("open", client="c1", config=CONFIG)
    reply = bridge.request("call", client="c1", api="resetPassword", input={"username": "someone@example.com"})
    # nothing listens on port 9: a network error after Amplify's three attempts
    assert reply["error"]["name"] == "NetworkError"
    assert reply["requests"] == 3


@needs_amplify_js
def test_a_bug_outside_the_library_is_a_bridge_error_not_an_auth_error(bridge):
    with pytest.raises(BridgeError, match="no client"):
        bridge.request("call", client="never-opened", api="resetPassword", input={"username": "x"})
    bridge.request("open", client="c1", config=CONFIG)
    with pytest.raises(BridgeError, match="does not offer"):
        bridge.request("call", client="c1", api="deleteUser")
    assert bridge.alive  # such errors leave the process serving


@needs_amplify_js
def test_a_crash_of_the_node_process_is_one_clear_error_not_a_hang(own_bridge):
    bridge = own_bridge
    pid = bridge.pid
    os.kill(pid, signal.SIGKILL)
    started = time.monotonic()
    with pytest.raises(BridgeError) as raised:
        bridge.request("call", client="c1", api="resetPassword", input={"username": "x"})
    assert time.monotonic() - started < 5
    message = str(raised.value)
    assert f"pid {pid}" in message and "exited" in message and str(bridge.log_path) in message
    with pytest.raises(BridgeError, match="exited"):  # and it stays failed, at once
        bridge.request("hello")
    assert not bridge.alive


@needs_amplify_js
def test_stop_leaves_no_process(tmp_path):
    bridge = NodeBridge(NODE, BRIDGE_SCRIPT, log_path=tmp_path / "bridge.log")
    bridge.start()
    pid = bridge.pid
    bridge.stop()
    assert process_is_gone(pid)
    bridge.stop()  # twice is fine


# --- the protocol with stand-in scripts (Node.js only) ----------------------------------------

GREETING = "process.stdout.write(JSON.stringify({id: 0, ok: true, value: {}}) + '\\n');\n"


def script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "stand_in.mjs"
    path.write_text(body)
    return path


@needs_node
def test_a_process_that_never_answers_is_stopped_after_the_timeout(tmp_path):
    hung = script(tmp_path, GREETING + "process.stdin.on('data', () => {}); setInterval(() => {}, 1000);\n")
    bridge = NodeBridge(NODE, hung, log_path=tmp_path / "hung.log", call_timeout=1)
    bridge.start()
    pid = bridge.pid
    with pytest.raises(BridgeError, match="did not answer hello within 1 s and was stopped"):
        bridge.request("hello")
    assert process_is_gone(pid)


@needs_node
def test_a_process_that_dies_before_greeting_names_its_log(tmp_path):
    broken = script(tmp_path, "console.error('cannot start'); process.exit(7);\n")
    bridge = NodeBridge(NODE, broken, log_path=tmp_path / "broken.log")
    with pytest.raises(BridgeError, match="exited with status 7 during its start") as raised:
        bridge.start()
    assert "broken.log" in str(raised.value)
    assert "cannot start" in (tmp_path / "broken.log").read_text()
    bridge.stop()


@needs_node
def test_a_late_answer_to_an_abandoned_request_is_not_taken_for_the_next_one(tmp_path):
    echo = script(tmp_path, GREETING + (
        "import { createInterface } from 'node:readline';\n"
        "createInterface({input: process.stdin}).on('line', (line) => {\n"
        "  const request = JSON.parse(line);\n"
        "  process.stdout.write(JSON.stringify({id: request.id - 1, ok: true, value: 'stale'}) + '\\n');\n"
        "  process.stdout.write(JSON.stringify({id: request.id, ok: true, value: request.op}) + '\\n');\n"
        "});\n"))
    bridge = NodeBridge(NODE, echo, log_path=tmp_path / "echo.log")
    bridge.start()
    try:
        assert bridge.request("first")["value"] == "first"
        assert bridge.request("second")["value"] == "second"
    finally:
        bridge.stop()
