"""A client class's part in one run: what it starts and stops, and the requests it sent itself.

A client class offers ``for_target(target, pool)``, which builds one app session on a provisioned
pool. It may also offer:

- ``check_available()``: raise :class:`ClientUnavailable` (one sentence naming the fix) when it
  cannot run on this machine; called when the option is read, before anything starts;
- ``start_run(target)`` / ``stop_run()``: start what the whole run shares (the amplify-js client's
  Node process) after the target started, and stop it at the end; ``stop_run`` returns the
  :class:`RequestTally` of requests its clients sent without the target's boto3 client.

A client instance that sends requests without the target's boto3 client counts them in its
``service_calls`` attribute; the harness adds them to what it counts on that client.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from targets.contract import ProvisionedPool, Target


class ClientUnavailable(ValueError):
    """The client cannot run here (a missing tool, package or endpoint); the message names the fix."""


@dataclass
class RequestTally:
    """Requests sent and seconds spent waiting for them, and seconds slept before retries."""

    count: int = 0
    seconds: float = 0.0
    backoff_seconds: float = 0.0

    def add(self, count: int, seconds: float) -> None:
        self.count += count
        self.seconds += seconds


class ClientRun:
    """Builds the run's clients; :meth:`stop` ends what the client class started for the run."""

    def __init__(self, client_class: type, target: Target) -> None:
        self._class = client_class
        start = getattr(client_class, "start_run", None)
        if start is not None:
            start(target)

    def new_client(self, target: Target, pool: ProvisionedPool) -> Any:
        build: Callable[[Target, ProvisionedPool], Any] | None = getattr(self._class, "for_target", None)
        if build is not None:
            return build(target, pool)
        return self._class(target.cognito_client(), pool.client_id)  # a client class without for_target

    def stop(self) -> RequestTally:
        stop = getattr(self._class, "stop_run", None)
        return stop() if stop is not None else RequestTally()
