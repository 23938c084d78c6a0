"""Mistakes a user can make end in one clear sentence, a non-zero exit, and nothing half-written."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("features", "steps", "conformance", "targets", "reports", "tests", "conftest.py", "pyproject.toml")


def run_pytest(cwd: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", *options],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def assert_one_clear_error(completed: subprocess.CompletedProcess, *words: str) -> None:
    output = completed.stdout + completed.stderr
    assert completed.returncode not in (0, 1), output  # a usage error, not a test failure
    assert "Traceback" not in output and "INTERNALERROR" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR: ")]
    assert len(errors) == 1, output
    for word in words:
        assert word in errors[0], errors[0]


@pytest.fixture
def tree(tmp_path):
    """A copy of the suite that a test may break."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "output", "node_modules"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("option, words", [
    ("--target=nowhere", ("unknown target 'nowhere'", "reference")),
    ("--client=kotlin", ("unknown client 'kotlin'", "python")),
    ("--definitions=cdk9", ("unknown definitions 'cdk9'", "reference")),
    ("--target=no_such_package.module:Target", ("cannot load target", "no_such_package")),
    ("--target=conformance.harness:Nothing", ("has no attribute 'Nothing'",)),
    ("--target=conformance.harness:Harness", ("building the target", "failed")),
    ("--target=conformance.outcome:Outcome", ("did not produce a Target",)),
])
def test_unknown_names_are_refused(option, words, tmp_path):
    results = tmp_path / "results.json"
    assert_one_clear_error(run_pytest(ROOT, option, f"--results={results}"), *words)
    assert not results.exists()


def test_a_feature_with_a_syntax_error(tree):
    (tree / "features" / "broken.feature").write_text("Feature: x\n  Scenario: y\n    Given a\n  Nonsense here\n")
    assert_one_clear_error(run_pytest(tree), "broken.feature line 4", "not valid Gherkin")
    assert not (tree / "reports" / "output").exists()


def test_a_scenario_with_an_unknown_tag(tree):
    feature = tree / "features" / "update_password.feature"
    feature.write_text(feature.read_text().replace("@req_update_signed_out @must", "@req_update_signed_out @must @urgent"))
    assert_one_clear_error(run_pytest(tree), "unknown tag(s) @urgent")


def test_a_scenario_without_a_requirement(tree):
    feature = tree / "features" / "update_password.feature"
    feature.write_text(feature.read_text().replace("@req_update_signed_out ", ""))
    assert_one_clear_error(run_pytest(tree), "exactly one requirement tag")


def test_a_malformed_catalogue(tree):
    (tree / "conformance" / "requirements.toml").write_text("[req_x\nstatement = 1\n")
    assert_one_clear_error(run_pytest(tree), "cannot read the requirements catalogue")


def test_a_malformed_expectations_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[expected]]\nrequirement = "req_nope"\nobserved = "x"\nreason = "y"\n')
    assert_one_clear_error(run_pytest(ROOT, f"--expectations={bad}", f"--results={tmp_path / 'r.json'}"),
                           "unknown requirement 'req_nope'")
    assert not (tmp_path / "r.json").exists()


def assert_stopped_with(completed: subprocess.CompletedProcess, *words: str, code: int = 4) -> str:
    """A mistake found while scenarios run stops the run at once; its last line is the one sentence."""
    output = completed.stdout + completed.stderr
    assert completed.returncode == code, output
    assert "Traceback" not in output and "INTERNALERROR" not in output, output
    last = output.strip().splitlines()[-1]
    assert last.startswith("conformance: gate error: "), output
    for word in words:
        assert word in last, last
    return last


def assert_error_results(path: Path, *words: str) -> None:
    """Every artefact of a run that could not judge says error, never pass, and never blames the target."""
    document = json.loads(path.read_text(encoding="utf-8"))
    summary = document["summary"]
    assert summary["gate"] == "error", summary
    assert "failed" not in summary["items"], summary  # nothing is blamed on the target
    for word in words:
        assert word in summary["error"]["message"]
    for name in ("summary.md", "report.html"):
        text = (path.parent / name).read_text(encoding="utf-8")
        assert "gate error" in text and "gate pass" not in text, name


def test_a_step_no_definition_matches_stops_the_run_without_blaming_the_target(tree):
    feature = tree / "features" / "update_password.feature"
    feature.write_text(feature.read_text().replace("And the user is signed in\n", "And the user is signed on\n", 1))
    assert_stopped_with(run_pytest(tree), "'the user is signed on'", "matches no step definition")
    assert_error_results(tree / "reports" / "output" / "reference-python-reference" / "results.json",
                         "matches no step definition")


def test_an_unreadable_phrase_stops_the_run_without_blaming_the_target(tree):
    feature = tree / "features" / "update_password.feature"
    feature.write_text(feature.read_text().replace("login by email\n", "login by email and fone\n", 1))
    assert_stopped_with(run_pytest(tree), "cannot read 'and fone'", "fix the feature file")
