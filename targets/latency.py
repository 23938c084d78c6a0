"""A loopback proxy that adds a fixed delay to every request, and a target wrapper that uses it.

It stands in for the distance to a real Cognito region: the benchmark runs the same target with
and without it to show how wall time grows with latency, and how parallel workers and pool reuse
bring it down. Only targets with an HTTP endpoint can be put behind it.
"""
from __future__ import annotations

import http.client
import time
from typing import Any, Mapping
from urllib.parse import urlsplit

from localhost.loopback import LoopbackServer
from targets.boto import cognito_client
from targets.contract import (
    ClientMetadataReceived,
    Delivery,
    PoolRequest,
    ProvisionedPool,
    Target,
    TargetError,
    TargetInfo,
)

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}


class LatencyProxy(LoopbackServer):
    """Forwards every request to ``upstream`` after sleeping ``delay`` seconds."""

    def __init__(self, upstream: str, delay: float) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise TargetError(f"the latency proxy forwards to plain http:// endpoints only, not {upstream!r}")
        super().__init__("latency-proxy")
        self.delay = delay
        self._upstream = (parts.hostname, parts.port or 80)

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes):
        time.sleep(self.delay)
        connection = http.client.HTTPConnection(*self._upstream, timeout=60)
        try:
            kept = {k: v for k, v in headers.items() if k.lower() not in _HOP_BY_HOP}
            connection.request(method, path, body=body, headers=kept)
            response = connection.getresponse()
            payload = response.read()
            answered = {k: v for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP}
            return response.status, answered, payload
        finally:
            connection.close()


class LatencyTarget(Target):
    """Another target, reached through a :class:`LatencyProxy`."""

    name = "latency"

    def __init__(self, inner: Target, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.capabilities = inner.capabilities  # type: ignore[misc]  (per instance: it is the inner's)
        self._proxy: LatencyProxy | None = None
        self._client: Any = None

    def start(self) -> None:
        self.inner.start()
        upstream = self.inner.endpoint_url()
        if upstream is None:
            raise TargetError(f"target {self.inner.name!r} has no HTTP endpoint to put latency in front of")
        self._proxy = LatencyProxy(upstream, self.delay)
        self._proxy.start()

    def stop(self) -> None:
        if self._proxy is not None:
            self._proxy.stop()
        self.inner.stop()

    def endpoint_url(self) -> str | None:
        return None if self._proxy is None else self._proxy.url

    def cognito_client(self) -> Any:
        if self._client is None:
            url = self.endpoint_url()
            if url is None:
                raise TargetError("the latency target has not been started")
            self._client = cognito_client(url)
            self.inner.observe(self._client)
        return self._client

    def health(self) -> str | None:
        return self.inner.health()

    def observe(self, client: Any) -> None:
        self.inner.observe(client)  # the inner target's oracle must see what reaches it through the proxy

    def info(self) -> TargetInfo:
        info = self.inner.info()
        info.details["latency_ms"] = str(round(self.delay * 1000))
        return info

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        # The inner target knows what provisioning takes (tags, triggers, its oracle's bookkeeping),
        # so pools are made by it, straight to the service: the latency applies to the scenarios.
        return self.inner.provision(request)

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        return self.inner.last_delivery(pool_id, username)

    def deliveries(self, pool_id: str, username: str) -> list[Delivery]:
        return self.inner.deliveries(pool_id, username)

    def client_metadata(self, pool_id: str, username: str) -> list[ClientMetadataReceived]:
        return self.inner.client_metadata(pool_id, username)

    def advance_clock(self, seconds: float) -> None:
        self.inner.advance_clock(seconds)
