"""Serving the reference service over HTTP on a loopback port, for clients outside the process.

The same :mod:`protocol` framing answers here as in-process, so a request gets the same response
whichever way it arrives. Used by the ``reference-http`` target (for the real amplify-js client and
for the latency proxy) and runnable on its own::

    python -m targets.reference.http --port 9229
"""
from __future__ import annotations

import argparse
import threading
from typing import Mapping

from localhost.loopback import LoopbackServer

from . import protocol


class ReferenceServer(LoopbackServer):
    """Answers Cognito JSON 1.1 requests with ``handler`` on a loopback port."""

    def __init__(self, handler: protocol.Handler, port: int = 0) -> None:
        super().__init__("reference-http", port)
        self._handler = handler

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes):
        if method == "OPTIONS":  # browsers ask before a cross-origin POST
            return 204, _CORS, b""
        status, answered, payload = protocol.answer(self._handler, headers.get("X-Amz-Target"), body)
        return status, {**answered, **_CORS}, payload


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
