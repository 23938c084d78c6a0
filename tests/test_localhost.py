"""localhost: what the suite starts and writes on this machine, without the rest of the project."""
from __future__ import annotations

import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from localhost.files import write_all_atomically, write_atomically
from localhost.loopback import Exchange, ForwardingProxy, LoopbackServer
from localhost.node import NpmPins

ROOT = Path(__file__).resolve().parent.parent


# --- files ----------------------------------------------------------------------------------------

def test_a_file_is_written_whole_in_a_new_folder_with_ordinary_permissions(tmp_path):
    path = tmp_path / "a" / "b" / "doc.json"
    assert write_atomically(path, "naïve\n") == path
    assert path.read_bytes() == "naïve\n".encode("utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    write_atomically(path, b"\x00bytes")
    assert path.read_bytes() == b"\x00bytes"
    assert [p.name for p in path.parent.iterdir()] == ["doc.json"]


def test_a_failed_write_touches_no_file_and_leaves_no_temporary(tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_text("old")

    class Unwritable(str):
        def encode(self, *args, **kwargs):
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_all_atomically({tmp_path / "first.txt": "new", kept: Unwritable("x")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]
    assert kept.read_text() == "old"


# --- npm pins -------------------------------------------------------------------------------------

def _npm_folder(tmp_path: Path, pinned: dict[str, str], installed: dict[str, str]) -> Path:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": pinned}))
    for name, version in installed.items():
        manifest = tmp_path / "node_modules" / name / "package.json"
        manifest.parent.mkdir(parents=True)
        manifest.write_text(json.dumps({"name": name, "version": version}))
    return tmp_path


def test_pins_hold_when_every_package_has_its_pinned_version(tmp_path):
    pins = NpmPins(_npm_folder(tmp_path, {"a": "1.0.0", "@s/b": "2.0.0"}, {"a": "1.0.0", "@s/b": "2.0.0"}),
                   ("a", "@s/b"))
    assert pins.pinned() == {"a": "1.0.0", "@s/b": "2.0.0"}
    assert pins.installed() == {"a": "1.0.0", "@s/b": "2.0.0"}
    assert pins.problem() is None


def test_pins_name_what_is_missing_or_another_version(tmp_path):
    folder = _npm_folder(tmp_path, {"a": "1.0.0", "b": "2.0.0", "c": "3.0.0"}, {"a": "1.0.1", "c": "3.0.0"})
    assert NpmPins(folder, ("a", "b")).problem() == f"b is not installed in {folder}"
    assert NpmPins(folder, ("b", "d")).installed() == {"b": None, "d": None}
    assert NpmPins(folder, ("a", "c")).problem() == f"{folder} has a 1.0.1, not the pinned 1.0.0"


def test_packages_are_unavailable_without_node_or_without_their_pinned_versions(tmp_path, monkeypatch):
    folder = _npm_folder(tmp_path, {"a": "1.0.0"}, {"a": "1.0.1"})
    node = tmp_path / "bin" / "node"
    node.parent.mkdir()
    node.write_text("#!/bin/sh\n")
    node.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert NpmPins(folder, ("a",)).unavailable("the tool needs Node.js 20+") == \
        "the tool needs Node.js 20+, and no node is on PATH (install it)"
    monkeypatch.setenv("PATH", str(node.parent))
    assert NpmPins(folder, ("a",)).unavailable("the tool needs Node.js 20+") == f"{folder} has a 1.0.1, not the pinned 1.0.0"


# --- the forwarding proxy -------------------------------------------------------------------------

class Upstream(LoopbackServer):
    """Answers with what it received, in headers a proxy must pass on unchanged."""

    def __init__(self) -> None:
        super().__init__("upstream")
        self.received: list[tuple[str, str, dict[str, str], bytes]] = []

    def answer(self, method, path, headers, body):
        self.received.append((method, path, {k.lower(): v for k, v in headers.items()}, body))
        status = 418 if path.endswith("/teapot") else 200
        return status, [("Content-Type", "application/x-amz-json-1.1"), ("X-Echo", "one"), ("X-Echo", "two"),
                        ("x-moto-forgot-password-confirmation-code", "123456")], b"\x00" + body[::-1]


@pytest.fixture
def upstream():
    server = Upstream().start()
    yield server
    server.stop()


def _post(url: str, body: bytes, **headers: str):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_proxy_forwards_requests_and_answers_byte_for_byte(upstream):
    exchanges: list[Exchange] = []
    proxy = ForwardingProxy(upstream.url + "/prefix", on_exchange=exchanges.append).start()
    try:
        status, headers, body = _post(proxy.url + "/teapot", b"\xff{binary}", **{"X-Amz-Target": "Service.Op",
                                                                                 "Connection": "keep-alive"})
    finally:
        proxy.stop()
    assert (status, body) == (418, b"\x00}yranib{\xff")
    assert headers.get_all("X-Echo") == ["one", "two"]
    assert headers["x-moto-forgot-password-confirmation-code"] == "123456"
    method, path, sent, received_body = upstream.received[0]
    assert (method, path, received_body) == ("POST", "/prefix/teapot", b"\xff{binary}")
    assert sent["x-amz-target"] == "Service.Op" and sent["host"] == upstream.url.removeprefix("http://")
    assert "keep-alive" not in sent.get("connection", "")
    [exchange] = exchanges
    assert (exchange.method, exchange.path, exchange.status) == ("POST", "/teapot", 418)
    assert exchange.request_header("x-amz-target") == "Service.Op" and exchange.request_body == b"\xff{binary}"
    assert exchange.response_header("X-ECHO") == "one" and exchange.response_body == body
    assert exchange.request_header("Connection") is None


def test_the_callback_has_seen_the_exchange_when_the_client_gets_the_answer(upstream):
    seen: list[int] = []

    def slow_tap(exchange: Exchange) -> None:
        time.sleep(0.2)
        seen.append(exchange.status)

    proxy = ForwardingProxy(upstream.url, on_exchange=slow_tap).start()
    try:
        _post(proxy.url, b"{}")
        assert seen == [200]
    finally:
        proxy.stop()


def test_the_proxy_waits_its_delay_before_each_request(upstream):
    proxy = ForwardingProxy(upstream.url, delay=0.1).start()
    try:
        started = time.perf_counter()
        for _ in range(2):
            _post(proxy.url, b"{}")
        assert time.perf_counter() - started >= 0.2
    finally:
        proxy.stop()


def test_without_an_answer_upstream_the_client_gets_none_either():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    exchanges: list[Exchange] = []
    proxy = ForwardingProxy(f"http://127.0.0.1:{port}", on_exchange=exchanges.append).start()
    try:
        with pytest.raises((ConnectionError, http.client.HTTPException, urllib.error.URLError)):
            _post(proxy.url, b"{}")
    finally:
        proxy.stop()
    assert exchanges == []


def test_only_plain_http_upstreams_are_forwarded_to():
    with pytest.raises(ValueError, match="plain http:// endpoints only"):
        ForwardingProxy("https://cognito-idp.us-east-1.amazonaws.com")
