"""The contract every target implements.

A target is a Cognito-compatible user-pool service under test. The suite reaches it through a real
boto3 ``cognito-idp`` client, so requests and responses always cross botocore's wire serialisation,
or, for a client outside Python, at the target's HTTP endpoint. Beyond that a target offers three
things the Cognito API cannot: the code it delivered to a user (the code oracle), control of its
clock where it has one, and an honest list of capabilities so that scenarios it cannot run are
reported as not applicable rather than passed.
"""
from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

# Capability names a target may declare. A scenario (or an Examples block of one) tagged
# ``@needs_<capability>`` runs only on targets that declare it.
CLOCK = "clock"  # the target's notion of time can be advanced (code and temporary-password expiry)
# ``sms``: the target sends reset codes by SMS where a pool says so, and its oracle returns them as
# deliveries with medium "SMS". What that proves depends on where the oracle reads the medium. The
# reference's oracle reads the message the service recorded, the cognito target's the Custom SMS
# sender trigger that received it: there, a code sent over another channel than the response names
# is caught. moto's and cognito-local's oracles take the medium (and the attribute whose value they
# report as the destination) from the service's own ForgotPassword response: there, ``sms`` only
# means "the response says SMS", and a delivery can never disagree with the response.
SMS = "sms"
RATE_LIMITS = "rate_limits"  # the target enforces per-user attempt limits
DELIVERY_LOG = "delivery_log"  # the oracle can list every message sent to a user, not only the newest
# SMS multi-factor authentication can be asked of the target: a pool the definitions give SMS MFA,
# and SMS as a user's MFA method (AdminSetUserMFAPreference). The target needs no SNS role of its
# own for that; real Cognito does (a deployment creates one), so a target that cannot supply one
# leaves it undeclared. An emulator that declares it and then refuses the request fails the scenario.
SMS_MFA = "sms_mfa"
CLIENT_METADATA = "client_metadata"  # the target shows the ClientMetadata its Lambda triggers were given
KNOWN_CAPABILITIES = frozenset({CLOCK, SMS, RATE_LIMITS, DELIVERY_LOG, SMS_MFA, CLIENT_METADATA})


class TargetError(Exception):
    """A target could not be started, reached or used; the message says what to do about it."""


class CapabilityMissing(TargetError):
    """The target lacks a capability a scenario needs."""


@dataclass(frozen=True)
class PoolRequest:
    """What to provision: the CreateUserPool and CreateUserPoolClient parameters of one definition."""

    pool: dict[str, Any]
    client: dict[str, Any]


@dataclass(frozen=True)
class ProvisionedPool:
    pool_id: str
    client_id: str


@dataclass(frozen=True)
class Delivery:
    """One message carrying a code, as the target recorded it (never masked)."""

    medium: str  # "EMAIL" or "SMS"
    destination: str
    code: str = field(repr=False)  # kept out of reprs, so that no failure message carries a code


@dataclass(frozen=True)
class ClientMetadataReceived:
    """The ClientMetadata of one request, as the target handed it to the user pool's Lambda triggers."""

    operation: str  # the Cognito operation, e.g. "ForgotPassword"
    metadata: dict[str, str]


# The TargetInfo detail naming the AWS account a target runs in, as a SHA-256 prefix (never the ID itself).
ACCOUNT_DETAIL = "account (sha256)"


@dataclass
class TargetInfo:
    name: str
    version: str = "unknown"
    details: dict[str, str] = field(default_factory=dict)


