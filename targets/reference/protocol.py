"""AWS JSON 1.1 framing: a request (target header, body) in, a response (status, headers, body) out.

Free of botocore and of any transport, so the in-process hook and an HTTP server share it.
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Protocol

from .errors import ServiceError

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
CONTENT_TYPE = "application/x-amz-json-1.1"


class Handler(Protocol):
    def handle(self, operation: str, params: dict[str, Any]) -> dict[str, Any]: ...


def _error_body(error: ServiceError) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps({"__type": error.code, "message": error.message}).encode()
    return error.status, {"x-amzn-ErrorType": f"{error.code}:"}, body


def answer(
    handler: Handler, target: str | None, body: bytes | str | None
) -> tuple[int, dict[str, str], bytes]:
    """Run the request named by the ``X-Amz-Target`` value ``target`` with JSON ``body``."""
    headers = {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": str(uuid.uuid4())}
    try:
        operation = (target or "").removeprefix(TARGET_PREFIX)
        try:
            params = json.loads(body) if body else {}
        except (ValueError, UnicodeDecodeError):
            raise ServiceError(
                "SerializationException", "The request body is not valid JSON."
            ) from None
        payload = json.dumps(handler.handle(operation, params)).encode()
        status = 200
    except ServiceError as error:
        status, error_headers, payload = _error_body(error)
        headers.update(error_headers)
    headers["Content-Length"] = str(len(payload))
    return status, headers, payload
