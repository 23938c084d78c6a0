"""The reference target: the suite's own Cognito subset, served in-process to a boto3 client."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from targets.boto import cognito_client
from targets.contract import (
    CLIENT_METADATA,
    CLOCK,
    DELIVERY_LOG,
    RATE_LIMITS,
    SMS,
    SMS_MFA,
    ClientMetadataReceived,
    Delivery,
    Target,
    TargetError,
    TargetInfo,
)

from . import wire
from .clock import OffsetClock
from .http import ReferenceServer
from .service import UserPoolService

SUITE_VERSION = "0.1.0"


class ReferenceTarget(Target):
    """The executable specification: an in-memory user-pool service behind botocore's wire format.

    ``service_factory`` builds the service; pass a subclass of :class:`UserPoolService` to get a
    deliberately broken variant (a mutant) for testing the suite itself. Each instance has its own
    state and clock.
    """

    name: ClassVar[str] = "reference"
    capabilities: ClassVar[frozenset[str]] = frozenset({CLOCK, SMS, DELIVERY_LOG, RATE_LIMITS, SMS_MFA, CLIENT_METADATA})

    def __init__(self, service_factory: Callable[[], UserPoolService] = UserPoolService) -> None:
        self.service = service_factory()
        self._client: Any = None

    def cognito_client(self) -> Any:
        if self._client is None:
            self._client = wire.build_client(self.service)
        return self._client

    def info(self) -> TargetInfo:
        details = {}
        service_class = type(self.service)
        if service_class is not UserPoolService:
            details["service"] = f"{service_class.__module__}.{service_class.__qualname__}"
        return TargetInfo(name=self.name, version=SUITE_VERSION, details=details)

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        return self.service.last_delivery(pool_id, username)

    def deliveries(self, pool_id: str, username: str) -> list[Delivery]:
        return self.service.deliveries(pool_id, username)

    def client_metadata(self, pool_id: str, username: str) -> list[ClientMetadataReceived]:
        return self.service.client_metadata(pool_id, username)

    def advance_clock(self, seconds: float) -> None:
        self.service.clock.advance(seconds)

    def wait(self, seconds: float) -> None:
        self.service.clock.wait(seconds)


class ReferenceHttpTarget(ReferenceTarget):
    """The reference service served over HTTP on a free loopback port.

    For clients that cannot be handed a boto3 client (the real amplify-js library) and for the
    latency proxy. Its clock follows wall time (plus what scenarios advance), because such clients
    compare token expiry with their own clock.
    """

    name: ClassVar[str] = "reference-http"

    def __init__(self, service_factory: Callable[[], UserPoolService] | None = None) -> None:
        super().__init__(service_factory or (lambda: UserPoolService(clock=OffsetClock())))
        self._server: ReferenceServer | None = None

    def start(self) -> None:
        self._server = ReferenceServer(self.service)
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def endpoint_url(self) -> str | None:
        return None if self._server is None else self._server.url

    def cognito_client(self) -> Any:
        if self._client is None:
            url = self.endpoint_url()
            if url is None:
                raise TargetError("the reference-http target was used before start()")
            self._client = cognito_client(url)
        return self._client
