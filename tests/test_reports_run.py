"""Every run of the specification leaves summary.md and report.html beside its results.json."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reports.build import write_run_reports
from tests.report_documents import every_status_document

ROOT = Path(__file__).resolve().parents[1]


def test_write_run_reports_writes_both_views_beside_the_results(tmp_path):
    results = tmp_path / "run" / "results.json"

    written = write_run_reports(every_status_document(), results)

    assert written == [results.parent / "summary.md", results.parent / "report.html"]
    assert all(path.stat().st_size > 0 for path in written)
    assert all(path.stat().st_mode & 0o044 for path in written), "reports are readable by others (CI artefacts)"


def test_a_run_of_the_specification_leaves_the_markdown_and_html_reports(tmp_path):
    results = tmp_path / "results.json"
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--target", "reference",
         "--results", str(results), "-k", "recovery_channel"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    document = json.loads(results.read_text(encoding="utf-8"))
    ran = [r["id"] for r in document["requirements"] if r["status"] != "not_run"]
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert ran and all(f"`{requirement_id}`" in summary for requirement_id in ran)
    assert all(f'id="{requirement_id}"' in report for requirement_id in ran)
    assert '<pre class="gherkin">' in report  # the suite's own feature files were read
