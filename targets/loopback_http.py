"""A small threaded HTTP server on a loopback port, run in a background thread of this process.

A subclass says only how it answers: ``answer(method, path, headers, body) -> (status, headers,
body)``. The reference server and the latency proxy are two such subclasses.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Mapping

HOST = "127.0.0.1"
# How often the serving thread checks whether stop() asked it to end (socketserver's default is 0.5 s,
# which every run, and every pytest-xdist worker, waited at its end, once per server).
STOP_POLL_SECONDS = 0.05

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

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes
               ) -> tuple[int, Mapping[str, str], bytes]:
        raise NotImplementedError

    def start(self) -> None:
        answer = self.answer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes; without this, Nagle's algorithm and the
            # peer's delayed ACK add about 40 ms to every response.
            disable_nagle_algorithm = True

            def _respond(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, headers, payload = answer(self.command, self.path, self.headers, body)
                self.send_response(status)
                for key, value in headers.items():
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

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
