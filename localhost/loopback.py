"""Small threaded HTTP servers on loopback ports, run in background threads of this process.

A :class:`LoopbackServer` subclass says only how it answers: ``answer(method, path, headers, body) ->
(status, headers, body)``, or None to close the connection without an answer. The reference server is
one. :class:`ForwardingProxy` is the other: it forwards every request, byte for byte, to an upstream
HTTP server, after a delay if asked (the latency proxy), and shows each exchange to an
``on_exchange`` callback before the answer goes back (how the emulators' code oracles tap their own
endpoint, whoever the client is).
"""
from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable, Mapping, Union
from urllib.parse import urlsplit

from localhost.processes import HOST
# How often the serving thread checks whether stop() asked it to end (socketserver's default is 0.5 s,
# which every run, and every pytest-xdist worker, waited at its end, once per server).
STOP_POLL_SECONDS = 0.05
# Headers about one connection rather than the message: a forwarder never passes them on. The body's
# length is set again for what is sent, and Host names the server the request is sent to.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer",
                        "upgrade", "host", "content-length"})
UPSTREAM_TIMEOUT = 60.0

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]
Answer = Union[tuple[int, Headers, bytes], None]


class LoopbackServer:
    def __init__(self, name: str, port: int = 0) -> None:
        self._name = name
        self._port = port
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"the {self._name} server is not running")
        return f"http://{HOST}:{self._server.server_address[1]}"

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        """The status, headers and body to send back; None closes the connection without an answer."""
        raise NotImplementedError

    def start(self) -> LoopbackServer:
        answer = self.answer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes; without this, Nagle's algorithm and the
            # peer's delayed ACK add about 40 ms to every response.
            disable_nagle_algorithm = True

            def _respond(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                answered = answer(self.command, self.path, self.headers, body)
                if answered is None:
                    self.close_connection = True
                    return
                status, headers, payload = answered
                pairs = list(headers.items() if isinstance(headers, Mapping) else headers)
                names = {key.lower() for key, _ in pairs}
                self.send_response_only(status)
                if "server" not in names:
                    self.send_header("Server", self.version_string())
                if "date" not in names:
                    self.send_header("Date", self.date_time_string())
                for key, value in pairs:
                    if key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_OPTIONS = _respond

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

        self._server = ThreadingHTTPServer((HOST, self._port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(STOP_POLL_SECONDS,), name=self._name,
                         daemon=True).start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()


@dataclass(frozen=True)
class Exchange:
    """One request a :class:`ForwardingProxy` forwarded and the answer it got, as they crossed it
    (without the hop-by-hop headers)."""

    method: str
    path: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes
    status: int
    response_headers: tuple[tuple[str, str], ...]
    response_body: bytes

    def request_header(self, name: str) -> str | None:
        return _first(self.request_headers, name)

    def response_header(self, name: str) -> str | None:
        return _first(self.response_headers, name)


def _first(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name.lower()), None)


class ForwardingProxy(LoopbackServer):
    """Forwards every request to the plain-HTTP ``upstream`` and its answer back, byte for byte.

    Only the hop-by-hop headers are left out (:data:`HOP_BY_HOP`); the body, the status and every
    other header cross unchanged, also when the upstream answers an error. ``delay`` seconds pass
    before each request is forwarded. ``on_exchange`` sees each exchange before the answer is sent
    back, so that by the time a client has its answer, whatever the callback keeps is there; it must
    not raise. When the upstream gives no answer (refused, reset, timed out), neither does the proxy:
    it closes the client's connection, so that the client sees a network failure, not a reply.
    """

    def __init__(self, upstream: str, *, delay: float = 0.0, on_exchange: Callable[[Exchange], None] | None = None,
                 name: str = "forwarding-proxy") -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"a loopback proxy forwards to plain http:// endpoints only, not {upstream!r}")
        super().__init__(name)
        self.upstream = upstream
        self.delay = delay
        self._address = (parts.hostname, parts.port or 80)
        self._prefix = parts.path.rstrip("/")
        self._on_exchange = on_exchange

    def start(self) -> ForwardingProxy:
        super().start()
        return self

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        if self.delay:
            time.sleep(self.delay)
        sent = tuple((key, value) for key, value in headers.items() if key.lower() not in HOP_BY_HOP)
        connection = http.client.HTTPConnection(*self._address, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.putrequest(method, self._prefix + path, skip_accept_encoding=True)
            for key, value in sent:
                connection.putheader(key, value)
            if body or "Content-Length" in headers:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body or None)
            response = connection.getresponse()
            status, payload = response.status, response.read()
            answered = tuple((key, value) for key, value in response.getheaders() if key.lower() not in HOP_BY_HOP)
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()
        if self._on_exchange is not None:
            self._on_exchange(Exchange(method, path, sent, body, status, answered, payload))
        return status, answered, payload