class Target(ABC):
    """A Cognito-compatible service under test."""

    name: ClassVar[str]
    capabilities: ClassVar[frozenset[str]] = frozenset()

    def start(self) -> None:
        """Make the target ready (start servers, open sessions). Called once per run."""

    def stop(self) -> None:
        """Release everything :meth:`start` and :meth:`provision` took. Called once per run."""

    @abstractmethod
    def cognito_client(self) -> Any:
        """A boto3 ``cognito-idp`` client bound to this target.

        Botocore retries and client-side parameter validation must be off
        (``targets.boto.NO_RETRY_CONFIG``): the suite observes the service's own checks, and retries
        are the Amplify client's business.
        """

    def endpoint_url(self) -> str | None:
        """The HTTP endpoint of the target, where it has one.

        Whatever reaches the target there (the suite's boto3 clients, the real aws-amplify in Node, a
        latency proxy in front) is the target's business from then on: a code oracle that reads the
        service's answers taps them at this endpoint, so no client needs to know how the oracle works.
        """
        return None

    def info(self) -> TargetInfo:
        return TargetInfo(name=self.name)

    def health(self) -> str | None:
        """Why the target no longer answers, where it can tell (e.g. its server process exited, and
        where its log is); None when it knows of nothing wrong. Asked after a request got no answer,
        so that the run's error names the cause instead of blaming the target's conformance."""
        return None

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        """Create a user pool and its app client. Targets that need more (tags, triggers) override."""
        client = self.cognito_client()
        pool_id = client.create_user_pool(**request.pool)["UserPool"]["Id"]
        client_id = client.create_user_pool_client(UserPoolId=pool_id, **request.client)[
            "UserPoolClient"
        ]["ClientId"]
        return ProvisionedPool(pool_id=pool_id, client_id=client_id)

    @abstractmethod
    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        """The newest code the target delivered to the user, or None if it delivered none.

        ``username`` is the name the user was created with (an email address or phone number in
        pools that sign in with those).
        """

    def deliveries(self, pool_id: str, username: str) -> list[Delivery]:
        """Every message carrying a code sent to the user, oldest first. Only targets declaring
        ``delivery_log`` support it."""
        raise CapabilityMissing(f"target {self.name!r} cannot list every message it delivered")

    def client_metadata(self, pool_id: str, username: str) -> list[ClientMetadataReceived]:
        """The ClientMetadata of every request about the user that reached the pool's Lambda triggers,
        oldest first, each exactly as the request carried it (the operation named as Cognito names it).

        Cognito keeps no ClientMetadata: it only passes it to the triggers the request invokes (a
        message for ForgotPassword, the confirmation of ConfirmForgotPassword). A target shows here
        what those triggers received, or would have received in a pool that had them; requests that
        carried no ClientMetadata are left out. Only targets declaring ``client_metadata`` support it.
        """
        raise CapabilityMissing(f"target {self.name!r} cannot show the ClientMetadata its triggers received")

    def advance_clock(self, seconds: float) -> None:
        """Move the target's clock forward. Only targets declaring ``clock`` support it."""
        raise CapabilityMissing(f"target {self.name!r} cannot advance its clock")

    def wait(self, seconds: float) -> None:
        """Let ``seconds`` pass for the target, as a client does before it retries a throttled call.

        Real time by default. A target whose time stands still until it is advanced (the in-process
        reference) advances its clock instead: sleeping would change nothing it can see.
        """
        time.sleep(seconds)


class DelegatingTarget(Target):
    """A target wrapping another one, ``inner``, to change part of it: every method of the contract,
    the name and the capabilities go to ``inner`` unless a subclass overrides them, and so does any
    other attribute it does not have itself. A method added to :class:`Target` must be forwarded here
    too (a test checks that every one is)."""

    def __init__(self, inner: Target) -> None:
        self.inner = inner

    @property  # type: ignore[override]
    def name(self) -> str:
        return self.inner.name

    @property  # type: ignore[override]
    def capabilities(self) -> frozenset[str]:
        return self.inner.capabilities

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "inner":  # not set yet: no inner target to ask
            raise AttributeError(attribute)
        return getattr(self.inner, attribute)

    def start(self) -> None:
        self.inner.start()

    def stop(self) -> None:
        self.inner.stop()

    def cognito_client(self) -> Any:
        return self.inner.cognito_client()

    def endpoint_url(self) -> str | None:
        return self.inner.endpoint_url()

    def info(self) -> TargetInfo:
        return self.inner.info()

    def health(self) -> str | None:
        return self.inner.health()

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        return self.inner.provision(request)

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        return self.inner.last_delivery(pool_id, username)

    def deliveries(self, pool_id: str, username: str) -> list[Delivery]:
        return self.inner.deliveries(pool_id, username)

    def client_metadata(self, pool_id: str, username: str) -> list[ClientMetadataReceived]:
        return self.inner.client_metadata(pool_id, username)

    def advance_clock(self, seconds: float) -> None:
        self.inner.advance_clock(seconds)

    def wait(self, seconds: float) -> None:
        self.inner.wait(seconds)
