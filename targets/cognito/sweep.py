"""Deleting user pools that earlier runs left behind (a killed process, a lost network).

Only a pool carrying both marks of the suite is considered (the name prefix and the run tag, see
``tagging``), and only when it is older than the given age, so that a run in progress elsewhere keeps
its pools. Without ``delete`` it only lists what it would delete.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from botocore.exceptions import ClientError

from targets.cognito.tagging import POOL_NAME_PREFIX, RUN_TAG, is_suite_pool

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
          now: dt.datetime | None = None, say: Callable[[str], None] = print) -> list[SweptPool]:
    """The suite's pools older than ``older_than``; deleted when ``delete`` is true."""
    moment = now or dt.datetime.now(dt.timezone.utc)
    found: list[SweptPool] = []
    for page in client.get_paginator("list_user_pools").paginate(MaxResults=60):
        for summary in page.get("UserPools", []):
            name = summary.get("Name", "")
            if not name.startswith(POOL_NAME_PREFIX):  # saves a DescribeUserPool on everybody else's pools
                continue
            created = _aware(summary.get("CreationDate"))
            if created is None or moment - created < older_than:
                continue
            try:
                pool = client.describe_user_pool(UserPoolId=summary["Id"])["UserPool"]
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                    continue
                raise
            tags = pool.get("UserPoolTags") or {}
            if not is_suite_pool(name, tags):
                continue
            found.append(_handle(client, summary["Id"], name, tags[RUN_TAG], created, delete, say))
    if not found:
        say(f"no pool of the suite is older than {_describe(older_than)}")
    elif not delete:
        say(f"{len(found)} pool(s) would be deleted; run again with --delete to delete them")
    return found


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
