"""Deleting user pools that earlier runs left behind (a killed process, a lost network).

Only a pool carrying both marks of the suite is considered (the name prefix and the run tag, see
``tagging``), only when it is older than the given age, and only when its run is over, so that
sweeping is safe while other runs are in progress, here or on another machine. A run is over for a
pool when

- the run record of the process that created it (``run_record``, on this machine) says that the
  process is gone; while the process lives, its pools are kept whatever their lease says;
- or, with no record to tell (another machine), the pool's lease (``lease``) has run out: the
  process that created it has stopped renewing it;
- or the pool has no lease tag at all (made by a version of the suite before leases): then the age
  alone decides, as it used to.

Without ``delete`` it only lists what it would delete. With it, the record of a process that is gone
is removed once none of its pools is left.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from botocore.exceptions import ClientError

from targets.cognito.lease import lease_end
from targets.cognito.run_record import RunRecord, load_records, state_dir
from targets.cognito.tagging import OWNER_TAG, POOL_NAME_PREFIX, RUN_TAG, is_suite_pool

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_age(text: str) -> dt.timedelta:
    """``90s``, ``30m``, ``2h`` or ``1d``."""
    match = _AGE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an age; write it as a number and a unit: 90s, 30m, 2h or 1d")
    return dt.timedelta(seconds=float(match[1]) * _UNIT_SECONDS[match[2]])


@dataclass(frozen=True)
class SweptPool:
    pool_id: str
    name: str
    run_id: str
    created: dt.datetime
    deleted: bool
    problem: str = ""


def sweep(client: Any, older_than: dt.timedelta, *, delete: bool = False,
          now: dt.datetime | None = None, say: Callable[[str], None] = print,
          state: Path | None = None) -> list[SweptPool]:
    """The suite's pools older than ``older_than`` whose run is over; deleted when ``delete`` is true.

    ``state`` is where run records are read (default: ``run_record.state_dir()``).
    """
    moment = now or dt.datetime.now(dt.timezone.utc)
    directory = state_dir() if state is None else state
    records = {record.owner: record for record in load_records(directory)}
    found: list[SweptPool] = []
    kept_owners: set[str] = set()
    for page in client.get_paginator("list_user_pools").paginate(MaxResults=60):
        for summary in page.get("UserPools", []):
            name = summary.get("Name", "")
            if not name.startswith(POOL_NAME_PREFIX):  # saves a DescribeUserPool on everybody else's pools
                continue
            created = _aware(summary.get("CreationDate"))
            try:
                pool = client.describe_user_pool(UserPoolId=summary["Id"])["UserPool"]
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                    continue
                raise
            tags = pool.get("UserPoolTags") or {}
            if not is_suite_pool(name, tags):
                continue
            owner = tags.get(OWNER_TAG, "")
            in_use = _in_use(tags, records.get(owner), moment)
            if in_use or created is None or moment - created < older_than:
                kept_owners.add(owner)
                if in_use:
                    say(f"keeping {summary['Id']} {name} (run {tags[RUN_TAG]}: {in_use})")
                continue
            swept = _handle(client, summary["Id"], name, tags[RUN_TAG], created, delete, say)
            if not swept.deleted:
                kept_owners.add(owner)
            found.append(swept)
    if delete:
        _forget_finished(records, kept_owners, directory)
    if not found:
        say(f"no pool of the suite whose run is over is older than {_describe(older_than)}")
    elif not delete:
        say(f"{len(found)} pool(s) would be deleted; run again with --delete to delete them")
    return found


def _in_use(tags: dict[str, str], record: RunRecord | None, moment: dt.datetime) -> str:
    """Why the pool's run may still be using it, in words; empty when its run is over."""
    gone = record.process_gone() if record is not None else None
    if gone is not None:
        return "" if gone else f"process {record.pid} on this machine is still running"
    until = lease_end(tags)
    if until is not None and until > moment:
        return f"leased until {until:%Y-%m-%d %H:%M:%S} UTC"
    return ""


def _forget_finished(records: dict[str, RunRecord], kept_owners: set[str], directory: Path) -> None:
    """Remove the records of processes that are gone and have no pool left."""
    for owner, record in records.items():
        if owner not in kept_owners and record.process_gone():
            record.remove(directory)


def _handle(client: Any, pool_id: str, name: str, run_id: str, created: dt.datetime, delete: bool,
            say: Callable[[str], None]) -> SweptPool:
    stamp = created.strftime("%Y-%m-%d %H:%M UTC")
    if not delete:
        say(f"would delete {pool_id} {name} (run {run_id}, created {stamp})")
        return SweptPool(pool_id, name, run_id, created, deleted=False)
    try:
        client.delete_user_pool(UserPoolId=pool_id)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "error")
        say(f"could not delete {pool_id} {name}: {code}")
        return SweptPool(pool_id, name, run_id, created, deleted=False, problem=code)
    say(f"deleted {pool_id} {name} (run {run_id}, created {stamp})")
    return SweptPool(pool_id, name, run_id, created, deleted=True)


def _aware(value: Any) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _describe(age: dt.timedelta) -> str:
    seconds = int(age.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
