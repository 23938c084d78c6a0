"""What tells sweep that a run of the cognito target is alive: its process's record, its pools' lease.

moto does not implement Cognito's TagResource, so the lease renewal is checked here against a
recording stand-in for the client, not against moto.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import time

from botocore.exceptions import ClientError

from targets.cognito.lease import LEASE_SECONDS, LeaseKeeper, lease_end, lease_until
from targets.cognito.run_record import RunRecord, load_records
from targets.cognito.tagging import LEASE_TAG


def test_a_record_is_written_whole_read_back_and_removed(tmp_path):
    record = RunRecord.of_this_process("run7", "owner7").with_pools(["pool-b"], ["us-east-1_a"])

    record.save(tmp_path)
    record.with_pools([], ["us-east-1_a"]).save(tmp_path)

    assert [path.name for path in tmp_path.iterdir()] == ["owner7.json"]  # no temporary file left beside it
    data = json.loads((tmp_path / "owner7.json").read_text())
    assert (data["run_id"], data["pid"], data["requested"], data["created"]) == ("run7", os.getpid(), [], ["us-east-1_a"])
    assert load_records(tmp_path) == [record.with_pools([], ["us-east-1_a"])]
    record.remove(tmp_path)
    assert load_records(tmp_path) == [] and load_records(tmp_path / "missing") == []


def test_a_record_tells_a_running_process_from_one_that_is_gone_or_whose_pid_was_reused():
    this = RunRecord.of_this_process("run7", "owner7")
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()

    assert this.process_gone() is False
    assert dataclasses.replace(this, pid=ended.pid, started=None).process_gone() is True
    if this.started is not None:  # Linux: the start time tells a reused PID apart
        assert dataclasses.replace(this, started=this.started - 1).process_gone() is True
    assert dataclasses.replace(this, host="another-machine").process_gone() is None  # cannot tell from here


def test_a_lease_is_a_time_in_a_tag():
    now = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert lease_until(now, 90) == "2025-01-02T03:05:35Z"
    assert lease_end({LEASE_TAG: "2025-01-02T03:05:35Z"}) == now + dt.timedelta(seconds=90)
    assert lease_end({}) is None and lease_end({LEASE_TAG: "soon"}) is None


class RecordingClient:
    """Answers TagResource like Cognito: a deleted pool is not found; one pool refuses."""

    def __init__(self) -> None:
        self.tagged: list[tuple[str, str]] = []

    def tag_resource(self, ResourceArn: str, Tags: dict[str, str]) -> None:
        if ResourceArn.endswith("/deleted"):
            raise ClientError({"Error": {"Code": "ResourceNotFoundException"}}, "TagResource")
        if ResourceArn.endswith("/refusing"):
            raise ClientError({"Error": {"Code": "AccessDeniedException"}}, "TagResource")
        self.tagged.append((ResourceArn, Tags[LEASE_TAG]))


def test_the_lease_is_renewed_in_the_background_until_stopped_and_a_refusal_is_said_once():
    client, reports = RecordingClient(), []
    pools = {"p1": "arn:pool/p1", "p2": "arn:pool/deleted", "p3": "arn:pool/refusing"}
    keeper = LeaseKeeper(lambda: client, lambda: pools, reports.append, renew_every=0.05)

    keeper.start()
    time.sleep(0.5)
    keeper.stop()
    time.sleep(0.2)
    renewed = len(client.tagged)
    time.sleep(0.2)

    assert renewed >= 3 and len(client.tagged) == renewed  # renewed repeatedly, and no more once stopped
    assert {arn for arn, _ in client.tagged} == {"arn:pool/p1"}
    ahead = lease_end({LEASE_TAG: client.tagged[-1][1]}) - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(seconds=LEASE_SECONDS - 5) < ahead <= dt.timedelta(seconds=LEASE_SECONDS)
    assert len(reports) == 1 and "could not renew the lease of pool p3 (AccessDeniedException)" in reports[0]
