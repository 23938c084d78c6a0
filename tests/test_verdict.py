"""A verdict never lies: pass, fail or error, the same in every artefact, with and without pytest-xdist.

Each case runs the specification in its own pytest process, as a user would, against a target or
client whose plumbing breaks in one place (tests/broken_plumbing.py), and reads every artefact the
run wrote: the results, summary.md, report.html, JUnit, the console's last line and the exit code.
"""
from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from test_bad_input import copy_suite
from tests.specification_runs import ROOT, one_clear_error, run_specification

PLUMBING, MISTAKE, INTERRUPTED = 3, 4, 2


def run_suite(tmp_path: Path, *options: str, workers: int = 1, cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / "out"
    parallel = ["-n", str(workers)] if workers > 1 else []
    return run_specification(f"--results={out / 'results.json'}", f"--junitxml={out / 'junit.xml'}", *options,
                             *parallel, cwd=cwd), out


def last_line(completed: subprocess.CompletedProcess) -> str:
    return (completed.stdout + completed.stderr).strip().splitlines()[-1]


def assert_error_everywhere(completed: subprocess.CompletedProcess, out: Path, code: int, *words: str) -> dict:
    """The run could not judge, and every artefact says so and blames nothing on the target."""
    output = completed.stdout + completed.stderr
    assert completed.returncode == code, output[-3000:]
    assert "INTERNALERROR" not in output, output[-3000:]
    line = last_line(completed)
    assert line.startswith("conformance: gate error: "), output[-3000:]
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    summary = document["summary"]
    assert summary["gate"] == "error" and summary["error"]["exit_code"] == code, summary
    assert "failed" not in summary["items"], f"a breakdown was blamed on the target: {summary['items']}"
    for word in words:
        assert word in line and word in summary["error"]["message"], (word, line)
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    for name, text in (("summary.md", markdown), ("report.html", html)):
        assert "gate error" in text and "gate pass" not in text, name
    properties = {p.get("name"): p.get("value") for p in ElementTree.parse(out / "junit.xml").iter("property")}
    assert properties.get("conformance_gate") == "error", properties
    return document


@pytest.mark.parametrize("target, words", [
    ("StartRaises", ("could not start", "could not be spawned")),
    ("ClientRaises", ("its Cognito client", "no client today")),
    ("ProvisionRaises", ("provisioning a user pool", "provisioning stack is broken")),
    ("OracleRaises", ("code oracle", "mailbox cannot be read")),
    ("ClockRaises", ("its clock", "clock is stuck")),
])
def test_a_target_whose_plumbing_breaks_gets_an_error_not_failures(target, words, tmp_path):
    completed, out = run_suite(tmp_path, f"--target=tests.broken_plumbing:{target}")
    assert_error_everywhere(completed, out, PLUMBING, *words)


def test_a_latency_proxy_on_a_target_without_an_endpoint_is_an_error_not_a_pass(tmp_path):
    completed, out = run_suite(tmp_path, "--latency-ms=5")
    document = assert_error_everywhere(completed, out, PLUMBING, "no HTTP endpoint")
    assert document["summary"]["requirements"].get("passed") is None


def test_a_defect_of_the_suite_is_an_error_naming_where_it_was_raised(tmp_path):
    completed, out = run_suite(tmp_path, "--client=tests.broken_plumbing:HarnessBug")
    assert_error_everywhere(completed, out, PLUMBING, "the suite broke, not the target", "broken_plumbing.py")


def test_a_local_server_that_dies_mid_run_is_an_error_naming_its_log(tmp_path):
    pytest.importorskip("moto.server")
    completed, out = run_suite(tmp_path, "--target=tests.broken_plumbing:ServerDiesMidRun",
                               f"--expectations={ROOT / 'expectations' / 'moto.toml'}")
    assert_error_everywhere(completed, out, PLUMBING, "stopped answering", "exited with status", "see its log")


def test_expectations_never_turn_a_breakdown_into_a_pass(tmp_path):
    """Every item expected to fail, and the oracle broken: still an error, not "gate pass"."""
    pytest.importorskip("moto")
    expectations = tmp_path / "all.toml"
    catalogue = (ROOT / "features" / "requirements.toml").read_text(encoding="utf-8")
    ids = [line.strip("[] \n") for line in catalogue.splitlines() if line.startswith("[req_")]
    expectations.write_text('targets = ["moto"]\n' + "".join(f'[[expected]]\nrequirement = "{i}"\nobserved = "x"\nreason = "y"\n\n'
                                                             for i in ids))
    completed, out = run_suite(tmp_path, "--target=tests.broken_plumbing:OracleRaises",
                               f"--expectations={expectations}")
    assert_error_everywhere(completed, out, PLUMBING, "code oracle")


def test_an_interrupted_run_leaves_only_artefacts_that_say_so(tmp_path):
    completed, out = run_suite(tmp_path, "--target=tests.broken_plumbing:InterruptedWhileProvisioning")
    assert_error_everywhere(completed, out, INTERRUPTED, "interrupted")


# --- pytest-xdist: the same sentence and exit code as in one process -------------------------------

@pytest.mark.parametrize("workers", [1, 2, 4])
def test_a_target_that_cannot_start_reads_the_same_under_xdist(workers, tmp_path):
    completed, out = run_suite(tmp_path, "--target=tests.broken_plumbing:StartRaises", workers=workers)
    assert_error_everywhere(completed, out, PLUMBING, "could not start")


@pytest.fixture
def tree(tmp_path):
    return copy_suite(tmp_path / "suite")


@pytest.mark.parametrize("workers", [1, 2, 4])
@pytest.mark.parametrize("old, new, words", [
    ("And the user is signed in\n", "And the user is signed on\n", ("'the user is signed on'", "matches no step")),
    ("login by email\n", "login by email and fone\n", ("cannot read 'and fone'", "fix the feature file")),
])
def test_a_feature_file_mistake_reads_the_same_under_xdist(tree, tmp_path, workers, old, new, words):
    feature = tree / "features" / "update_password.feature"
    feature.write_text(feature.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    completed, out = run_suite(tmp_path, workers=workers, cwd=tree)
    assert_error_everywhere(completed, out, MISTAKE, *words)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("option, words", [
    ("--target=nowhere", ("unknown target 'nowhere'",)),
    ("--latency-ms=soon", ("--latency-ms", "invalid float value")),
])
def test_a_bad_option_reads_the_same_under_xdist(tmp_path, workers, option, words):
    completed, out = run_suite(tmp_path, option, workers=workers)
    output = completed.stdout + completed.stderr
    assert completed.returncode == MISTAKE and "INTERNALERROR" not in output and "Traceback" not in output, output
    assert all(word in output for word in words), output
    assert not (out / "results.json").exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_malformed_expectations_file_reads_the_same_under_xdist(tmp_path, workers):
    bad = tmp_path / "bad.toml"
    bad.write_text('targets = ["reference"]\n[[expected]]\nrequirement = "req_email_destination_masked"\n'
                   'example = { address = "nope" }\nobserved = "x"\nreason = "y"\n')
    completed, out = run_suite(tmp_path, f"--expectations={bad}", workers=workers)
    output = completed.stdout + completed.stderr
    errors = [line for line in output.splitlines() if line.startswith("ERROR: ")]
    assert completed.returncode == MISTAKE and len(errors) == 1 and "matches no Examples row" in errors[0], output
    assert "INTERNALERROR" not in output and not (out / "results.json").exists()


# --- outputs are checked before the run starts ----------------------------------------------------

def test_results_naming_a_directory_or_lying_under_a_file_are_refused_before_the_run(tmp_path):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("not a directory")
    for path, words in ((tmp_path, "is a directory"), (a_file / "results.json", "which is a file")):
        completed = run_specification(f"--results={path}")
        one_clear_error(completed, words, exit_code=MISTAKE)
        assert "passed" not in completed.stdout + completed.stderr


def test_comparing_with_a_recording_that_does_not_exist_is_refused(tmp_path):
    completed = run_specification(f"--compare-recording={tmp_path / 'missing.json'}", f"--results={tmp_path / 'r.json'}")
    output = completed.stdout + completed.stderr
    assert completed.returncode == MISTAKE and "does not exist" in output and "0 deviate" not in output, output


# --- a passing run: every artefact says pass --------------------------------------------------------

def test_a_passing_run_says_pass_in_every_artefact(tmp_path):
    completed, out = run_suite(tmp_path, "-k", "reset")
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert " gate pass" in last_line(completed)
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["summary"]["gate"] == "pass" and document["summary"]["error"] is None
    assert "gate pass" in (out / "summary.md").read_text(encoding="utf-8")
    properties = {p.get("name"): p.get("value") for p in ElementTree.parse(out / "junit.xml").iter("property")}
    assert properties.get("conformance_gate") == "pass"


# --- failure messages explain ---------------------------------------------------------------------

def test_every_failure_of_a_raw_moto_run_says_what_failed_in_a_few_lines(tmp_path):
    pytest.importorskip("moto")
    completed, out = run_suite(tmp_path, "--target=moto", "--no-expectations")
    assert completed.returncode == 1, completed.stdout[-3000:]
    items = [i for r in json.loads((out / "results.json").read_text())["requirements"] for i in r["items"]]
    judged = [i for i in items if i["status"] in ("failed", "warning")]
    assert len(judged) > 40
    for item in judged:
        message = item["message"]
        assert message.strip() and not message.startswith("Traceback"), item
        assert len(message) <= 1500 and len(message.splitlines()) <= 13, item
        assert item["traceback"].strip(), item  # the detail is kept, apart from the message
    assert any("InvalidPasswordException" in i["message"] for i in judged)


def test_a_run_where_nothing_could_be_judged_is_an_error(tmp_path):
    pytest.importorskip("moto")
    completed, out = run_suite(tmp_path, "--target=moto", "--no-expectations", "-k", "expired")
    assert_error_everywhere(completed, out, PLUMBING, "no test item was judged")
