"""How a live process of the cognito target tells ``sweep``, wherever it runs, that its pools are in use.

Every pool carries the tag ``LEASE_TAG``: a UTC time ``LEASE_SECONDS`` ahead, set when the pool is
created and moved forward every ``RENEW_SECONDS`` (with TagResource) for as long as the process that
created it lives. A process that dies, however it dies, stops renewing; once the time has passed,
``sweep`` may take the pool for abandoned. The lease is three renewals long, so that a renewal or two
lost to throttling or a slow network does not expose a live run's pools.
"""
from __future__ import annotations

import datetime as dt
import signal
import threading
from typing import Any, Callable

from botocore.exceptions import BotoCoreError, ClientError

from targets.cognito.tagging import LEASE_TAG

LEASE_SECONDS = 15 * 60
RENEW_SECONDS = 5 * 60
_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # a tag value may hold letters, digits and ": - +" among others


def lease_until(now: dt.datetime | None = None, seconds: float = LEASE_SECONDS) -> str:
    """The value of a lease tag that runs out ``seconds`` from ``now``."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    return (moment + dt.timedelta(seconds=seconds)).strftime(_FORMAT)


def lease_end(tags: dict[str, str]) -> dt.datetime | None:
    """When the lease in a pool's ``tags`` runs out; None when it has none (or one that cannot be read)."""
    try:
        return dt.datetime.strptime(tags.get(LEASE_TAG, ""), _FORMAT).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


class LeaseKeeper:
    """Renews the lease of a process's pools in a background thread until stopped.

    ``pools`` gives the pools to renew as ``{pool ID: ARN}`` each time. A renewal that fails is
    reported once per pool and tried again next time: the run goes on either way.
    """

    def __init__(self, client_factory: Callable[[], Any], pools: Callable[[], dict[str, str]],
                 report: Callable[[str], None], renew_every: float = RENEW_SECONDS,
                 lease_seconds: float = LEASE_SECONDS) -> None:
        self._client_factory = client_factory
        self._client: Any = None
        self._pools = pools
        self._report = report
        self.renew_every = renew_every
        self.lease_seconds = lease_seconds
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._reported: set[str] = set()

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopped.clear()
        self._thread = threading.Thread(target=self._keep, name="cognito-pool-lease", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop renewing (the thread ends after the renewal under way, if any; nobody waits for it)."""
        self._stopped.set()

    def renew(self) -> None:
        """Move the lease of every pool forward now."""
        until = lease_until(seconds=self.lease_seconds)
        for pool_id, arn in self._pools().items():
            try:
                self.client().tag_resource(ResourceArn=arn, Tags={LEASE_TAG: until})
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":  # deleted meanwhile
                    self._report_once(pool_id, error.response.get("Error", {}).get("Code", "error"))
            except BotoCoreError as error:
                self._report_once(pool_id, type(error).__name__)

    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def _keep(self) -> None:
        # The kernel hands a process's signal to any thread that does not block it; here it would wait
        # for the main thread's blocking call (an HTTP request, up to its timeout) to end before Python
        # acted on it. Blocked here, it goes to the main thread and interrupts that call at once.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        while not self._stopped.wait(self.renew_every):
            self.renew()

    def _report_once(self, pool_id: str, why: str) -> None:
        if pool_id not in self._reported:
            self._reported.add(pool_id)
            self._report(f"cognito target: could not renew the lease of pool {pool_id} ({why}); once it runs out, "
                         "a sweep on another machine may take the pool for abandoned")
