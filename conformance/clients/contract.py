"""Who speaks the Amplify API for a run: the client driver, and the app sessions it opens.

A run has one :class:`ClientDriver`. The suite checks it can run on this machine when the
``--client`` option is read (:meth:`ClientDriver.check_available`), starts it once the target has
started (:meth:`ClientDriver.start`), asks it for a new app session on a provisioned pool whenever a
scenario needs one (:meth:`ClientDriver.session`), and stops it at the end of the run
(:meth:`ClientDriver.stop`), which returns the :class:`RequestTally` of what its sessions sent.
Whatever a driver shares between its sessions (a Node process, the run's totals) is state of the
driver instance, so two drivers in one process never mix their runs.

Requests are counted once each. A session counts its own in ``requests_sent``, and its driver adds
them to the tally. The run counts, on the target's boto3 client, the requests of the harness and of
the target's plumbing; a session that sends through that same boto3 client (the python client does)
sends inside :func:`sent_by_a_session`, so that the run's count passes over them.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Protocol, runtime_checkable

from conformance.clients.errors import AuthError

if TYPE_CHECKING:
    from targets.contract import ProvisionedPool, Target


class ClientUnavailable(ValueError):
    """The client cannot run here (a missing tool, package or endpoint); the message names the fix."""


@dataclass
class RequestTally:
    """Requests sent and seconds spent waiting for them, and the real seconds waited before retries."""

    count: int = 0
    seconds: float = 0.0
    backoff_seconds: float = 0.0

    def add(self, count: int, seconds: float) -> None:
        self.count += count
        self.seconds += seconds


class AmplifyClient(Protocol):
    """One app session: the Amplify Auth calls a scenario makes. Errors are raised as :class:`AuthError`.

    Besides the calls, the harness reads ``access_token`` (the signed-in session's token, or None) and
    ``requests_sent``: the requests this session has sent to the service so far, which is how "no
    request reached the service" is judged. ``client_metadata`` is the caller's
    ``options.clientMetadata``; the harness passes it only when a scenario gives one.
    """

    requests_sent: int

    @property
    def access_token(self) -> str | None: ...

    def reset_password(self, username: str, client_metadata: dict[str, str] | None = None) -> dict[str, Any]: ...

    def confirm_reset_password(self, username: str, confirmation_code: str, new_password: str,
                               client_metadata: dict[str, str] | None = None) -> None: ...

    def update_password(self, old_password: str, new_password: str) -> None: ...

    def sign_in(self, username: str, password: str) -> dict[str, Any]: ...

    def confirm_sign_in(self, challenge_response: str) -> dict[str, Any]: ...

    def sign_up(self, username: str, password: str, attributes: dict[str, str]) -> dict[str, Any]: ...


@runtime_checkable
class ClientDriver(Protocol):
    """Who speaks the Amplify API for one run (``--client``)."""

    name: str

    def check_available(self) -> None:
        """Raise :class:`ClientUnavailable` (one sentence naming the fix) when the client cannot run on
        this machine; called when the option is read, before anything starts."""

    def start(self, target: Target) -> None:
        """Start what the run's sessions share, for ``target`` (already started); raise
        :class:`ClientUnavailable` naming the fix when the client cannot work with it."""

    def session(self, pool: ProvisionedPool) -> AmplifyClient:
        """A new app session on ``pool``, signed out, with nothing shared with earlier sessions."""

    def stop(self) -> RequestTally:
        """Stop what :meth:`start` started; what the run's sessions sent, and how long they slept."""


_SENDING: ContextVar[RequestTally | None] = ContextVar("amplify_session_sending", default=None)


@contextmanager
def sent_by_a_session(tally: RequestTally) -> Iterator[None]:
    """Marks the requests sent inside it, through the target's own boto3 client, as those of a session
    whose driver keeps ``tally``."""
    token = _SENDING.set(tally)
    try:
        yield
    finally:
        _SENDING.reset(token)


def sending_session_tally() -> RequestTally | None:
    """The driver's tally when the request being sent now is a session's (which the session counts
    itself), or None."""
    return _SENDING.get()


__all__ = ["AmplifyClient", "AuthError", "ClientDriver", "ClientUnavailable", "RequestTally",
           "sending_session_tally", "sent_by_a_session"]
