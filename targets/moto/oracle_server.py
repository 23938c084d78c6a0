"""EXAMPLE: an HTTP code oracle for moto server, the worked example of the ``endpoint`` target's protocol.

Run it in front of a moto server::

    python -m targets.moto.oracle_server --moto-url http://127.0.0.1:5000 --port 5001

It serves two things on one loopback port (127.0.0.1 only) and prints both URLs:

- ``http://127.0.0.1:5001``, the endpoint to test (``CONFORMANCE_ENDPOINT_URL``): a tap that forwards
  every request to moto server unchanged and watches the answers, as the ``moto-server`` target's own
  tap does (``targets.moto.server``);
- ``http://127.0.0.1:5001/oracle``, the code oracle (``CONFORMANCE_CODE_ORACLE``): it answers
  ``GET /oracle/deliveries?userPoolId=…&username=…`` with ``{"deliveries": [...]}``, as
  ``targets/schemas/code-oracle.schema.json`` describes.

moto sends no message: the only place it delivers a code is the response header
``x-moto-forgot-password-confirmation-code`` of ForgotPassword. So the oracle keeps every code that
passed through the tap, with the channel moto reported beside it, exactly as the ``moto-server``
target's oracle does (``targets.moto.oracle``), and lists them oldest first. It learns which pool an
app client belongs to from the CreateUserPoolClient answers it forwards, so the suite must provision
through the tap (it does: it sends every request to ``CONFORMANCE_ENDPOINT_URL``). Which user a name
means is asked of moto itself (AdminGetUser, sent straight to moto server, in the Region the pool ID
names). moto has no clock to move, so no clock URL is served.

Your implementation's oracle should read where it really delivers codes (an outbox, a test mailbox);
this one reads the header because that is moto's outbox.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
import threading
from typing import Any, Mapping, Sequence
from urllib.parse import parse_qs, urlsplit

from localhost.loopback import Answer, Exchange, ForwardingProxy
from targets.boto import REGION, cognito_client
from targets.moto.oracle import ForgotPasswordCodes, MotoUser, lookup_by_admin_get_user

ORACLE_PATH = "/oracle"
DELIVERIES_PATH = f"{ORACLE_PATH}/deliveries"
JSON_HEADERS = {"Content-Type": "application/json"}


class MotoOracleServer(ForwardingProxy):
    """A tap in front of moto server that also answers the deliveries protocol under ``/oracle``."""

    def __init__(self, moto_url: str, port: int = 0) -> None:
        super().__init__(moto_url, on_exchange=self._see, name="moto oracle server")
        self._port = port
        self._codes = ForgotPasswordCodes(self._lookup)
        self._moto_clients: dict[str, Any] = {}  # Region -> a client sent straight to moto server
        self._clients_lock = threading.Lock()

    @property
    def oracle_url(self) -> str:
        return self.url + ORACLE_PATH

    def start(self) -> MotoOracleServer:
        super().start()
        return self

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        parts = urlsplit(path)
        if parts.path == DELIVERIES_PATH:
            if method != "GET":
                return _json(405, {"message": f"{DELIVERIES_PATH} answers GET only"})
            return self._deliveries(parse_qs(parts.query))
        return super().answer(method, path, headers, body)

    def _deliveries(self, query: dict[str, list[str]]) -> Answer:
        pool_id, username = (query.get(name, [""])[0] for name in ("userPoolId", "username"))
        if not pool_id or not username:
            return _json(400, {"message": "give userPoolId and username"})
        try:
            found = self._codes.deliveries(pool_id, username)
        except Exception as error:  # the oracle broke: say so, never answer "nothing delivered"
            return _json(500, {"message": f"the oracle could not read the deliveries: {type(error).__name__}: {error}"})
        return _json(200, {"deliveries": [{"medium": d.medium, "destination": d.destination, "code": d.code}
                                          for d in found]})

    def _see(self, exchange: Exchange) -> None:
        """Every exchange the tap forwarded: app clients as they are created, then ForgotPassword answers."""
        if (exchange.request_header("X-Amz-Target") or "").endswith(".CreateUserPoolClient") and exchange.status == 200:
            try:
                created = json.loads(exchange.response_body or b"{}").get("UserPoolClient") or {}
            except (ValueError, AttributeError):
                created = {}
            if isinstance(created.get("UserPoolId"), str) and isinstance(created.get("ClientId"), str):
                self._codes.tap.app_client_of(created["UserPoolId"], created["ClientId"])
        self._codes.tap.exchange(exchange)

    def _lookup(self, pool_id: str, name: str) -> MotoUser | None:
        region = pool_id.partition("_")[0] if "_" in pool_id else REGION
        with self._clients_lock:
            if region not in self._moto_clients:
                self._moto_clients[region] = cognito_client(self.upstream, region)
            client = self._moto_clients[region]
        return lookup_by_admin_get_user(lambda: client)(pool_id, name)


def _json(status: int, document: dict[str, Any]) -> Answer:
    return status, JSON_HEADERS, json.dumps(document).encode()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m targets.moto.oracle_server", description=(
        "A tap in front of moto server that also serves the endpoint target's HTTP code oracle."))
    parser.add_argument("--moto-url", required=True, help="moto server's URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--port", type=int, default=0, help="the port to serve on, on 127.0.0.1 (default: a free one)")
    options = parser.parse_args(argv)

    moto = urlsplit(options.moto_url)
    if moto.scheme != "http" or not moto.hostname:
        parser.error(f"--moto-url {options.moto_url!r} is not an http:// URL")
    try:
        socket.create_connection((moto.hostname, moto.port or 80), timeout=2).close()
    except OSError as error:
        print(f"error: nothing answers at --moto-url {options.moto_url} ({error}); start moto server first",
              file=sys.stderr)
        return 2
    try:
        server = MotoOracleServer(options.moto_url, options.port).start()
    except OSError as error:
        print(f"error: cannot serve on 127.0.0.1:{options.port} ({error}); choose another --port", file=sys.stderr)
        return 2
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print(f"endpoint (CONFORMANCE_ENDPOINT_URL): {server.url}", flush=True)
    print(f"code oracle (CONFORMANCE_CODE_ORACLE): {server.oracle_url}", flush=True)
    print(f"forwarding to moto server at {options.moto_url}; stop with Ctrl-C", flush=True)
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    # A runner in front (tox) passes the interrupt on once more and kills what has not ended within a
    # fraction of a second: end at once, without the interpreter's teardown. Nothing is left to save;
    # the listening socket closes with the process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("stopped", flush=True)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
