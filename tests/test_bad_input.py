"""Mistakes a user can make end in one clear sentence, a non-zero exit, and nothing half-written."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.specification_runs import ROOT, one_clear_error, run_specification

COPIED = ("features", "steps", "conformance", "targets", "localhost", "reports", "expectations", "tests", "conftest.py",
          "pyproject.toml")


def copy_suite(destination: Path) -> Path:
    """A copy of the suite that a test may break."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__", "output", "node_modules"))
        else:
            shutil.copy(source, destination / name)
    return destination


@pytest.fixture
def tree(tmp_path):
    return copy_suite(tmp_path)


@pytest.mark.parametrize("option, words", [
    ("--target=nowhere", ("unknown target 'nowhere'", "reference")),
    ("--client=kotlin", ("unknown client 'kotlin'", "python")),
    ("--definitions=cdk9", ("unknown definitions 'cdk9'", "reference")),
    ("--target=no_such_package.module:Target", ("cannot load target", "no_such_package")),
    ("--target=conformance.harness:Nothing", ("has no attribute 'Nothing'",)),
    ("--target=conformance.harness:Harness", ("building the target", "failed")),
    ("--target=conformance.outcome:Outcome", ("did not produce a Target",)),
    ("--client=no_such_package.module:Driver", ("cannot load client", "no_such_package")),
    ("--client=conformance.outcome:Outcome", ("did not produce a client driver",)),
])
def test_unknown_names_are_refused(option, words, tmp_path):
    results = tmp_path / "results.json"
    one_clear_error(run_specification(option, f"--results={results}"), *words)
    assert not results.exists()


def test_an_existing_folder_written_apart_from_its_option_is_refused(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    # Without a test path in the suite, pytest's root folder follows the folder; "-p" loads the plugin as
    # an installed copy's entry point does, since the checkout's conftest.py is then out of pytest's sight.
    completed = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conformance.plugin",
                                "--target=reference", "--output", str(folder)],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
    one_clear_error(completed, f"write --output={folder} with '='", "its root folder became ")
    # Where the root folder went depends on the folders around the checkout: the folder, or an ancestor.
    became = Path((completed.stdout + completed.stderr).split("its root folder became ")[1].split()[0])
    assert folder.is_relative_to(became) and became != ROOT, became
    assert list(folder.iterdir()) == []


def test_a_feature_with_a_syntax_error(tree):
    (tree / "features" / "broken.feature").write_text("Feature: x\n  Scenario: y\n    Given a\n  Nonsense here\n")
    one_clear_error(run_specification(cwd=tree), "broken.feature line 4", "not valid Gherkin")
    assert not (tree / "reports" / "output").exists()


def test_a_scenario_with_an_unknown_tag(tree):
    feature = tree / "features" / "update_password.feature"
    feature.write_text(feature.read_text().replace("@req_update_signed_out @must", "@req_update_signed_out @must @urgent"))
    one_clear_error(run_specification(cwd=tree), "unknown tag(s) @urgent")


def test_a_scenario_without_a_requirement(tree):
    feature = tree / "features" / "update_password.feature"
    feature.write_text(feature.read_text().replace("@req_update_signed_out ", ""))
    one_clear_error(run_specification(cwd=tree), "exactly one requirement tag")


def test_a_malformed_catalogue(tree):
    (tree / "features" / "requirements.toml").write_text("[req_x\nstatement = 1\n")
    one_clear_error(run_specification(cwd=tree), "cannot read the requirements catalogue")


def test_a_malformed_expectations_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('targets = ["reference"]\n[[expected]]\nrequirement = "req_nope"\nobserved = "x"\nreason = "y"\n')
    one_clear_error(run_specification(f"--expectations={bad}", f"--results={tmp_path / 'r.json'}"),
                           "unknown requirement 'req_nope'")
    assert not (tmp_path / "r.json").exists()


