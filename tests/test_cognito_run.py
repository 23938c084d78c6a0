"""Whole runs of the specification through the cognito target, with a moto server standing in for AWS.

Scenarios may fail (moto is not Cognito and invokes no sender triggers); what these tests hold is
the run's set-up and tear-down: it starts, provisions, and leaves no pool carrying its run tag,
whether it ends normally, is interrupted (SIGINT, SIGTERM), or its set-up fails half-way.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("moto.server")

from targets.cognito import CognitoTarget  # noqa: E402
from targets.cognito.aws import AwsAccess  # noqa: E402
from targets.cognito.capture import CaptureStackManager  # noqa: E402
from targets.cognito.packaging import build_package  # noqa: E402
from targets.cognito.run_record import STATE_DIR_ENV, load_records  # noqa: E402
from targets.cognito.stand_in import AwsStandIn  # noqa: E402
from targets.contract import PoolRequest, ProvisionedPool  # noqa: E402
from tests.cognito_provisioning_child import default_interrupt  # noqa: E402
from tests.specification_runs import run_specification  # noqa: E402
from tests.run_pools import tagged_pools as pools_tagged  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# A few scenarios that provision five pools between them: enough to interrupt a run "mid-way".
FEW = "-k", "default_recovery_channel or every_accountrecovery_value_becomes"


@pytest.fixture(scope="module")
def stand_in():
    aws = AwsStandIn()
    aws.start()
    try:
        with pytest.MonkeyPatch.context() as patch:  # the bootstrap command, as a user would run it
            for name in [n for n in os.environ if n.startswith(("AWS_", "CONFORMANCE_"))]:
                patch.delenv(name)
            for name, value in aws.environment({}).items():
                patch.setenv(name, value)
            CaptureStackManager(AwsAccess(), say=lambda _: None).bootstrap(lambda: build_package(vendor=False))
        yield aws
    finally:
        aws.stop()


def run_environment(stand_in: AwsStandIn, run_id: str, tmp_path: Path) -> dict[str, str]:
    env = stand_in.environment()
    env.update({"CONFORMANCE_RUN_ID": run_id, "CONFORMANCE_COGNITO_DELIVERY_WAIT": "0",
                "CONFORMANCE_LOG_DIR": str(tmp_path / "logs"), STATE_DIR_ENV: str(tmp_path / "runs")})
    return env


def start_run(stand_in: AwsStandIn, tmp_path: Path, *options: str, run_id: str | None = None,
              target: str = "cognito") -> tuple[subprocess.Popen, str]:
    run_id = run_id or f"t{uuid.uuid4().hex[:10]}"
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "--no-header", f"--target={target}",
         f"--results={tmp_path / 'out' / 'results.json'}", *options],
        cwd=ROOT, env=run_environment(stand_in, run_id, tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, preexec_fn=default_interrupt)
    return process, run_id


def tagged_pools(stand_in: AwsStandIn, run_id: str) -> list[str]:
    return pools_tagged(stand_in.client("cognito-idp"), run_id)


def wait_for_pools(stand_in: AwsStandIn, run_id: str, process: subprocess.Popen, count: int = 2) -> None:
    deadline = time.monotonic() + 60
    while len(tagged_pools(stand_in, run_id)) < count:
        assert process.poll() is None, "the run ended before it provisioned the pools to interrupt"
        assert time.monotonic() < deadline, "the run provisioned no pools within 60 s"
        time.sleep(0.1)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    output, _ = process.communicate(timeout=120)
    return process.returncode, output


@pytest.mark.slow
def test_a_full_run_sets_up_and_tears_down_cleanly(stand_in, tmp_path):
    process, run_id = start_run(stand_in, tmp_path)
    code, output = finish(process)

    assert code in (0, 1), output[-3000:]
    document = __import__("json").loads((tmp_path / "out" / "results.json").read_text())
    assert document["run"]["target"]["name"] == "cognito"
    assert document["run"]["pools_created"] >= 10
    assert "could not start" not in output and "Traceback" not in output
    assert tagged_pools(stand_in, run_id) == []


@pytest.mark.parametrize("interruption, exit_code", [(signal.SIGINT, 2), (signal.SIGTERM, -signal.SIGTERM)])
def test_an_interrupted_run_leaves_no_pool_behind(stand_in, tmp_path, interruption, exit_code):
    process, run_id = start_run(stand_in, tmp_path, *FEW)
    wait_for_pools(stand_in, run_id, process)

    process.send_signal(interruption)
    code, output = finish(process)

    assert code == exit_code, output[-3000:]
    assert tagged_pools(stand_in, run_id) == [], output[-3000:]
    # A clean-up that confirmed every deletion leaves no record. One that gave up waiting for the pool
    # of a create (the signal landed before the request left, so none came) leaves that name, for sweep.
    assert [record.created for record in load_records(tmp_path / "runs")] in ([], [()]), output[-3000:]


class HalfWayTarget(CognitoTarget):
    """Its second provisioning makes the pool, then fails to make the app client."""

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        self.provisioned = getattr(self, "provisioned", 0) + 1
        if self.provisioned == 2:
            def refuse(**_: Any) -> None:
                raise RuntimeError("set-up failed half-way (deliberately)")
            self.cognito_client().meta.events.register("before-call.cognito-idp.CreateUserPoolClient", refuse,
                                                       unique_id="half-way")
        try:
            return super().provision(request)
        finally:
            self.cognito_client().meta.events.unregister("before-call.cognito-idp.CreateUserPoolClient",
                                                         unique_id="half-way")


class NeverStoppedTarget(CognitoTarget):
    """A run whose tear-down never happens (a crash of the harness): only the exit hooks are left."""

    def stop(self) -> None:
        pass


def test_a_run_whose_set_up_fails_half_way_leaves_no_pool_behind(stand_in, tmp_path):
    process, run_id = start_run(stand_in, tmp_path, *FEW,
                                target="tests.test_cognito_run:HalfWayTarget")
    code, output = finish(process)

    # The target's own provisioning broke (not its API): the run could not judge, and says so.
    assert code == 3 and "set-up failed half-way (deliberately)" in output.strip().splitlines()[-1], output[-3000:]
    assert tagged_pools(stand_in, run_id) == []


def test_a_run_that_never_tears_down_still_deletes_its_pools_at_exit(stand_in, tmp_path):
    process, run_id = start_run(stand_in, tmp_path, *FEW, target="tests.test_cognito_run:NeverStoppedTarget")
    code, output = finish(process)

    assert code in (0, 1) and "deleting" in output, output[-3000:]
    assert tagged_pools(stand_in, run_id) == []


def test_a_run_without_credentials_ends_with_one_sentence(stand_in, tmp_path):
    env = run_environment(stand_in, "nocreds", tmp_path)
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    completed = run_specification("--target=cognito", f"--results={tmp_path / 'r.json'}", *FEW, env=env)

    assert completed.returncode == 3
    assert "Traceback" not in completed.stdout + completed.stderr
    last = (completed.stdout + completed.stderr).strip().splitlines()[-1]
    assert last.startswith("conformance: gate error: target 'cognito' could not start: ")
    assert "no AWS credentials were found; configure AWS credentials" in last
