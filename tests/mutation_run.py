"""Running the whole specification against one mutant, in a fresh process, and reading its results."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SpecificationRun:
    exit_code: int
    statuses: dict[str, str]  # requirement ID -> status
    output: str

    def detecting(self, baseline: SpecificationRun) -> set[str]:
        """Requirements whose status differs from the baseline run's.

        Usually a requirement that passed fails; for a seed claim that the baseline reports as a
        warning, a mutant behaving as the seed page says makes it pass instead.
        """
        return {req for req, status in self.statuses.items() if status != baseline.statuses.get(req)}


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
