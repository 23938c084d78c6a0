"""sweep while runs are alive, with a moto server standing in for AWS: the janitor's advice
(``sweep --older-than 0s --delete``) keeps a live run's pools and deletes those of a run killed with SIGKILL."""
from __future__ import annotations

import os
import signal
import uuid

import pytest

pytest.importorskip("moto.server")

from targets.cognito.__main__ import main  # noqa: E402
from targets.cognito.janitor import SWEEP_ADVICE  # noqa: E402
from targets.cognito.run_record import STATE_DIR_ENV, load_records  # noqa: E402
from targets.cognito.stand_in import AwsStandIn  # noqa: E402
from tests import cognito_provisioning_child as child  # noqa: E402
from tests.run_pools import tagged_pools  # noqa: E402


@pytest.fixture(scope="module")
def aws():
    stand_in = AwsStandIn()
    stand_in.start()
    yield stand_in
    stand_in.stop()


def provisioned(aws: AwsStandIn, folder, pools: int) -> tuple:
    """A run that has provisioned ``pools`` pools and waits a minute before it ends."""
    run_id = f"s{uuid.uuid4().hex[:10]}"
    process = child.start(aws, run_id, folder, str(pools), "--wait", "60")
    assert process.stdout.readline().strip() == child.PROVISIONED, process.stdout.read()
    return process, run_id


def sweep_command(aws: AwsStandIn, monkeypatch, state) -> int:
    """The janitor's advice, as pasted into another shell of the same machine (or of another, without records)."""
    with monkeypatch.context() as patch:
        for name in [n for n in os.environ if n.startswith(("AWS_", "CONFORMANCE_"))]:
            patch.delenv(name)
        for name, value in aws.environment({}).items():
            patch.setenv(name, value)
        patch.setenv(STATE_DIR_ENV, str(state))
        return main(SWEEP_ADVICE.split()[3:])


def test_the_advised_sweep_keeps_a_live_runs_pools_here_and_elsewhere(aws, tmp_path, monkeypatch, capsys):
    live, run_id = provisioned(aws, tmp_path, 2)
    try:
        client = aws.client("cognito-idp")
        assert sweep_command(aws, monkeypatch, tmp_path / "runs") == 0  # its record: the process is running
        assert len(tagged_pools(client, run_id)) == 2
        assert sweep_command(aws, monkeypatch, tmp_path / "elsewhere") == 0  # no record: the lease runs
        assert len(tagged_pools(client, run_id)) == 2
        assert capsys.readouterr().out.count("keeping ") == 4
    finally:
        live.send_signal(signal.SIGTERM)
        live.wait(timeout=60)
    assert tagged_pools(client, run_id) == [] and load_records(tmp_path / "runs") == []


def test_a_run_killed_outright_leaves_a_record_the_advised_sweep_finishes(aws, tmp_path, monkeypatch):
    killed, run_id = provisioned(aws, tmp_path, 3)
    killed.kill()
    killed.wait()
    client = aws.client("cognito-idp")
    left = sorted(tagged_pools(client, run_id))

    [record] = load_records(tmp_path / "runs")
    assert (record.run_id, record.pid, sorted(record.created), record.requested) == (run_id, killed.pid, left, ())
    assert len(left) == 3

    assert sweep_command(aws, monkeypatch, tmp_path / "runs") == 0

    assert tagged_pools(client, run_id) == [] and load_records(tmp_path / "runs") == []
