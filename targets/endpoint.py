"""The ``endpoint`` target: any Cognito-compatible service at a URL, with a code oracle you provide.

This is how another implementation uses the suite as its CI gate. The suite does not start or stop
the service; it sends every request to the URL and asks your oracle which code was delivered.

Configuration (environment variables, so that tox can pass them through):

``CONFORMANCE_ENDPOINT_URL`` (required)
    The service's base URL, e.g. ``http://127.0.0.1:9229``. Requests are signed with dummy
    credentials in region ``CONFORMANCE_REGION`` (default ``us-east-1``).
``CONFORMANCE_CODE_ORACLE`` (required)
    ``package.module:function``, called as ``function(pool_id, username)``; it returns
    ``targets.contract.Delivery(medium, destination, code)`` for the newest code the service
    delivered to that user (``medium`` "EMAIL" or "SMS", ``destination`` the unmasked address or
    number, ``code`` exactly as delivered), or ``None`` when it delivered none. ``username`` is the
    name the user was created with: in pools that sign in with email or phone, that address or
    number. Read the code where your service really sends it (a test mailbox, an outbox table, a
    log); never make every code the same, or the suite cannot tell whether codes are checked.
``CONFORMANCE_CAPABILITIES`` (optional, comma-separated, default none)
    Any of ``sms``, ``clock``, ``rate_limits``: declare only what the service really has. ``sms``
    means codes can go by SMS and your oracle returns them; ``clock`` also needs
    ``CONFORMANCE_CLOCK`` = ``package.module:function``, called as ``function(seconds)`` to move the
    service's clock forward.

The recipe, with moto server standing in for "your implementation" and
``targets.moto.example_endpoint_oracle`` as the oracle::

    python -m moto.server -H 127.0.0.1 -p 5055 &
    CONFORMANCE_ENDPOINT_URL=http://127.0.0.1:5055 \\
    CONFORMANCE_CODE_ORACLE=targets.moto.example_endpoint_oracle:last_delivery \\
    CONFORMANCE_CAPABILITIES=sms \\
    tox -e endpoint
    kill %1
"""
from __future__ import annotations

import os
from typing import Any, Callable, ClassVar
from urllib.parse import urlparse

from botocore.exceptions import BotoCoreError, ClientError

from targets.boto import REGION, cognito_client
from targets.contract import CLOCK, KNOWN_CAPABILITIES, Delivery, Target, TargetError, TargetInfo
from targets.registry import load_by_path

URL_VARIABLE = "CONFORMANCE_ENDPOINT_URL"
ORACLE_VARIABLE = "CONFORMANCE_CODE_ORACLE"
CAPABILITIES_VARIABLE = "CONFORMANCE_CAPABILITIES"
CLOCK_VARIABLE = "CONFORMANCE_CLOCK"
REGION_VARIABLE = "CONFORMANCE_REGION"


class EndpointTarget(Target):
    """A Cognito-compatible service someone else runs, reached at a URL."""

    name: ClassVar[str] = "endpoint"

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.url = env.get(URL_VARIABLE, "").strip()
        if not self.url:
            raise TargetError(f"the endpoint target needs {URL_VARIABLE}, the service's URL "
                              f"(e.g. {URL_VARIABLE}=http://127.0.0.1:9229), and {ORACLE_VARIABLE}")
        if urlparse(self.url).scheme not in {"http", "https"} or not urlparse(self.url).netloc:
            raise TargetError(f"{URL_VARIABLE}={self.url!r} is not an http(s) URL")
        oracle_path = env.get(ORACLE_VARIABLE, "").strip()
        if not oracle_path:
            raise TargetError(f"the endpoint target needs {ORACLE_VARIABLE}=package.module:function, a function "
                              "(pool_id, username) -> Delivery | None that reads the codes your service delivers")
        self._oracle: Callable[[str, str], Delivery | None] = _load(ORACLE_VARIABLE, oracle_path)
        self.oracle_path = oracle_path
        names = {c.strip() for c in env.get(CAPABILITIES_VARIABLE, "").split(",") if c.strip()}
        unknown = names - KNOWN_CAPABILITIES
        if unknown:
            raise TargetError(f"{CAPABILITIES_VARIABLE} names unknown capabilities {sorted(unknown)}; "
                              f"choose from {sorted(KNOWN_CAPABILITIES)}")
        self.capabilities = frozenset(names)  # type: ignore[misc]  # per instance: read from the environment
        self._clock: Callable[[float], None] | None = None
        if CLOCK in names:
            clock_path = env.get(CLOCK_VARIABLE, "").strip()
            if not clock_path:
                raise TargetError(f"{CAPABILITIES_VARIABLE} declares 'clock', so {CLOCK_VARIABLE}=package.module:function "
                                  "(seconds) -> None must say how to advance the service's clock")
            self._clock = _load(CLOCK_VARIABLE, clock_path)
        self.region = env.get(REGION_VARIABLE, "").strip() or REGION
        self._client: Any = None

    def start(self) -> None:
        """Check that something answers at the URL, so that a wrong URL ends the run in one sentence."""
        try:
            self.cognito_client().list_user_pools(MaxResults=1)
        except ClientError:
            pass  # the service answered; whether it has ListUserPools is not this check's business
        except BotoCoreError as error:
            raise TargetError(f"nothing answers at {URL_VARIABLE}={self.url} ({error}); start your service "
                              "or correct the URL") from None

    def cognito_client(self) -> Any:
        if self._client is None:
            self._client = cognito_client(self.url, self.region)
        return self._client

    def endpoint_url(self) -> str | None:
        return self.url

    def info(self) -> TargetInfo:
        return TargetInfo(name=self.name, details={"endpoint": self.url, "code oracle": self.oracle_path})

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        delivery = self._oracle(pool_id, username)
        if delivery is not None and not isinstance(delivery, Delivery):
            raise TargetError(f"the code oracle {self.oracle_path} returned {type(delivery).__name__}, "
                              "not targets.contract.Delivery or None")
        return delivery

    def advance_clock(self, seconds: float) -> None:
        if self._clock is None:
            super().advance_clock(seconds)
        else:
            self._clock(seconds)


def _load(variable: str, path: str) -> Callable[..., Any]:
    try:
        hook = load_by_path(path)
    except ImportError as error:
        raise TargetError(f"{variable}: {error}") from None
    if not callable(hook):
        raise TargetError(f"{variable}: {path} is not callable")
    return hook
