"""Deleting every user pool a run created: at the end, on Ctrl-C, on SIGTERM, and at exit.

The janitor watches the target's Cognito client: a CreateUserPool answer adds the pool to its list,
a DeleteUserPool answer takes it off. It also notes the name of every CreateUserPool request in
flight, so that a pool whose answer never arrived (the run was interrupted while waiting for it) is
found by name and run tag and deleted too.

It cleans up when the target stops, and, should the run never get there, when the process exits
(``atexit``) or receives SIGINT or SIGTERM (after which the previous handler runs as before, so
pytest still reports the interruption). It deletes with its own client, never the scenarios' one.
"""
from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import Any, Callable

from botocore.exceptions import BotoCoreError, ClientError

from targets.cognito.tagging import RUN_TAG

_HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_GONE = frozenset({"ResourceNotFoundException"})


class PoolJanitor:
    def __init__(self, client_factory: Callable[[], Any], run_id: str,
                 report: Callable[[str], None] | None = None) -> None:
        self._client_factory = client_factory
        self._client: Any = None
        self.run_id = run_id
        self._report = report or (lambda message: print(message, file=sys.stderr, flush=True))
        self._pools: dict[str, str] = {}  # pool ID -> name
        self._in_flight: set[str] = set()  # names of CreateUserPool requests without an answer yet
        self._lock = threading.RLock()
        self._previous: dict[int, Any] = {}
        self._installed = False
        self._cleaning = False

    # --- what exists ------------------------------------------------------------------------

    @property
    def pools(self) -> dict[str, str]:
        with self._lock:
            return dict(self._pools)

    def track(self, pool_id: str, name: str = "") -> None:
        with self._lock:
            self._pools[pool_id] = name
            self._in_flight.discard(name)

    def forget(self, pool_id: str) -> None:
        with self._lock:
            self._pools.pop(pool_id, None)

    def attach(self, client: Any) -> None:
        """Watch the pools ``client`` creates and deletes."""
        events = client.meta.events
        events.register("before-parameter-build.cognito-idp.CreateUserPool", self._creating)
        events.register("after-call.cognito-idp.CreateUserPool", self._created)
        events.register("before-parameter-build.cognito-idp.DeleteUserPool", self._deleting)
        events.register("after-call.cognito-idp.DeleteUserPool", self._deleted)

    def _creating(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        name = params.get("PoolName")
        if isinstance(name, str) and name:
            context["conformance_creating"] = name
            with self._lock:
                self._in_flight.add(name)

    def _deleting(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["conformance_deleting"] = params.get("UserPoolId")

    def _created(self, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        pool = parsed.get("UserPool") or {}
        if http_response.status_code == 200 and pool.get("Id"):
            self.track(pool["Id"], pool.get("Name", ""))
        with self._lock:  # answered, created or not: no longer in flight
            self._in_flight.discard(context.get("conformance_creating", ""))

    def _deleted(self, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        pool_id = context.get("conformance_deleting")
        if pool_id and (http_response.status_code == 200 or _error_code(parsed) in _GONE):
            self.forget(pool_id)

    # --- deleting ---------------------------------------------------------------------------

    def clean_up(self) -> list[str]:
        """Delete every pool of the run that still exists; return the problems met (empty when clean)."""
        with self._lock:
            if self._cleaning:
                return []
            self._cleaning = True
            pending = dict(self._pools)
            in_flight = set(self._in_flight)
        problems: list[str] = []
        try:
            if in_flight:
                pending.update(self._find_by_name(in_flight, problems))
            if pending:
                self._report(f"cognito target: deleting {len(pending)} user pool(s) of run {self.run_id}")
            for pool_id in pending:
                problem = self._delete(pool_id)
                if problem:
                    problems.append(problem)
                else:
                    self.forget(pool_id)
            with self._lock:
                self._in_flight -= in_flight
        finally:
            with self._lock:
                self._cleaning = False
        if problems:
            self._report("cognito target: some pools could not be deleted (" + "; ".join(problems)
                         + "); delete them with: python -m targets.cognito sweep --older-than 0s --delete")
        return problems

    def delete_pool(self, pool_id: str) -> None:
        """Delete one pool now (a provisioning that failed half-way); problems are reported, not raised."""
        problem = self._delete(pool_id)
        if problem:
            self._report(f"cognito target: could not delete {problem}; sweep will find it")
        else:
            self.forget(pool_id)

    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def _delete(self, pool_id: str) -> str | None:
        try:
            self.client().delete_user_pool(UserPoolId=pool_id)
        except ClientError as error:
            code = _error_code(error.response)
            if code in _GONE:
                return None
            return f"{pool_id}: {code}"
        except BotoCoreError as error:
            return f"{pool_id}: {type(error).__name__}"
        return None

    def _find_by_name(self, names: set[str], problems: list[str]) -> dict[str, str]:
        """Pools named in ``names`` that carry this run's tag (CreateUserPool answers that never arrived)."""
        found: dict[str, str] = {}
        try:
            for page in self.client().get_paginator("list_user_pools").paginate(MaxResults=60):
                for pool in page.get("UserPools", []):
                    if pool.get("Name") not in names:
                        continue
                    described = self.client().describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
                    if (described.get("UserPoolTags") or {}).get(RUN_TAG) == self.run_id:
                        found[pool["Id"]] = pool["Name"]
        except (ClientError, BotoCoreError) as error:
            problems.append(f"listing pools failed: {type(error).__name__}")
        return found

    # --- when to delete ---------------------------------------------------------------------

    def install(self) -> None:
        """Clean up at exit and on SIGINT/SIGTERM too (signal handlers only from the main thread)."""
        if self._installed:
            return
        self._installed = True
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
        atexit.unregister(self.clean_up)
        for signum, previous in self._previous.items():
            try:
                if signal.getsignal(signum) == self._on_signal:
                    signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
            except (ValueError, OSError):
                pass
        self._previous.clear()

    def _on_signal(self, signum: int, frame: Any) -> None:
        # A second Ctrl-C while deleting would leave pools behind: hold it until the deletions end.
        held = signal.getsignal(signal.SIGINT)
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except (ValueError, OSError):
            held = None
        try:
            self.clean_up()
        finally:
            if held is not None:
                signal.signal(signal.SIGINT, held)
        previous = self._previous.get(signum, signal.SIG_DFL)
        if callable(previous):
            previous(signum, frame)
        elif previous == signal.SIG_DFL:
            self.uninstall()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)


def _error_code(response: Any) -> str:
    return ((response or {}).get("Error") or {}).get("Code", "") if isinstance(response, dict) else ""
