"""What a process of the cognito target leaves on disk, so that ``sweep`` can finish its clean-up.

A process that is killed outright (``kill -9``, an out-of-memory kill) runs no clean-up at all. So
that its pools can still be found, and deleted as soon as it is gone rather than when their lease
runs out, each process keeps one small JSON file under ``CONFORMANCE_COGNITO_STATE_DIR`` (default
``reports/output/cognito-runs/``), named after its owner tag. It is written (atomically: a temporary
file renamed over it) before each CreateUserPool is sent and after each pool is created or deleted,
and removed once the process's clean-up has confirmed every pool deleted. It holds the run ID, the
owner tag, the PID with its start time (so that a PID the system handed to another process since is
not taken for the run), the host, the pool names requested without an answer yet, and the IDs of the
pools created and not deleted.
"""
from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from localhost.files import write_atomically

STATE_DIR_ENV = "CONFORMANCE_COGNITO_STATE_DIR"
DEFAULT_STATE_DIR = Path(__file__).resolve().parent.parent.parent / "reports" / "output" / "cognito-runs"


def state_dir(environ: dict[str, str] | None = None) -> Path:
    """Where run records are kept: ``CONFORMANCE_COGNITO_STATE_DIR``, or reports/output/cognito-runs."""
    given = (os.environ if environ is None else environ).get(STATE_DIR_ENV, "")
    return Path(given) if given else DEFAULT_STATE_DIR


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    owner: str
    pid: int
    host: str
    started: int | None  # the process's start time in clock ticks since boot (Linux), None elsewhere
    requested: tuple[str, ...] = field(default=())
    created: tuple[str, ...] = field(default=())

    @classmethod
    def of_this_process(cls, run_id: str, owner: str) -> RunRecord:
        pid = os.getpid()
        return cls(run_id, owner, pid, socket.gethostname(), _process_stat(pid)[1])

    def with_pools(self, requested: list[str], created: list[str]) -> RunRecord:
        return replace(self, requested=tuple(requested), created=tuple(created))

    def path(self, directory: Path) -> Path:
        return directory / f"{self.owner}.json"

    def save(self, directory: Path) -> None:
        """Write the record so that a reader sees the old one or the new one, never half of one."""
        # An interruption half-way leaves no temporary file behind (write_atomically removes it).
        write_atomically(self.path(directory),
                         json.dumps({**asdict(self), "requested": list(self.requested), "created": list(self.created)}))

    def remove(self, directory: Path) -> None:
        _remove(self.path(directory))

    def process_gone(self) -> bool | None:
        """True when the process that wrote the record has ended, False while it runs, None when this
        machine cannot tell (the record was written on another host)."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # it exists, and belongs to someone else
            pass
        state, started = _process_stat(self.pid)
        if state == "Z":  # a zombie has ended; only its exit status is left
            return True
        return self.started is not None and started is not None and started != self.started


def load_records(directory: Path) -> list[RunRecord]:
    """Every readable record in ``directory`` (a missing directory has none)."""
    records = []
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            data = json.loads(path.read_text())
            records.append(RunRecord(str(data["run_id"]), str(data["owner"]), int(data["pid"]), str(data["host"]),
                                     data.get("started"), tuple(data.get("requested", ())),
                                     tuple(data.get("created", ()))))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a record being replaced right now, or not one of ours
    return records


def _process_stat(pid: int) -> tuple[str | None, int | None]:
    """The state letter and start time of process ``pid`` from /proc; (None, None) where there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None, None
    fields = text[text.rindex(")") + 2:].split()  # the command name may hold spaces and parentheses
    return fields[0], int(fields[19])


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
