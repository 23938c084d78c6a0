"""python -m reports: build and matrix, and one clear sentence with exit code 2 for bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import localhost.files
from reports.cli import main
from tests.report_documents import (
    document,
    every_status_document,
    feature,
    item,
    requirement,
    run,
    scenario,
    specification,
    version_2,
)

ROOT = Path(__file__).resolve().parents[1]


def _write_json(path: Path, value) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def _error(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_build_writes_summary_and_report_next_to_the_results(tmp_path, capsys):
    results = _write_json(tmp_path / "run" / "results.json", every_status_document())

    assert main(["build", str(results)]) == 0

    assert sorted(p.name for p in results.parent.iterdir()) == ["report.html", "results.json", "summary.md"]
    assert (results.parent / "summary.md").read_text(encoding="utf-8").startswith("## ⛔")
    printed = capsys.readouterr().out.splitlines()
    assert printed == [str(results.parent / "summary.md"), str(results.parent / "report.html")]


def test_build_writes_into_another_folder_when_asked(tmp_path):
    results = _write_json(tmp_path / "results.json", every_status_document())

    assert main(["build", str(results), "--out", str(tmp_path / "out" / "deeper")]) == 0

    assert sorted(p.name for p in (tmp_path / "out" / "deeper").iterdir()) == ["report.html", "summary.md"]


def test_matrix_writes_html_and_markdown(tmp_path):
    a = _write_json(tmp_path / "a.json", document([requirement("req_a", "passed")], the_run=run("one")))
    b = _write_json(tmp_path / "b.json", document([requirement("req_a", "failed")], the_run=run("two")))

    assert main(["matrix", str(a), str(b), "--out", str(tmp_path / "m")]) == 0

    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["matrix.html", "matrix.md"]
    assert "| `req_a` ≠ | MUST | ✓ passed | ✗ failed |" in (tmp_path / "m" / "matrix.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("content, expected", [
    (None, "does not exist"),
    ("{not json", "is not JSON (line 1, column 2"),
    (b"\xff\xfe\x00", "is not UTF-8 text"),
    ([1, 2], "the top level is not a JSON object"),
    ({"schema": "something/else", "schema_version": 1}, "its \"schema\" is 'something/else'"),
    ({"schema": "amplify-password-conformance/results", "schema_version": 4}, "its schema_version is 4"),
    (version_2(document([])), "its schema_version is 2, written by an older suite whose documents lack the Gherkin"),
    ({"schema": "amplify-password-conformance/results", "schema_version": True}, "its schema_version is True"),
    (dict(document([]), requirements={}), "'requirements' is not a JSON array"),
    (dict(document([]), run={}), "'run' has no 'suite_version'"),
    ({k: v for k, v in document([]).items() if k != "vocabulary"}, "the document has no 'vocabulary'"),
    (dict(document([]), requirements=[{k: v for k, v in requirement("req_a").items() if k != "id"}]),
     "requirements[0] has no 'id'"),
    (dict(document([requirement("req_a", "flaky")])), "breaks the schema: 'flaky' is not one of ['passed'"),
    (dict(document([requirement("req_a", "passed")]), summary={"requirements": {}, "requirements_by_level": {},
                                                               "items": {}}),
     "'summary' has no 'service_requirements'"),
])
def test_bad_input_is_one_sentence_exit_code_2_and_nothing_written(tmp_path, capsys, content, expected):
    results = tmp_path / "in" / "results.json"
    results.parent.mkdir()
    if isinstance(content, bytes):
        results.write_bytes(content)
    elif isinstance(content, str):
        results.write_text(content, encoding="utf-8")
    elif content is not None:
        _write_json(results, content)

    assert main(["build", str(results), "--out", str(tmp_path / "out")]) == 2

    line = _error(capsys)
    assert line.startswith(f"reports: {results}") and expected in line, line
    assert line.endswith(".")
    assert not (tmp_path / "out").exists()


def test_a_folder_instead_of_a_file_is_refused(tmp_path, capsys):
    assert main(["build", str(tmp_path)]) == 2
    assert "is not a file" in _error(capsys)


def test_one_bad_file_among_several_writes_no_matrix(tmp_path, capsys):
    good = _write_json(tmp_path / "good.json", every_status_document())

    assert main(["matrix", str(good), str(tmp_path / "missing.json"), "--out", str(tmp_path / "m")]) == 2

    assert "missing.json does not exist" in _error(capsys)
    assert not (tmp_path / "m").exists()


def test_a_document_that_breaks_the_schema_writes_no_matrix(tmp_path, capsys):
    good = _write_json(tmp_path / "good.json", every_status_document())
    broken = every_status_document()
    broken["summary"]["gate"] = "maybe"
    bad = _write_json(tmp_path / "bad.json", broken)

    assert main(["matrix", str(good), str(bad), "--out", str(tmp_path / "m")]) == 2

    assert _error(capsys) == (f"reports: {bad} is not a results document this reader understands: "
                              "summary.gate breaks the schema: 'maybe' is not one of ['pass', 'fail', 'error'].")
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("arguments, expected", [
    ([], "the following arguments are required: command"),
    (["matrix"], "the following arguments are required: results"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_usage_mistakes_are_one_sentence_too(capsys, arguments, expected):
    assert main(arguments) == 2
    assert expected in _error(capsys).lower()


def test_the_reports_show_the_gherkin_the_document_carries(tmp_path, monkeypatch):
    carried = specification(feature("alpha.feature", "Alpha", scenario(
        "A scenario", "@req_a @must\nScenario: A scenario\n  Then the carried step holds")))
    items = [item("req_a", "passed", scenario="A scenario")]
    results = _write_json(tmp_path / "results.json",
                          document([requirement("req_a", "passed", items=items)], features=carried))
    monkeypatch.chdir(tmp_path)  # no features folder anywhere near

    assert main(["build", str(results)]) == 0

    assert "the carried step holds" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "#### `alpha.feature`: Alpha" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_a_features_option_is_no_longer_taken(tmp_path, capsys):
    results = _write_json(tmp_path / "results.json", every_status_document())

    assert main(["build", str(results), "--features", str(tmp_path)]) == 2
    assert "Unrecognized arguments: --features" in _error(capsys)


def test_a_failed_write_leaves_neither_reports_nor_temporary_files(tmp_path, capsys, monkeypatch):
    results = _write_json(tmp_path / "results.json", every_status_document())
    real_replace = os.replace
    calls = []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(localhost.files.os, "replace", failing_replace)

    assert main(["build", str(results), "--out", str(tmp_path / "out")]) == 2
    assert "could not write" in _error(capsys)
    leftovers = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert all(not name.endswith(".tmp") for name in leftovers)
    assert leftovers in ([], ["summary.md"])  # at most a complete file, never a partial one


def test_the_module_runs_as_a_command_without_a_traceback(tmp_path):
    completed = subprocess.run([sys.executable, "-m", "reports", "build", str(tmp_path / "absent.json")],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)

    assert completed.returncode == 2
    assert completed.stderr == (f"reports: {tmp_path / 'absent.json'} does not exist: "
                                "pass the results.json a run of the suite wrote.\n")
    assert completed.stdout == ""
