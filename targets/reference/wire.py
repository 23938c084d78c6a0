"""Botocore glue: a real boto3 ``cognito-idp`` client whose requests a service answers in-process.

The client serialises requests and parses responses exactly as it would over the network; a
``before-send`` handler short-circuits only the transport, so nothing leaves the process.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import Any

import boto3.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from targets.boto import NO_RETRY_CONFIG, REGION

from . import protocol

# Nothing listens here: the handler answers before botocore would connect.
UNUSED_ENDPOINT = "http://127.0.0.1:9"
# boto3 sessions are not thread-safe; clients made from one are.
_SESSION_LOCK = threading.Lock()


class _Body:
    """The ``raw`` object botocore reads a response body from (it only calls ``stream``)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


class InProcessResponder:
    """A ``before-send`` handler answering every request from ``handler``."""

    def __init__(self, handler: protocol.Handler) -> None:
        self._handler = handler

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        target = request.headers.get("X-Amz-Target")
        if isinstance(target, bytes):
            target = target.decode()
        status, headers, body = protocol.answer(self._handler, target, request.body)
        return AWSResponse(request.url, status, headers, _Body(body))


@functools.cache
def _shared_session() -> boto3.session.Session:
    # One session for every client: loading and parsing the service model once makes each new
    # client about five times cheaper. Each client still gets its own copy of the event hooks.
    return boto3.session.Session(
        aws_access_key_id="reference",
        aws_secret_access_key="reference",
        region_name=REGION,
    )


def build_client(handler: protocol.Handler) -> Any:
    """A boto3 cognito-idp client, retries and validation off, that ``handler`` answers."""
    with _SESSION_LOCK:
        client = _shared_session().client(
            "cognito-idp",
            endpoint_url=UNUSED_ENDPOINT,
            # The suite observes the service's own checks, so botocore must not pre-empt them.
            config=NO_RETRY_CONFIG,
        )
    client.meta.events.register("before-send.cognito-idp", InProcessResponder(handler))
    return client
