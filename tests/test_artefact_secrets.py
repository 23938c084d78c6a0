"""No artefact of the main job holds a token or a confirmation code that the run handled."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_artefact_of_a_run_holds_its_tokens_or_codes(tmp_path):
    secrets_file = tmp_path / "secrets.json"
    out = tmp_path / "run"
    environment = {**os.environ, "CONFORMANCE_TEST_SECRETS_OUT": str(secrets_file),
                   "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "-p", "secret_collector",
         "--target=reference", f"--results={out / 'results.json'}", f"--junitxml={out / 'junit.xml'}"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    seen = json.loads(secrets_file.read_text(encoding="utf-8"))
    assert len(seen["tokens"]) > 20 and len(seen["codes"]) > 20, "the run handled too few secrets to prove anything"
    artefacts = [path for path in out.rglob("*") if path.is_file()]
    assert {p.name for p in artefacts} >= {"results.json", "summary.md", "report.html", "junit.xml"}
    leaks = []
    for path in artefacts:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaks += [f"{path.name}: token {token[:12]}…" for token in seen["tokens"] if token in text]
        # A code is six digits: don't mistake the decimals of a duration or the digits of a longer number for one.
        leaks += [f"{path.name}: code" for code in seen["codes"] if re.search(rf"(?<![\d.]){code}(?!\d)", text)]
    assert not leaks, leaks
