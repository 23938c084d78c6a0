"""The result collector plugin: item statuses, the session's outcome, and the results file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent

# A tiny session: its own catalogue, the collector registered as conformance/plugin.py does.
CONFTEST = """\
from pathlib import Path

from conformance.catalogue import Requirement
from conformance.results.plugin import ResultCollector

CATALOGUE = {{
    req_id: Requirement(req_id, req_id + " holds", level, ("seed",), "a test")
    for req_id, level in [("req_must_pass", "must"), ("req_must_fail", "must"), ("req_should_fail", "should"),
                          ("req_should_pass", "should"), ("req_skipped", "must"), ("req_skipped_inside", "must"),
                          ("req_outline", "must"), ("req_never_run", "must")]
}}


def pytest_configure(config):
    for name in [*CATALOGUE, "must", "should"]:
        config.addinivalue_line("markers", name + ": a conformance tag")
    config.pluginmanager.register(
        ResultCollector(CATALOGUE, Path({path!r}), lambda: {{"target": {{"name": "fake"}}}}), "conformance-results")
"""

TESTS = """\
import pytest


@pytest.mark.req_must_pass
@pytest.mark.must
def test_must_pass():
    pass


@pytest.mark.req_should_pass
@pytest.mark.should
def test_should_pass():
    pass


@pytest.mark.req_should_fail
@pytest.mark.should
def test_should_fail():
    assert 1 == 2, "the service said no"


@pytest.mark.req_skipped
@pytest.mark.must
@pytest.mark.skip(reason="not applicable: no sms")
def test_skipped():
    pass


@pytest.mark.req_skipped_inside
@pytest.mark.must
def test_skipped_inside():
    pytest.skip("the target cannot do this")


def test_untagged_is_ignored():
    pass
"""

MUST_FAIL = """\
import pytest


@pytest.mark.req_must_fail
@pytest.mark.must
def test_must_fail():
    assert False, "broken on purpose"
"""

FEATURE = """\
Feature: Outlines
  Scenario Outline: Counting to <n>
    Given the number <n>
    Then it is small

    Examples:
      | n |
      | 1 |
      | 9 |
"""

BDD_TESTS = """\
import pytest
from pytest_bdd import given, parsers, scenarios, then

pytestmark = [pytest.mark.req_outline, pytest.mark.must]
scenarios("outline.feature")


@given(parsers.parse("the number {n:d}"), target_fixture="number")
def the_number(n):
    return n


@then("it is small")
def small(number):
    assert number < 5, f"{number} is not small"
"""


@pytest.fixture
def session(pytester):
    results = pytester.path / "results.json"
    pytester.makeconftest(CONFTEST.format(path=str(results)))
    return pytester, results


def items_of(results: Path) -> dict[str, dict]:
    document = json.loads(results.read_text(encoding="utf-8"))
    return {item["nodeid"].split("::")[-1]: item for req in document["requirements"] for item in req["items"]}


def test_should_failures_warn_and_do_not_fail_the_session(session):
    pytester, results = session
    pytester.makepyfile(test_sample=TESTS)
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    assert outcome.ret == 0
    outcome.assert_outcomes(passed=3, skipped=2, xfailed=1)

    items = items_of(results)
    assert set(items) == {"test_must_pass", "test_should_pass", "test_should_fail", "test_skipped",
                          "test_skipped_inside"}
    assert items["test_must_pass"]["status"] == "passed"
    assert items["test_should_pass"]["status"] == "passed"
    assert items["test_should_fail"]["status"] == "warning"
    assert "the service said no" in items["test_should_fail"]["message"]
    assert items["test_skipped"]["status"] == "not_applicable"
    assert "no sms" in items["test_skipped"]["message"]
    assert items["test_skipped_inside"]["status"] == "not_applicable"  # never reported as a pass

    document = json.loads(results.read_text(encoding="utf-8"))
    statuses = {req["id"]: req["status"] for req in document["requirements"]}
    assert statuses["req_should_fail"] == "warning"
    assert statuses["req_skipped"] == "not_applicable"
    assert statuses["req_never_run"] == "not_run"
    assert document["summary"]["gate"] == "pass"
    assert document["run"]["target"] == {"name": "fake"}
    assert document["run"]["started"] <= document["run"]["finished"]


def test_must_failures_fail_the_session_and_the_gate(session):
    pytester, results = session
    pytester.makepyfile(test_sample=TESTS, test_broken=MUST_FAIL)
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    assert outcome.ret == pytest.ExitCode.TESTS_FAILED
    outcome.assert_outcomes(passed=3, skipped=2, xfailed=1, failed=1)

    items = items_of(results)
    assert items["test_must_fail"]["status"] == "failed"
    assert "broken on purpose" in items["test_must_fail"]["message"]
    document = json.loads(results.read_text(encoding="utf-8"))
    assert document["summary"]["gate"] == "fail"
    assert document["summary"]["requirements_by_level"]["must"]["failed"] == 1


def test_scenario_outline_rows_are_items_with_their_example(session):
    pytester, results = session
    pytester.makefile(".feature", outline=FEATURE)
    pytester.makepyfile(test_outline=BDD_TESTS)
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    outcome.assert_outcomes(passed=1, failed=1)

    document = json.loads(results.read_text(encoding="utf-8"))
    (outline,) = [req for req in document["requirements"] if req["id"] == "req_outline"]
    assert outline["status"] == "failed"
    rows = {item["example"]["n"]: item for item in outline["items"]}
    assert rows["1"]["status"] == "passed" and rows["9"]["status"] == "failed"
    assert rows["9"]["feature"] == "outline.feature" and rows["9"]["scenario"] == "Counting to <n>"
    assert "9 is not small" in rows["9"]["message"]


def test_a_session_without_conformance_items_writes_nothing(session):
    pytester, results = session
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert not results.exists()


def test_the_real_suite_writes_run_metadata(tmp_path):
    """Two real scenarios through conformance/plugin.py: one SHOULD that fails on the reference, one MUST that passes."""
    results = tmp_path / "results.json"
    selection = ("the_seed_page_says_a_temporary_password_lasts_3_days or "
                 "amplify_outputs_still_reports_the_old_minimum_length_after_an_override")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-k", selection, "--results", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    document = json.loads(results.read_text(encoding="utf-8"))
    run = document["run"]
    assert run["target"]["name"] == "reference" and "clock" in run["target"]["capabilities"]
    assert (run["client"], run["definitions"]) == ("python", "reference")
    assert run["suite_version"]
    assert run["pools_created"] == 2  # "login by email" and the override to 32
    assert run["service_calls"] > 0
    statuses = {item["scenario"]: item["status"] for req in document["requirements"] for item in req["items"]}
    assert statuses == {
        "The seed page says a temporary password lasts 3 days": "warning",
        "amplify_outputs still reports the old minimum length after an override": "passed",
    }
    assert document["summary"]["gate"] == "pass"
