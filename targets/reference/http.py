"""Serving the reference service over HTTP on a loopback port, for clients outside the process.

The same :mod:`protocol` framing answers here as in-process, so a request gets the same response
whichever way it arrives. Used by the ``reference-http`` target (for the real amplify-js client and
for the latency proxy) and runnable on its own::

    python -m targets.reference.http --port 9229
"""
from __future__ import annotations

import argparse
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import protocol

HOST = "127.0.0.1"


class ReferenceServer:
    """A threaded HTTP server answering Cognito JSON 1.1 requests with ``handler``."""

    def __init__(self, handler: protocol.Handler, port: int = 0) -> None:
        self._handler = handler
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the reference server is not running")
        return f"http://{HOST}:{self._server.server_address[1]}"

    def start(self) -> None:
        service = self._handler

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes; without this, Nagle's algorithm and the
            # peer's delayed ACK add about 40 ms to every response.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, headers, payload = protocol.answer(service, self.headers.get("X-Amz-Target"), body)
                self.send_response(status)
                for key, value in {**headers, **_CORS}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            def do_OPTIONS(self) -> None:  # noqa: N802 (browsers ask before a cross-origin POST)
                self.send_response(204)
                for key, value in {**_CORS, "Content-Length": "0"}.items():
                    self.send_header(key, value)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((HOST, self._port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="reference-http", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Expose-Headers": "x-amzn-RequestId, x-amzn-ErrorType",
}


def main(argv: list[str] | None = None) -> int:
    from .clock import OffsetClock
    from .service import UserPoolService

    parser = argparse.ArgumentParser(description="Serve the reference Cognito subset on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=9229)
    args = parser.parse_args(argv)
    server = ReferenceServer(UserPoolService(clock=OffsetClock()), port=args.port)
    server.start()
    print(f"reference Cognito subset at {server.url} (Ctrl-C stops it)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
