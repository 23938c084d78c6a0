"""Deleting every user pool a process of the run created: at the end, on Ctrl-C, on SIGTERM, and at exit.

The janitor watches the target's Cognito client: a CreateUserPool answer adds the pool to its list,
a DeleteUserPool answer takes it off. A CreateUserPool that was sent but never answered (the process
was interrupted while waiting, or the connection broke) may still make a pool, which Cognito may
list only later: the clean-up looks for it by name, run tag and owner tag, again and again for up to
``CLEAN_UP_SECONDS``, and deletes what it finds; deletions are repeated until Cognito confirms them,
within the same time.

It cleans up when the target stops and, should the run never get there, when the process exits
(``atexit``) or receives SIGINT or SIGTERM (after which the previous handler runs as before, so that
pytest still reports the interruption). While it cleans up, SIGINT and SIGTERM wait: a second Ctrl-C
is absorbed, a SIGTERM is acted on once the clean-up has ended. It deletes with its own client,
never the scenarios' one.

What no clean-up inside the process can cover (SIGKILL, a power cut) is left to ``sweep``, which the
janitor prepares for: it keeps the process's run record on disk (``run_record``) and renews the
lease tag of its pools (``lease``).
"""
from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from botocore.exceptions import BotoCoreError, ClientError

from targets.cognito.lease import LeaseKeeper, lease_until
from targets.cognito.run_record import RunRecord, state_dir
from targets.cognito.tagging import OWNER_TAG, RUN_TAG, new_owner, pool_tags

CLEAN_UP_SECONDS = 30.0  # how long an unanswered create may take to show, and deletions to be confirmed
_FIRST_PAUSE_SECONDS, _LONGEST_PAUSE_SECONDS = 0.25, 2.0
_HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_GONE = frozenset({"ResourceNotFoundException"})
_CREATE = "conformance_create"  # the key of a CreateUserPool request's number in botocore's request context
SWEEP_ADVICE = "python -m targets.cognito sweep --older-than 0s --delete"


@dataclass
class _Create:
    """A CreateUserPool request without an answer yet."""

    name: str
    sent: bool = False  # once handed to the HTTP layer, the pool may exist whatever happens next


@dataclass(frozen=True)
class _Pool:
    name: str
    arn: str


