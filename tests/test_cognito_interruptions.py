"""Interrupting the cognito target around a CreateUserPool, at many moments, leaves no pool behind.

A loopback proxy between the target and the AWS stand-in (a moto server) holds one request of each
run, mostly a CreateUserPool: for a while before the stand-in sees it (AWS has not shown the pool
yet), then for a while after the stand-in made the pool (its answer is late). Around that request the
proxy signals the process: SIGINT, SIGTERM, a second Ctrl-C during the clean-up, or a crash that
skips the tear-down. Whatever the moment, once the process and the proxy are done no pool may carry
the run's tag, and the run's record must be gone (its clean-up confirmed every deletion).
"""
from __future__ import annotations

import concurrent.futures
import json
import os
import random
import signal
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pytest

pytest.importorskip("moto.server")

from localhost.loopback import ForwardingProxy  # noqa: E402
from targets.cognito.stand_in import AwsStandIn  # noqa: E402
from tests import cognito_provisioning_child as child  # noqa: E402
from tests.run_pools import tagged_pools  # noqa: E402

POOLS_PER_RUN = 3
SECOND_SIGNAL_AFTER = 0.3  # a second Ctrl-C lands while the first one's clean-up is under way
CONCURRENT_RUNS = 3
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
NAMES = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM", signal.SIGUSR1: "crash"}


@dataclass(frozen=True)
class Timing:
    """When one run is interrupted, relative to the moment its ``number``-th ``operation`` request
    reached the proxy."""

    signals: tuple[int, ...]
    number: int
    before: float  # the request is held this long before the stand-in sees it
    after: float  # then the stand-in's answer is held this long
    offset: float  # the first signal is sent this long after the request arrived
    operation: str = "CreateUserPool"

    def __str__(self) -> str:
        what = " twice" if len(self.signals) > 1 else ""
        return (f"{NAMES[self.signals[0]]}{what} {self.offset:.2f}s after {self.operation} {self.number} arrived "
                f"(held {self.before:.2f}s before the stand-in, {self.after:.2f}s after)")


def timings() -> list[Timing]:
    """Fixed corner cases, then varied moments before, during and after the create (seeded)."""
    cases = [
        Timing((signal.SIGINT,), 2, 1.0, 0.0, 0.1),  # the pool does not exist yet when the signal lands
        Timing((signal.SIGTERM,), 2, 1.0, 0.0, 0.1),
        Timing((signal.SIGINT,), 2, 0.0, 1.0, 0.3),  # the pool exists; its answer is a second late
        Timing((signal.SIGTERM,), 2, 0.0, 1.0, 0.3),
        Timing((signal.SIGINT, signal.SIGINT), 2, 0.6, 0.6, 0.2),
        Timing((signal.SIGUSR1,), 2, 0.6, 0.6, 0.3),
        Timing((signal.SIGTERM,), 1, 0.4, 0.0, 0.1, "CreateUserPoolClient"),  # before the second create
        Timing((signal.SIGINT,), 3, 0.0, 0.0, 1.5),  # after the last create: every pool answered
    ]
    rng = random.Random(20240611)
    for number in range(20):
        before, after = rng.uniform(0, 0.8), rng.uniform(0, 0.7)
        kind = (signal.SIGINT, signal.SIGTERM)[number % 2]
        cases.append(Timing((kind,), rng.choice((1, 2)), before, after, rng.uniform(0, before + after + 0.4)))
    return cases


class InterruptingProxy(ForwardingProxy):
    """Forwards everything at once, except the one request of an armed run it holds and signals around."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream, name="interrupting-proxy")
        self._armed: dict[str, tuple[int, Timing]] = {}
        self._seen: dict[str, int] = {}  # run ID -> requests of its armed operation seen
        self.signalled: set[str] = set()
        self._busy = 0
        self._idle = threading.Condition()

    def arm(self, run_id: str, pid: int, timing: Timing) -> None:
        with self._idle:
            self._armed[run_id] = (pid, timing)

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes):
        with self._idle:
            self._busy += 1
        try:
            plan = self._plan(headers, body)
            if plan is None:
                return super().answer(method, path, headers, body)
            run_id, pid, timing = plan
            threading.Timer(timing.offset, self._signal, (run_id, pid, timing.signals)).start()
            time.sleep(timing.before)
            answered = super().answer(method, path, headers, body)
            time.sleep(timing.after)
            return answered
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def wait_until_idle(self, timeout: float = 30.0) -> None:
        """Until no request is being held or forwarded (a held create reaches the stand-in late)."""
        with self._idle:
            assert self._idle.wait_for(lambda: self._busy == 0, timeout), "the proxy is still forwarding"

    def _plan(self, headers: Mapping[str, str], body: bytes) -> tuple[str, int, Timing] | None:
        operation = (headers.get("X-Amz-Target") or "").removeprefix(TARGET_PREFIX)
        if operation not in ("CreateUserPool", "CreateUserPoolClient"):
            return None
        request = json.loads(body or b"{}")
        name = request.get("PoolName") or request.get("ClientName") or ""
        with self._idle:
            for run_id, (pid, timing) in self._armed.items():
                if run_id in name and operation == timing.operation:
                    self._seen[run_id] = self._seen.get(run_id, 0) + 1
                    if self._seen[run_id] == timing.number:
                        return run_id, pid, timing
        return None

    def _signal(self, run_id: str, pid: int, signals: tuple[int, ...]) -> None:
        for number, signum in enumerate(signals):
            if number:
                time.sleep(SECOND_SIGNAL_AFTER)
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                return
        with self._idle:
            self.signalled.add(run_id)


@pytest.fixture(scope="module")
def stand_in():
    aws = AwsStandIn()
    aws.start()
    proxy = InterruptingProxy(aws.url)
    proxy.start()
    try:
        yield aws, proxy
    finally:
        proxy.stop()
        aws.stop()


def interrupted_run(aws: AwsStandIn, proxy: InterruptingProxy, client, timing: Timing, folder: Path) -> str | None:
    """Run the child with ``timing``; what it left behind, in a sentence (None when nothing)."""
    run_id = f"i{uuid.uuid4().hex[:10]}"
    crash = ["--crash"] if signal.SIGUSR1 in timing.signals else []
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{run_id}.log", "w") as log:
        process = child.start(aws, run_id, folder, str(POOLS_PER_RUN), *crash, endpoint=proxy.url, output=log)
        proxy.arm(run_id, process.pid, timing)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            return f"{timing}: the process did not end within 90 s"
    proxy.wait_until_idle()
    if run_id not in proxy.signalled:
        return f"{timing}: the process ended before it was signalled (exit {process.returncode})"
    left = tagged_pools(client, run_id)
    if left:
        return f"{timing}: {len(left)} pool(s) left behind"
    if list((folder / "runs").glob("*.json")):
        return f"{timing}: the run record was left behind (the clean-up did not confirm every pool deleted)"
    return None


@pytest.mark.slow
def test_no_interruption_around_a_create_leaves_a_pool_behind(stand_in, tmp_path):
    aws, proxy = stand_in
    client = aws.client("cognito-idp")
    cases = timings()

    with concurrent.futures.ThreadPoolExecutor(CONCURRENT_RUNS) as pool:
        problems = [problem for problem in pool.map(
            lambda numbered: interrupted_run(aws, proxy, client, numbered[1], tmp_path / str(numbered[0])),
            enumerate(cases)) if problem]

    assert not problems, f"{len(problems)} of {len(cases)} timings:\n" + "\n".join(problems)
