"""How the suite marks what it creates in an AWS account, and how it recognises it again.

Every user pool the ``cognito`` target creates has a name starting with ``POOL_NAME_PREFIX`` and the
tag ``RUN_TAG`` whose value is the run's ID. ``sweep`` deletes a pool only when both are present, so
a pool someone else made is never touched, even one whose name happens to share the prefix.

Two more tags say whether the run is still alive: ``OWNER_TAG`` names the process that created the
pool (its run record on disk, see ``run_record``) and ``LEASE_TAG`` says until when that process
vouches for it (see ``lease``). A run of pytest-xdist has one owner per worker.
"""
from __future__ import annotations

import os
import re
import uuid

POOL_NAME_PREFIX = "amplify-pw-conformance-"
RUN_TAG = "amplify-password-conformance:run"
OWNER_TAG = "amplify-password-conformance:owner"
LEASE_TAG = "amplify-password-conformance:lease-until"
RUN_ID_ENV = "CONFORMANCE_RUN_ID"  # lets every pytest-xdist worker (and a test) share one run ID
_RUN_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def new_run_id(environ: dict[str, str] | None = None) -> str:
    given = (os.environ if environ is None else environ).get(RUN_ID_ENV, "")
    if given:
        if not _RUN_ID.match(given):
            raise ValueError(f"{RUN_ID_ENV}={given!r} is not a run ID (letters, digits, '_', '.', '-'; at most 64)")
        return given
    return uuid.uuid4().hex[:12]


def new_owner() -> str:
    """A name for this process's share of a run, unique enough to tell the run's processes apart."""
    return uuid.uuid4().hex[:12]


def pool_tags(run_id: str, owner: str, lease_until: str) -> dict[str, str]:
    """The tags of a pool that the process ``owner`` of run ``run_id`` creates."""
    return {RUN_TAG: run_id, OWNER_TAG: owner, LEASE_TAG: lease_until}


def is_suite_pool(name: str, tags: dict[str, str]) -> bool:
    """Whether a pool is the suite's: the name prefix and the run tag, both."""
    return name.startswith(POOL_NAME_PREFIX) and bool(tags.get(RUN_TAG))


def suite_name(name: str) -> str:
    """``name`` with the suite's prefix (pool names are at most 128 characters)."""
    return (name if name.startswith(POOL_NAME_PREFIX) else POOL_NAME_PREFIX + name)[:128]
