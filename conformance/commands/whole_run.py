"""One run of the whole specification in a fresh pytest process, and the results it wrote.

The stability check, the benchmark, the conformance survey and the mutation self-test all measure
whole runs this way, so that a run is exactly what a user gets from ``pytest``.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class WholeRun:
    exit_code: int
    output: str
    wall_seconds: float
    document: dict[str, Any] = field(default_factory=dict)  # empty when the run wrote no results

    @property
    def statuses(self) -> dict[str, str]:
        """Requirement ID -> status."""
        return {r["id"]: r["status"] for r in self.document.get("requirements", [])}

    @property
    def item_statuses(self) -> dict[str, str]:
        """Test item node ID -> status."""
        return {i["nodeid"]: i["status"] for r in self.document.get("requirements", []) for i in r["items"]}

    @property
    def items(self) -> list[dict[str, Any]]:
        return [i for r in self.document.get("requirements", []) for i in r["items"]]

    @property
    def gate(self) -> str:
        """The results document's gate verdict; empty when the run wrote no results."""
        return self.document.get("summary", {}).get("gate", "")

    @property
    def fails_the_gate(self) -> bool:
        """The run ended as a failing gate does: verdict "fail" and pytest's exit code 1."""
        return self.gate == "fail" and self.exit_code == 1

    @property
    def passes_the_gate(self) -> bool:
        """The run ended as a passing gate does: verdict "pass" and pytest's exit code 0."""
        return self.gate == "pass" and self.exit_code == 0

    def detecting(self, baseline: WholeRun) -> set[str]:
        """Requirements whose status differs from the baseline run's.

        Usually a requirement that passed fails; for a seed claim that the baseline reports as a
        warning, an implementation behaving as the seed page says makes it pass instead.
        """
        return {req for req, status in self.statuses.items() if status != baseline.statuses.get(req)}


def run_in_subprocess(results: Path, *options: str, workers: int = 1, timeout: float = 600) -> WholeRun:
    """Run ``pytest steps`` with ``options``, writing the results document to ``results``."""
    command = [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "--no-header",
               "--tb=native", f"--results={results}", *options]
    if workers > 1:
        command += ["-n", str(workers)]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - started
    document = json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}
    output = completed.stdout[-20000:] + completed.stderr[-3000:]
    return WholeRun(completed.returncode, output, wall, document)
