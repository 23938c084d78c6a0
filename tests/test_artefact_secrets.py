"""No artefact of a run holds a token, session, code or generated password that the run handled.

The run under test collects every secret it handles (tests/secret_collector.py); the test then
looks for each one in every file the run wrote: results, summary.md, report.html, JUnit and the
Allure results. One run is the main job against a target that plants every secret it receives in
its error messages; one is an emulator (moto, which quotes revoked tokens) under pytest-xdist.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURE_TEXT = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "features").glob("*.feature"))


def run_and_collect(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, Path, dict[str, set[str]]]:
    out = tmp_path / "run"
    environment = {**os.environ, "CONFORMANCE_TEST_SECRETS_OUT": str(tmp_path / "secrets.json"),
                   "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "-p", "secret_collector",
         f"--results={out / 'results.json'}", f"--junitxml={out / 'junit.xml'}", "-p", "reports.allure_labels",
         f"--alluredir={out / 'allure-results'}", *options],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )
    seen: dict[str, set[str]] = {"tokens": set(), "codes": set(), "passwords": set()}
    for part in tmp_path.glob("secrets-*.json"):
        for kind, values in json.loads(part.read_text(encoding="utf-8")).items():
            seen[kind] |= set(values)
    return completed, out, seen


def leaks(out: Path, seen: dict[str, set[str]]) -> list[str]:
    artefacts = [path for path in out.rglob("*") if path.is_file()]
    assert {p.name for p in artefacts} >= {"results.json", "summary.md", "report.html", "junit.xml"}
    assert any(p.parent.name == "allure-results" for p in artefacts), "the run wrote no Allure results"
    found = []
    for path in artefacts:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.name}: token {t[:12]}…" for t in seen["tokens"] if t in text]
        # A code or a password stands alone: not inside a longer number (a duration), a word or a hex ID
        # (Allure's UUIDs hold runs of digits that may equal a code by chance).
        found += [f"{path.name}: code" for c in seen["codes"] if re.search(rf"(?<![\w.]){c}(?!\w)", text)]
        found += [f"{path.name}: password" for p in seen["passwords"] if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
    return found


def test_no_artefact_holds_a_secret_a_target_planted_in_its_messages(tmp_path):
    pytest.importorskip("allure_pytest_bdd")
    completed, out, seen = run_and_collect(tmp_path, "--target=secret_collector:QuotingTarget")
    assert completed.returncode in (0, 1), completed.stdout[-2000:] + completed.stderr[-2000:]
    assert len(seen["tokens"]) > 20 and len(seen["codes"]) > 20 and len(seen["passwords"]) > 20
    results = (out / "results.json").read_text(encoding="utf-8")
    assert "(received {" in results, "no secret was planted in a message, so nothing was proven"
    assert not [p for p in seen["passwords"] if p in FEATURE_TEXT]  # generated, never the specification's own
    assert leaks(out, seen) == []


def test_no_artefact_of_an_emulator_run_under_xdist_holds_a_secret(tmp_path):
    pytest.importorskip("allure_pytest_bdd")
    pytest.importorskip("moto")
    completed, out, seen = run_and_collect(tmp_path, "--target=moto", "--no-expectations", "-n", "2")
    assert completed.returncode == 1, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert seen["tokens"] and seen["codes"] and seen["passwords"]
    assert leaks(out, seen) == []
