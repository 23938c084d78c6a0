"""The facts every view shares: the three verdicts, why a pass is green, scores with errors, both versions."""
from __future__ import annotations

import json

import pytest

from reports import document as doc
from tests.report_documents import (
    MOTO_EXPECTATIONS,
    ORACLE_BROKE,
    document,
    item,
    requirement,
    version_1,
)


def test_the_error_status_sits_between_unexpected_pass_and_warning():
    assert list(doc.STATUSES) == ["failed", "unexpected_pass", "error", "warning", "expected_failure", "passed",
                                  "not_applicable", "not_run"]
    assert doc.STATUSES["error"].attention and not doc.STATUSES["error"].conforms


@pytest.mark.parametrize("decided", ["pass", "fail", "error"])
def test_the_document_s_own_gate_wins(decided):
    # Requirements that would say otherwise do not overrule what the run decided.
    judged = document([requirement("req_a", "failed")], gate=decided)

    assert doc.gate(judged) == decided


@pytest.mark.parametrize("statuses, expected", [
    (["passed", "warning", "expected_failure"], "pass"),
    (["passed", "failed"], "fail"),
    (["passed", "unexpected_pass"], "fail"),
    (["passed", "error"], "error"),
    (["failed", "error"], "error"),
])
def test_a_document_without_a_gate_is_judged_by_its_requirements(statuses, expected):
    requirements = [requirement(f"req_{n}", status) for n, status in enumerate(statuses)]

    assert doc.gate(version_1(document(requirements), keep_gate=False)) == expected


def test_a_run_error_says_what_broke():
    broken = document([requirement("req_a", "passed")], error=ORACLE_BROKE)

    assert doc.run_error(broken) == doc.RunError("code oracle", ORACLE_BROKE["message"], 3)
    assert doc.run_error(document([requirement("req_a", "failed")])) is None


def test_an_error_without_details_still_gets_a_sentence():
    assert doc.run_error(document([], gate="error")).message == (
        "The run could not judge, and its results document does not say why.")
    errored = version_1(document([requirement("req_a", "error"), requirement("req_b", "error")]), keep_gate=False)
    assert doc.run_error(errored).message == "2 requirements could not be judged; their messages say why."


def test_a_pass_says_why_it_is_green():
    expected = [item("req_a", "expected_failure"), item("req_a", "expected_failure"), item("req_a", "passed")]
    requirements = [requirement("req_a", "expected_failure", items=expected)]

    assert doc.verdict_text(document(requirements)) == "gate pass"
    assert doc.verdict_text(document(requirements, expectations=MOTO_EXPECTATIONS)) == (
        "gate pass with 2 expected failures from expectations/moto.toml")
    assert doc.verdict_text(document([requirement("req_a", "passed")], expectations=MOTO_EXPECTATIONS)) == (
        "gate pass (expectations expectations/moto.toml applied, none needed)")
    assert doc.verdict_text(document([requirement("req_a", "failed")], expectations=MOTO_EXPECTATIONS)) == "gate fail"
    assert doc.verdict_text(document([], error=ORACLE_BROKE)) == "gate error"


def test_the_expectations_file_is_named_with_the_start_of_its_hash():
    assert doc.expectations_text(document([], expectations=MOTO_EXPECTATIONS)["run"]) == (
        "expectations/moto.toml (sha256 0123456789ab, 31 entries)")
    assert doc.expectations_text(document([])["run"]) == "none applied"
    assert doc.expectations_text(version_1(document([]))["run"]) is None  # version 1 did not say


def test_an_error_is_scored_and_does_not_hold():
    requirements = [requirement("req_a", "passed"), requirement("req_b", "error"),
                    requirement("req_c", "not_applicable")]

    assert doc.score(requirements).text == "1/2 (50%)"


@pytest.mark.parametrize("version", [1, 2])
def test_both_schema_versions_are_read(tmp_path, version):
    written = document([requirement("req_a", "passed")])
    written = version_1(written) if version == 1 else written
    path = tmp_path / "results.json"
    path.write_text(json.dumps(written), encoding="utf-8")

    assert doc.load_document(path)["schema_version"] == version
