"""sweep: only the suite's pools (name prefix and run tag), only older than the age, only those whose run is
over (its process gone, or its lease run out), dry run by default."""
from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys

import boto3
import pytest

moto = pytest.importorskip("moto")

from targets.cognito.__main__ import main  # noqa: E402
from targets.cognito.lease import lease_until  # noqa: E402
from targets.cognito.run_record import STATE_DIR_ENV, RunRecord, load_records  # noqa: E402
from targets.cognito.sweep import parse_age, sweep  # noqa: E402
from targets.cognito.tagging import POOL_NAME_PREFIX, RUN_TAG, pool_tags  # noqa: E402


@pytest.fixture
def cognito(monkeypatch, tmp_path):
    monkeypatch.setenv(STATE_DIR_ENV, str(tmp_path / "runs"))  # the command's records, none unless a test writes one
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
                        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CONFORMANCE_COGNITO_ENDPOINT_URL", raising=False)
    with moto.mock_aws():
        yield boto3.client("cognito-idp")


def _pools(client) -> dict[str, str]:
    return {p["Name"]: p["Id"] for p in client.list_user_pools(MaxResults=60)["UserPools"]}


def _make(client) -> None:
    def pool(name, tags=None):
        client.create_user_pool(PoolName=name, **({"UserPoolTags": tags} if tags else {}))
    pool(f"{POOL_NAME_PREFIX}run1-1", {RUN_TAG: "run1"})
    pool(f"{POOL_NAME_PREFIX}run2-1", {RUN_TAG: "run2", "team": "x"})
    pool(f"{POOL_NAME_PREFIX}untagged")  # the prefix alone is not enough
    pool("production-users", {RUN_TAG: "run1"})  # the tag alone is not enough
    pool("someone-elses-pool", {"env": "prod"})


def test_a_dry_run_lists_the_suites_old_pools_and_deletes_nothing(cognito):
    _make(cognito)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=3)
    lines = []

    found = sweep(cognito, parse_age("2h"), now=later, say=lines.append)

    assert sorted(p.name for p in found) == [f"{POOL_NAME_PREFIX}run1-1", f"{POOL_NAME_PREFIX}run2-1"]
    assert not any(p.deleted for p in found)
    assert len(_pools(cognito)) == 5
    assert lines[-1] == "2 pool(s) would be deleted; run again with --delete to delete them"


def test_delete_removes_only_tagged_pools_older_than_the_age(cognito):
    _make(cognito)
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    assert sweep(cognito, parse_age("2h"), delete=True, now=soon, say=lambda _: None) == []
    assert len(_pools(cognito)) == 5

    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=3)
    deleted = sweep(cognito, parse_age("2h"), delete=True, now=later, say=lambda _: None)

    assert all(p.deleted for p in deleted) and len(deleted) == 2
    assert sorted(_pools(cognito)) == [f"{POOL_NAME_PREFIX}untagged", "production-users", "someone-elses-pool"]


def test_the_command_is_a_dry_run_unless_told_to_delete(cognito, capsys):
    _make(cognito)
    assert main(["sweep", "--older-than", "0s"]) == 0
    assert len(_pools(cognito)) == 5
    assert "would delete" in capsys.readouterr().out
    assert main(["sweep", "--older-than", "0s", "--delete"]) == 0
    assert len(_pools(cognito)) == 3


def test_ages_are_read_in_seconds_minutes_hours_and_days(cognito, capsys):
    assert [parse_age(a).total_seconds() for a in ("90s", "30m", "2h", "1d", "1.5h")] == [90, 1800, 7200, 86400, 5400]
    with pytest.raises(ValueError, match="90s, 30m, 2h or 1d"):
        parse_age("2 hours")
    assert main(["sweep", "--older-than", "soon"]) == 2
    assert capsys.readouterr().err.startswith("error: 'soon' is not an age")


def _owned(client, name: str, owner: str, lease_minutes: float) -> None:
    """A pool of run9 created by ``owner``, whose lease runs out in ``lease_minutes`` (ran out, if negative)."""
    client.create_user_pool(PoolName=f"{POOL_NAME_PREFIX}{name}", UserPoolTags=pool_tags(
        "run9", owner, lease_until(seconds=60 * lease_minutes)))


def test_a_pool_is_kept_while_its_lease_runs_and_deleted_once_it_ran_out(cognito, tmp_path):
    now = dt.datetime.now(dt.timezone.utc)
    _owned(cognito, "elsewhere-1", "owner-on-another-machine", 15)
    lines = []

    assert sweep(cognito, parse_age("0s"), delete=True, now=now, say=lines.append, state=tmp_path) == []
    assert len(_pools(cognito)) == 1 and lines[0].startswith("keeping ") and "leased until" in lines[0]

    later = now + dt.timedelta(minutes=16)
    assert [p.deleted for p in sweep(cognito, parse_age("0s"), delete=True, now=later, say=lines.append,
                                     state=tmp_path)] == [True]
    assert _pools(cognito) == {}


def _gone_pid() -> int:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    return ended.pid


def test_a_process_record_keeps_its_pools_while_it_runs_and_frees_them_once_it_is_gone(cognito, tmp_path):
    alive = RunRecord.of_this_process("run9", "owner-alive")
    killed = dataclasses.replace(RunRecord.of_this_process("run9", "owner-killed"), pid=_gone_pid(), started=None)
    for record in (alive, killed):
        record.save(tmp_path)
    _owned(cognito, "alive-1", "owner-alive", -1)  # its lease ran out: renewals that failed
    _owned(cognito, "killed-1", "owner-killed", 15)  # still leased: killed a moment ago
    lines = []

    swept = sweep(cognito, parse_age("0s"), delete=True, say=lines.append, state=tmp_path)

    assert [(p.name, p.deleted) for p in swept] == [(f"{POOL_NAME_PREFIX}killed-1", True)]
    assert list(_pools(cognito)) == [f"{POOL_NAME_PREFIX}alive-1"]
    assert f"process {alive.pid} on this machine is still running" in "\n".join(lines)
    assert [r.owner for r in load_records(tmp_path)] == ["owner-alive"]  # the gone process's record is done with
