"""Running the whole specification against one mutant, in a fresh process, and reading its results."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DETECTING_STATUSES = ("failed", "warning")


@dataclass(frozen=True)
class SpecificationRun:
    exit_code: int
    statuses: dict[str, str]  # requirement ID -> status
    output: str

    def detecting(self, baseline: SpecificationRun) -> set[str]:
        """Requirements that report a problem here but not in the baseline run."""
        return {
            req for req, status in self.statuses.items()
            if status in DETECTING_STATUSES and baseline.statuses.get(req) not in DETECTING_STATUSES
        }


def run_specification(results: Path, *options: str) -> SpecificationRun:
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "--no-header",
         f"--results={results}", *options],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    statuses = {}
    if results.exists():
        document = json.loads(results.read_text(encoding="utf-8"))
        statuses = {r["id"]: r["status"] for r in document["requirements"]}
    return SpecificationRun(completed.returncode, statuses, completed.stdout[-3000:] + completed.stderr[-3000:])
