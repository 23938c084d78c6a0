"""A run has a name, recorded in its results and shown by its reports and the matrix, and a folder of its
own: a run never writes over another run's files."""
from __future__ import annotations

import copy
import json

import pytest

from conformance.results.outputs import (
    INSTALLED_BASE,
    another_run,
    default_run_name,
    output_base,
    results_path,
    run_name_problem,
    written_run_name,
)
from conformance.recording.plugin import COMPARISON_FILE
from reports.build import beside, write_run_reports
from reports.html import render_report
from reports.markdown import render_summary
from reports.matrix import build_matrix, render_matrix_html, render_matrix_markdown
from reports.results_schema import schema_violation
from tests.report_documents import every_status_document
from tests.specification_runs import ROOT, one_clear_error, run_specification

ONE_SCENARIO = "replace_the_old_password"


def named(name: str | None) -> dict:
    document = copy.deepcopy(every_status_document())
    if name is not None:
        document["run"]["name"] = name
    return document


# --- the name ------------------------------------------------------------------------------------------

def test_the_default_name_is_the_folder_name_of_before_made_safe():
    assert default_run_name("moto", "python", "reference") == "moto-python-reference"
    assert default_run_name("pkg.mod:Factory", "python", "reference") == "pkg.mod_Factory-python-reference"


@pytest.mark.parametrize("name", ["run-a", "nightly_2026.12.02", "A1", "x" * 100])
def test_names_safe_for_a_folder_are_taken(name):
    assert run_name_problem(name) is None


@pytest.mark.parametrize("name", ["", "a/b", "..", ".hidden", "-k", "with space", "é", "x" * 101, "a\\b"])
def test_names_unsafe_for_a_folder_are_refused_in_one_sentence(name):
    problem = run_name_problem(name)
    assert problem and problem.startswith(f"--run-name={name!r} cannot name a run folder") and "\n" not in problem


# --- where it writes ---------------------------------------------------------------------------------------

def test_a_checkout_writes_under_reports_output_and_an_installed_suite_in_the_current_directory(tmp_path):
    assert output_base(ROOT, tmp_path) == ROOT / "reports" / "output"
    site_packages = tmp_path / "site-packages"
    (site_packages / "conformance").mkdir(parents=True)
    assert output_base(site_packages, tmp_path / "cwd") == tmp_path / "cwd" / INSTALLED_BASE


def test_the_results_file_comes_from_results_or_output_or_the_name(tmp_path):
    assert results_path(None, None, "run-a", tmp_path) == tmp_path / "run-a" / "results.json"
    assert results_path(None, str(tmp_path / "out"), "run-a", tmp_path) == tmp_path / "out" / "results.json"
    assert results_path(str(tmp_path / "r.json"), None, "run-a", tmp_path) == tmp_path / "r.json"
    with pytest.raises(ValueError, match="give one"):
        results_path("r.json", "out", "run-a", tmp_path)


def test_reports_beside_a_results_file_of_another_name_carry_its_stem(tmp_path):
    assert beside(tmp_path / "results.json", "summary.md") == tmp_path / "summary.md"
    assert beside(tmp_path / "run-a.json", COMPARISON_FILE) == tmp_path / f"run-a.{COMPARISON_FILE}"
    written = write_run_reports(named("run-a"), tmp_path / "run-a.json")
    written += write_run_reports(named("run-b"), tmp_path / "run-b.json")
    assert [path.name for path in written] == ["run-a.summary.md", "run-a.report.html",
                                               "run-b.summary.md", "run-b.report.html"]


# --- another run's files -------------------------------------------------------------------------------------

def test_a_folder_holding_another_runs_results_is_refused_naming_both(tmp_path):
    results = tmp_path / "results.json"
    assert another_run(results, "run-a") is None  # nothing there yet
    results.write_text(json.dumps(named("run-a")), encoding="utf-8")
    assert another_run(results, "run-a") is None  # a rerun replaces its own files
    problem = another_run(results, "run-b")
    assert "'run-a'" in problem and "'run-b'" in problem and "\n" not in problem


def test_a_document_without_a_name_belongs_to_its_default_name(tmp_path):
    results = tmp_path / "results.json"
    results.write_text(json.dumps(named(None)), encoding="utf-8")
    assert written_run_name(named(None)) == "reference-python-reference"
    assert another_run(results, "reference-python-reference") is None
    assert "'reference-python-reference'" in another_run(results, "run-b")


def test_a_file_that_is_not_a_results_document_is_not_written_over(tmp_path):
    results = tmp_path / "results.json"
    results.write_text("not json", encoding="utf-8")
    assert "is not a results document" in another_run(results, "run-a")


# --- reports and the matrix ------------------------------------------------------------------------------------

def test_the_name_meets_the_schema_and_titles_the_reports():
    document = named("nightly-moto")
    assert schema_violation(document) is None
    assert "· `nightly-moto`" in render_summary(document).splitlines()[0]
    report = render_report(document)
    assert ": nightly-moto</title>" in report
    assert "<h1>nightly-moto</h1>" in report
    assert schema_violation(named("a/b")) is not None


def test_the_matrix_heads_a_column_with_the_name_and_falls_back_to_the_choices():
    matrix = build_matrix([("a.json", named("endpoint-before")), ("b.json", named("endpoint-after")),
                           ("c.json", named(None)), ("d.json", named("endpoint-after"))])
    assert [c.label for c in matrix.columns] == ["endpoint-before", "endpoint-after",
                                                 "reference / python / reference", "endpoint-after #2"]
    assert "| endpoint-before | endpoint-after | reference / python / reference |" in render_matrix_markdown(matrix)
    page = render_matrix_html(matrix)
    assert '<span class="run-name">endpoint-before</span>' in page
    assert '<span class="run-name">endpoint-after #2</span>' in page


# --- real runs ----------------------------------------------------------------------------------------------------

def test_a_named_run_writes_its_folder_and_refuses_another_runs_folder(tmp_path):
    out = tmp_path / "a"
    completed = run_specification("--run-name=run-a", f"--output={out}", "-k", ONE_SCENARIO)
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "results.json", "summary.md"]
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["run"]["name"] == "run-a"
    assert "`run-a`" in (out / "summary.md").read_text(encoding="utf-8").splitlines()[0]
    assert "<h1>run-a</h1>" in (out / "report.html").read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    error = one_clear_error(run_specification("--run-name=run-b", f"--output={out}", "-k", ONE_SCENARIO))
    assert "'run-a'" in error and "'run-b'" in error
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing of run-a was touched

    rerun = run_specification("--run-name=run-a", f"--output={out}", "-k", ONE_SCENARIO)
    assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-2000:]


def test_two_runs_with_results_files_in_one_folder_keep_their_reports_apart(tmp_path):
    for name in ("run-a", "run-b"):
        completed = run_specification(f"--run-name={name}", f"--results={tmp_path / name}.json", "-k", ONE_SCENARIO)
        assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "run-a.json", "run-a.report.html", "run-a.summary.md", "run-b.json", "run-b.report.html", "run-b.summary.md"]


@pytest.mark.parametrize("options, words", [
    (("--run-name=a/b",), ("--run-name='a/b'", "cannot name a run folder")),
    (("--output=OUT", "--results=OUT/r.json"), ("--results=", "--output=", "give one")),
])
def test_mistakes_in_the_run_identity_stop_the_run_in_one_sentence(options, words, tmp_path):
    options = tuple(option.replace("OUT", str(tmp_path / "out")) for option in options)
    error = one_clear_error(run_specification(*options, "-k", ONE_SCENARIO))
    for word in words:
        assert word in error, error
    assert not (tmp_path / "out").exists()
