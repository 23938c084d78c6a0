"""The files of a run's reports, built from its results document alone (reports/SCHEMA.md).

- ``write_run_reports``: summary.md and report.html beside a run's results.json (called at the end of
  every run); beside a results file named otherwise, ``<stem>.summary.md`` and ``<stem>.report.html``.
- ``python -m reports build RESULTS_JSON [--out DIR]`` and
  ``python -m reports matrix A.json B.json ... --out DIR``: the same, and several runs side by side.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from localhost.files import write_all_atomically
from reports.html import render_report
from reports.markdown import render_summary
from reports.matrix import build_matrix, render_matrix_html, render_matrix_markdown

SUMMARY_NAME = "summary.md"
REPORT_NAME = "report.html"
MATRIX_NAMES = ("matrix.html", "matrix.md")


def run_report_files(document: dict[str, Any], out_dir: Path) -> dict[Path, str]:
    """The texts of summary.md and report.html for one run, by the path each belongs at."""
    return {
        out_dir / SUMMARY_NAME: render_summary(document),
        out_dir / REPORT_NAME: render_report(document),
    }


def beside(results: Path, name: str) -> Path:
    """A file of the run beside its results file: ``name``, or ``<stem>.<name>`` for a results file not
    named results.json (``run-a.json`` → ``run-a.summary.md``), so two runs in one folder never clash."""
    results = Path(results)
    return results.parent / (name if results.stem == "results" else f"{results.stem}.{name}")


def run_report_paths(results_path: Path) -> tuple[Path, Path]:
    """Where a run's summary.md and report.html go: beside its results file, named after its stem when
    that is not ``results`` (``run-a.json`` → ``run-a.summary.md``, ``run-a.report.html``)."""
    return beside(results_path, SUMMARY_NAME), beside(results_path, REPORT_NAME)


def write_run_reports(document: dict[str, Any], results_path: Path) -> list[Path]:
    """Write summary.md and report.html beside the results file; return their paths."""
    summary, report = run_report_paths(results_path)
    return write_all_atomically({summary: render_summary(document), report: render_report(document)})


def matrix_files(documents: list[tuple[str, dict[str, Any]]], out_dir: Path) -> dict[Path, str]:
    """The texts of matrix.html and matrix.md for (source, document) pairs, by the path each belongs at."""
    matrix = build_matrix(documents, [report_address(source, out_dir) for source, _ in documents])
    html_name, markdown_name = MATRIX_NAMES
    return {out_dir / html_name: render_matrix_html(matrix), out_dir / markdown_name: render_matrix_markdown(matrix)}


def report_address(results_path: str | Path, out_dir: Path) -> str | None:
    """The address of the report page beside a results file, relative to ``out_dir``; None when there is none."""
    report = beside(Path(results_path), REPORT_NAME)  # run-a.json: run-a.report.html
    if not report.is_file():
        return None
    try:
        relative = os.path.relpath(report.resolve(), Path(out_dir).resolve())
    except ValueError:  # on another drive: no relative address
        return None
    return quote(Path(relative).as_posix())
