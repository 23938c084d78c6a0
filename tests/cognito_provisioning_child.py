"""A process that provisions a few pools through the cognito target, for tests to interrupt or sweep around.

    python -m tests.cognito_provisioning_child POOLS [--wait SECONDS] [--crash]

It starts the target (with the environment the test gives it), provisions ``POOLS`` pools, prints
``provisioned``, waits (for a signal that may not have come yet, or for a sweep to run meanwhile),
and stops the target, as the harness does at the end of a run. With ``--crash``, SIGUSR1 raises an
exception the program does not catch and the target's tear-down is never reached: only the exit
hooks are left to clean up.

``start`` runs it from a test, pointed at an AWS stand-in.
"""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from targets.cognito import CognitoTarget
from targets.cognito.aws import ENDPOINT_ENV
from targets.cognito.run_record import STATE_DIR_ENV
from targets.cognito.stand_in import AwsStandIn
from targets.contract import PoolRequest

ROOT = Path(__file__).resolve().parent.parent
PROVISIONED = "provisioned"


class Crash(Exception):
    """What the process dies of when told to crash."""


def _crash(signum: int, frame: object) -> None:
    raise Crash("crashed deliberately")


def provision(target: CognitoTarget, pools: int, wait: float) -> None:
    for number in range(1, pools + 1):
        name = f"{target.run_id}-{number}"
        target.provision(PoolRequest(pool={"PoolName": name}, client={"ClientName": f"{name}-app"}))
    print(PROVISIONED, flush=True)
    time.sleep(wait)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.cognito_provisioning_child")
    parser.add_argument("pools", type=int)
    parser.add_argument("--wait", type=float, default=5.0)
    parser.add_argument("--crash", action="store_true")
    arguments = parser.parse_args(argv)
    target = CognitoTarget()
    target.start()
    if arguments.crash:
        signal.signal(signal.SIGUSR1, _crash)
        provision(target, arguments.pools, arguments.wait)  # an exception ends the process without target.stop()
    else:
        try:
            provision(target, arguments.pools, arguments.wait)
        finally:
            target.stop()
    return 0


def default_interrupt() -> None:
    """In the child: take Ctrl-C as a terminal would, even when the tests run as a background job
    (which starts with SIGINT ignored, and the ignoring would be inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(aws: AwsStandIn, run_id: str, folder: Path, *arguments: str, endpoint: str | None = None,
          output: IO | int = subprocess.PIPE) -> subprocess.Popen:
    """The child as run ``run_id``, reaching the stand-in (or ``endpoint`` in front of it), without the
    capture stack, with its logs and run record under ``folder``."""
    env = aws.environment()
    env.update({ENDPOINT_ENV: endpoint or aws.url, "CONFORMANCE_RUN_ID": run_id, "CONFORMANCE_COGNITO_NO_CAPTURE": "1",
                "CONFORMANCE_LOG_DIR": str(folder / "logs"), STATE_DIR_ENV: str(folder / "runs")})
    return subprocess.Popen([sys.executable, "-m", "tests.cognito_provisioning_child", *arguments], cwd=ROOT, env=env,
                            stdout=output, stderr=subprocess.STDOUT, text=True, preexec_fn=default_interrupt)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