class PoolJanitor:
    def __init__(self, client_factory: Callable[[], Any], run_id: str,
                 report: Callable[[str], None] | None = None, *, state: Path | None = None,
                 clean_up_seconds: float = CLEAN_UP_SECONDS, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._client_factory = client_factory
        self._client: Any = None
        self.run_id = run_id
        self.owner = new_owner()
        self.clean_up_seconds = clean_up_seconds
        self._report = report or (lambda message: print(message, file=sys.stderr, flush=True))
        self._sleep = sleep
        self._clock = clock
        self._state = state_dir() if state is None else state
        self._record = RunRecord.of_this_process(run_id, self.owner)
        self._record_problem = ""
        self._pools: dict[str, _Pool] = {}
        self._deleted: set[str] = set()
        self._creates: dict[int, _Create] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.RLock()
        self._cleaning = threading.RLock()  # re-entrant: a signal may land in a clean-up on the same thread
        self._previous: dict[int, Any] = {}
        self._installed = False
        self._handling: int | None = None
        self.lease = LeaseKeeper(client_factory, self._arns, self._report)

    # --- what exists ------------------------------------------------------------------------

    @property
    def pools(self) -> dict[str, str]:
        """The pools created and not yet deleted, ``{pool ID: name}``."""
        with self._lock:
            return {pool_id: pool.name for pool_id, pool in self._pools.items()}

    def tags(self) -> dict[str, str]:
        """The tags of a pool about to be created: run, owner, and a fresh lease."""
        return pool_tags(self.run_id, self.owner, lease_until())

    def track(self, pool_id: str, name: str = "", arn: str = "") -> None:
        with self._lock:
            self._pools[pool_id] = _Pool(name, arn)
            self._save_record()

    def forget(self, pool_id: str) -> None:
        with self._lock:
            self._pools.pop(pool_id, None)
            self._deleted.add(pool_id)
            self._save_record()

    def attach(self, client: Any) -> None:
        """Watch the pools ``client`` creates and deletes."""
        events = client.meta.events
        events.register("before-parameter-build.cognito-idp.CreateUserPool", self._creating)
        events.register("before-send.cognito-idp.CreateUserPool", self._sending)
        events.register("after-call.cognito-idp.CreateUserPool", self._created)
        events.register("before-parameter-build.cognito-idp.DeleteUserPool", self._deleting)
        events.register("after-call.cognito-idp.DeleteUserPool", self._deleted_hook)

    def _creating(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        name = params.get("PoolName")
        if isinstance(name, str) and name:
            with self._lock:
                number = next(self._numbers)
                self._creates[number] = _Create(name)
                context[_CREATE] = number
                self._save_record()  # on disk before the request can leave: a kill -9 may follow

    def _sending(self, request: Any, **_: Any) -> None:
        with self._lock:
            create = self._creates.get((getattr(request, "context", None) or {}).get(_CREATE))
            if create is not None:
                create.sent = True

    def _created(self, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        pool = parsed.get("UserPool") or {}
        with self._lock:
            self._creates.pop(context.get(_CREATE), None)  # answered: created or refused, no longer in doubt
            if http_response.status_code == 200 and pool.get("Id"):
                self._pools[pool["Id"]] = _Pool(pool.get("Name", ""), pool.get("Arn", ""))
            self._save_record()

    def _deleting(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["conformance_deleting"] = params.get("UserPoolId")

    def _deleted_hook(self, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        pool_id = context.get("conformance_deleting")
        if pool_id and (http_response.status_code == 200 or _error_code(parsed) in _GONE):
            self.forget(pool_id)

    def _unanswered(self) -> list[str]:
        """The names of the creates that were sent and never answered."""
        with self._lock:
            return [create.name for create in self._creates.values() if create.sent]

    def _arns(self) -> dict[str, str]:
        with self._lock:
            return {pool_id: pool.arn for pool_id, pool in self._pools.items() if pool.arn}

    # --- the run record ---------------------------------------------------------------------

    def _save_record(self) -> None:
        with self._lock:
            record = self._record.with_pools([create.name for create in self._creates.values()], list(self._pools))
            try:
                record.save(self._state)
            except OSError as error:
                self._record_unwritable(error)

    def _drop_record(self) -> None:
        with self._lock:
            try:
                self._record.remove(self._state)
            except OSError as error:
                self._record_unwritable(error)

    def _record_unwritable(self, error: OSError) -> None:
        if not self._record_problem:  # once: the run goes on, only a kill -9 would cost more
            self._record_problem = str(error)
            self._report(f"cognito target: cannot keep the run record in {self._state} ({error}); after a kill -9 "
                         "only the pools' lease would tell sweep that they are abandoned")

    # --- deleting ---------------------------------------------------------------------------

    def clean_up(self) -> list[str]:
        """Delete every pool of this process, including those of creates never answered; return what
        could not be deleted (empty when clean).

        Keeps at it for up to ``clean_up_seconds``: an unanswered create's pool is looked for until it
        shows, a deletion repeated until Cognito confirms it. What is left stays in the run record.
        """
        with self._cleaning, self._signals_held():
            deadline = self._clock() + self.clean_up_seconds
            pause = _FIRST_PAUSE_SECONDS
            announced = False
            while True:
                if not announced:
                    announced = self._announce()
                problems = self._adopt_unanswered()
                pending = self.pools
                problems += [problem for problem in map(self._delete_and_forget, pending) if problem]
                unanswered = self._unanswered()
                if not self.pools and not unanswered:
                    self._drop_record()
                    return []
                if self._clock() >= deadline:
                    break
                self._sleep(min(pause, max(0.0, deadline - self._clock())))
                pause = min(2 * pause, _LONGEST_PAUSE_SECONDS)
            problems += [f"the pool {name} asked for was not listed within {self.clean_up_seconds:g} s"
                         for name in unanswered]
            self._report("cognito target: some pools could not be deleted (" + "; ".join(problems)
                         + f"); delete them with: {SWEEP_ADVICE}")
            return problems

    def _announce(self) -> bool:
        """Say what the clean-up is about to delete, if anything; whether it said so."""
        created, unanswered = len(self.pools), len(self._unanswered())
        if not created and not unanswered:
            return False
        waiting = f", {unanswered} asked for without an answer yet" if unanswered else ""
        self._report(f"cognito target: deleting the user pools of run {self.run_id}: {created} created{waiting}")
        return True

    def delete_pool(self, pool_id: str) -> None:
        """Delete one pool now (a provisioning that failed half-way); problems are reported, not raised."""
        problem = self._delete_and_forget(pool_id)
        if problem:
            self._report(f"cognito target: could not delete {problem}; sweep will find it")

    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def _delete_and_forget(self, pool_id: str) -> str | None:
        try:
            self.client().delete_user_pool(UserPoolId=pool_id)
        except ClientError as error:
            code = _error_code(error.response)
            if code not in _GONE:
                return f"{pool_id}: {code}"
        except BotoCoreError as error:
            return f"{pool_id}: {type(error).__name__}"
        self.forget(pool_id)
        return None

    def _adopt_unanswered(self) -> list[str]:
        """Track the pools of unanswered creates that Cognito lists by now (this run's and process's tags)."""
        names = set(self._unanswered())
        if not names:
            return []
        try:
            for page in self.client().get_paginator("list_user_pools").paginate(MaxResults=60):
                for summary in page.get("UserPools", []):
                    if summary.get("Name") in names and summary.get("Id") not in self._deleted:
                        self._adopt_if_ours(summary["Id"])
        except (ClientError, BotoCoreError) as error:
            return [f"listing pools failed: {_error_code(getattr(error, 'response', None)) or type(error).__name__}"]
        return []

    def _adopt_if_ours(self, pool_id: str) -> None:
        try:
            pool = self.client().describe_user_pool(UserPoolId=pool_id)["UserPool"]
        except ClientError as error:
            if _error_code(error.response) in _GONE:
                return
            raise
        tags = pool.get("UserPoolTags") or {}
        if tags.get(RUN_TAG) != self.run_id or tags.get(OWNER_TAG) != self.owner:
            return
        with self._lock:
            number = next((n for n, c in self._creates.items() if c.sent and c.name == pool.get("Name")), None)
            self._creates.pop(number, None)  # one pool answers one create
            self.track(pool_id, pool.get("Name", ""), pool.get("Arn", ""))

    # --- when to delete ---------------------------------------------------------------------

    def install(self) -> None:
        """Clean up at exit and on SIGINT/SIGTERM too (signal handlers only from the main thread), and
        keep the pools' lease renewed."""
        if self._installed:
            return
        self._installed = True
        self.lease.start()
        atexit.register(self.clean_up)
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in _HANDLED_SIGNALS:
            try:
                previous = signal.getsignal(signum)
                if previous == signal.SIG_IGN:  # the process ignores it (e.g. a background job's SIGINT)
                    continue
                self._previous[signum] = previous
                signal.signal(signum, self._on_signal)
            except (ValueError, OSError):
                self._previous.pop(signum, None)

    def uninstall(self) -> None:
        if not self._installed:
            return
        self._installed = False
        self.lease.stop()
        atexit.unregister(self.clean_up)
        for signum, previous in self._previous.items():
            try:
                if signal.getsignal(signum) == self._on_signal:
                    signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
            except (ValueError, OSError):
                pass
        self._previous.clear()

    @contextlib.contextmanager
    def _signals_held(self) -> Iterator[None]:
        """SIGINT and SIGTERM wait while the body runs, then are acted on; the signal being handled,
        if it comes again (a second Ctrl-C), is absorbed. Without this, a signal landing in a clean-up
        would end the process (SIGTERM) or the clean-up (Ctrl-C) half-way."""
        if not self._previous or threading.current_thread() is not threading.main_thread():
            yield
            return
        held: list[int] = []
        replaced: dict[int, Any] = {}
        for signum in self._previous:
            try:
                replaced[signum] = signal.signal(signum, lambda number, frame: held.append(number))
            except (ValueError, OSError):
                pass
        try:
            yield
        finally:
            for signum, handler in replaced.items():
                signal.signal(signum, handler)
            for signum in dict.fromkeys(held):
                if signum != self._handling:
                    os.kill(os.getpid(), signum)

    def _on_signal(self, signum: int, frame: Any) -> None:
        outer, self._handling = self._handling, signum
        try:
            self.clean_up()
        finally:
            self._handling = outer
        previous = self._previous.get(signum, signal.SIG_DFL)
        if callable(previous):
            previous(signum, frame)
        elif previous in (signal.SIG_DFL, None):
            self.uninstall()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)


def _error_code(response: Any) -> str:
    return ((response or {}).get("Error") or {}).get("Code", "") if isinstance(response, dict) else ""
