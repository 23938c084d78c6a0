"""Another target behind a loopback proxy that adds a fixed delay to every request.

It stands in for the distance to a real Cognito region: the benchmark runs the same target with
and without it to show how wall time grows with latency, and how parallel workers and pool reuse
bring it down. Only targets with an HTTP endpoint can be put behind it. Everything but the endpoint
and the client bound to it is the inner target's: pools are provisioned by it, straight to the
service (the latency applies to the scenarios), and its oracle sees what reaches it through the proxy.
"""
from __future__ import annotations

from typing import Any

from localhost.loopback import ForwardingProxy
from targets.boto import cognito_client
from targets.contract import DelegatingTarget, Target, TargetError, TargetInfo


class LatencyTarget(DelegatingTarget):
    """``inner``, reached through a proxy that waits ``delay`` seconds before forwarding each request."""

    def __init__(self, inner: Target, delay: float) -> None:
        super().__init__(inner)
        self.delay = delay
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
        proxy, self._proxy, self._client = self._proxy, None, None
        if proxy is not None:
            proxy.stop()
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

    def info(self) -> TargetInfo:
        info = self.inner.info()
        info.details["latency_ms"] = str(round(self.delay * 1000))
        return info
