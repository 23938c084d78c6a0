"""A loopback proxy between the Node process and the target, which shows the target every exchange.

Targets read some of what they deliver from the responses a botocore client sees: moto hands the
reset code back in a response header, cognito-local's oracle reads its database right after each
ForgotPassword answer. Both listen to botocore events on a client (``Target.observe``). Requests
from aws-amplify never pass through botocore, so this proxy forwards them to the target byte for
byte and, for each exchange, emits on a botocore client the target observes the two events a real
call emits: ``before-parameter-build`` (the request parameters) and ``after-call`` (the HTTP
response and what botocore parses from it). The library still sees exactly what the target sent.
"""
from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.parsers import create_parser

HOST = "127.0.0.1"
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}
UPSTREAM_TIMEOUT = 60.0


class ObservedEndpoint:
    """Forwards every request to ``upstream`` and replays it as botocore events on ``observer``."""

    def __init__(self, upstream: str, observer: Any) -> None:
        parts = urlsplit(upstream)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the target's endpoint {upstream!r} is not an http(s) URL")
        self.upstream = upstream
        self._https = parts.scheme == "https"
        self._address = (parts.hostname, parts.port or (443 if self._https else 80))
        self._prefix = parts.path.rstrip("/")
        self._observer = observer
        self._parser = create_parser(observer.meta.service_model.protocol)
        self._events_lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the observed endpoint is not running")
        return f"http://{HOST}:{self._server.server_address[1]}"

    def start(self) -> "ObservedEndpoint":
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave in two writes

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                try:
                    status, response_headers, payload = proxy._forward(self.command, self.path, headers, body)
                except OSError as error:
                    self.send_error(502, f"the target did not answer: {error}")
                    return
                proxy._replay(headers, body, status, response_headers, payload)
                self.send_response(status)
                for key, value in response_headers:
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="amplify-js-endpoint", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    # --- plumbing ---------------------------------------------------------------------------

    def _forward(self, method: str, path: str, headers: dict[str, str],
                 body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        connection_class = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = connection_class(*self._address, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.request(method, self._prefix + path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def _replay(self, headers: dict[str, str], body: bytes, status: int,
                response_headers: list[tuple[str, str]], payload: bytes) -> None:
        """Emit the events a botocore call of the same operation would have emitted."""
        target = next((v for k, v in headers.items() if k.lower() == "x-amz-target"), "")
        operation_name = target.rpartition(".")[2]
        service_model = self._observer.meta.service_model
        if operation_name not in service_model.operation_names:
            return
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            return
        model = service_model.operation_model(operation_name)
        service_id = service_model.service_id.hyphenize()
        response_dict = {"status_code": status, "headers": HeadersDict(response_headers), "body": payload}
        parsed = self._parser.parse(response_dict, model.output_shape)
        http_response = AWSResponse(self.upstream, status, HeadersDict(response_headers), None)
        http_response._content = payload  # what botocore's own AWSResponse holds after reading the body
        context: dict[str, Any] = {"amplify_js": True}
        events = self._observer.meta.events
        with self._events_lock:  # the target's handlers were written for one call at a time
            events.emit(f"before-parameter-build.{service_id}.{operation_name}",
                        params=params, model=model, context=context)
            events.emit(f"after-call.{service_id}.{operation_name}",
                        http_response=http_response, parsed=parsed, model=model, context=context)
