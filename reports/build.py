"""The files of a run's reports, built from its results document (reports/SCHEMA.md).

- ``write_run_reports``: summary.md and report.html beside a run's results.json (called at the end of
  every run).
- ``python -m reports build RESULTS_JSON [--out DIR]`` and
  ``python -m reports matrix A.json B.json ... --out DIR``: the same, and several runs side by side.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reports.files import write_files_atomically
from reports.gherkin import read_specification
from reports.html import render_report
from reports.markdown import render_summary

DEFAULT_FEATURES = Path(__file__).resolve().parent.parent / "features"
SUMMARY_NAME = "summary.md"
REPORT_NAME = "report.html"
MATRIX_NAMES = ("matrix.html", "matrix.md")


def run_report_files(document: dict[str, Any], out_dir: Path,
                     features_dir: Path | None = DEFAULT_FEATURES) -> dict[Path, str]:
    """The texts of summary.md and report.html for one run, by the path each belongs at."""
    specification = read_specification(features_dir)
    return {
        out_dir / SUMMARY_NAME: render_summary(document, specification),
        out_dir / REPORT_NAME: render_report(document, specification),
    }


def write_run_reports(document: dict[str, Any], results_path: Path, *,
                      features_dir: Path | None = DEFAULT_FEATURES) -> list[Path]:
    """Write summary.md and report.html beside results.json; return their paths."""
    return write_files_atomically(run_report_files(document, Path(results_path).parent, features_dir))
