"""A target wrapper behind a loopback proxy that adds a fixed delay to every request.

It stands in for the distance to a real Cognito region: the benchmark runs the same target with
and without it to show how wall time grows with latency, and how parallel workers and pool reuse
bring it down. Only targets with an HTTP endpoint can be put behind it.
"""
from __future__ import annotations

from typing import Any

from localhost.loopback import ForwardingProxy
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


class LatencyTarget(Target):
    """Another target, reached through a :class:`~localhost.loopback.ForwardingProxy` that waits before forwarding."""

    name = "latency"

    def __init__(self, inner: Target, delay: float) -> None:
        self.inner = inner
        self.delay = delay
        self.capabilities = inner.capabilities  # type: ignore[misc]  (per instance: it is the inner's)
        self._proxy: ForwardingProxy | None = None
        self._client: Any = None

    def start(self) -> None:
        self.inner.start()
        upstream = self.inner.endpoint_url()
        if upstream is None:
            raise TargetError(f"target {self.inner.name!r} has no HTTP endpoint to put latency in front of")
        try:
            self._proxy = ForwardingProxy(upstream, delay=self.delay, name="latency-proxy").start()
        except ValueError as error:
            raise TargetError(f"the latency proxy cannot stand in front of {self.inner.name!r}: {error}") from None

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
        return self._client

    def health(self) -> str | None:
        return self.inner.health()

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
