"""Targets and clients whose plumbing breaks, each in one place: a run against them cannot judge.

Each is given as ``--target=tests.broken_plumbing:Name`` (or ``--client=…``). The reference service
behind them conforms; only the part named breaks, so any failure blamed on the target is the
verdict lying.
"""
from __future__ import annotations

import os
import signal
from typing import Any

from conformance.clients.python import PythonAmplifyClient, PythonDriver
from targets.contract import Delivery, PoolRequest, ProvisionedPool
from targets.moto.server import MotoServerTarget
from targets.reference import ReferenceTarget


class StartRaises(ReferenceTarget):
    def start(self) -> None:
        raise RuntimeError("the service's process could not be spawned (deliberately)")


class ClientRaises(ReferenceTarget):
    def cognito_client(self) -> Any:
        raise RuntimeError("no client today (deliberately)")


class ProvisionRaises(ReferenceTarget):
    def provision(self, request: PoolRequest) -> ProvisionedPool:
        raise RuntimeError("the provisioning stack is broken (deliberately)")


class OracleRaises(ReferenceTarget):
    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        raise RuntimeError("the mailbox cannot be read (deliberately)")


class ClockRaises(ReferenceTarget):
    def advance_clock(self, seconds: float) -> None:
        raise RuntimeError("the clock is stuck (deliberately)")


class InterruptedWhileProvisioning(ReferenceTarget):
    """Stands for a person pressing Ctrl-C: the second pool's provisioning sends the run SIGINT."""

    provisioned = 0

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        self.provisioned += 1
        if self.provisioned == 2:
            os.kill(os.getpid(), signal.SIGINT)
        return super().provision(request)


class _ResetRaisesTypeError(PythonAmplifyClient):
    def reset_password(self, username: str) -> dict[str, Any]:
        raise TypeError("reset_password() got an unexpected keyword argument (deliberately)")


class HarnessBug(PythonDriver):
    """A client with a defect of the suite's own: resetPassword raises a TypeError."""

    def __init__(self) -> None:
        super().__init__(_ResetRaisesTypeError)


class ServerDiesMidRun(MotoServerTarget):
    """moto server, killed by its PID once the run has provisioned its third pool."""

    provisioned = 0

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        pool = super().provision(request)
        self.provisioned += 1
        if self.provisioned == 3 and self.server.process is not None:
            self.server.process.kill()
            self.server.process.wait(10)
        return pool
