"""The results document: requirement statuses, its shape, and writing it safely."""
from __future__ import annotations

import hashlib
import json

import pytest

from conformance.catalogue import Requirement
from conformance.results.gherkin import read_specification
from conformance.results.document import (
    ERROR,
    EXPECTED_FAILURE,
    FAILED,
    NOT_APPLICABLE,
    NOT_RUN,
    PASSED,
    SCHEMA,
    SCHEMA_VERSION,
    VOCABULARY,
    UNEXPECTED_PASS,
    WARNING,
    ItemResult,
    build_document,
    requirement_status,
    write_document,
)


def item(status: str, requirement: str = "req_a", nodeid: str | None = None, **fields) -> ItemResult:
    return ItemResult(requirement=requirement, feature="f.feature", scenario="S",
                      nodeid=nodeid or f"steps/test_specification.py::{requirement}-{status}", status=status, **fields)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], NOT_RUN),
        ([PASSED], PASSED),
        ([PASSED, PASSED], PASSED),
        ([NOT_APPLICABLE], NOT_APPLICABLE),
        ([NOT_APPLICABLE, NOT_APPLICABLE], NOT_APPLICABLE),
        ([NOT_APPLICABLE, PASSED], PASSED),
        ([PASSED, WARNING], WARNING),
        ([WARNING, NOT_APPLICABLE], WARNING),
        ([PASSED, FAILED], FAILED),
        ([WARNING, FAILED, PASSED], FAILED),
        ([FAILED, NOT_APPLICABLE], FAILED),
        ([EXPECTED_FAILURE, PASSED], EXPECTED_FAILURE),
        ([EXPECTED_FAILURE, WARNING], WARNING),
        ([UNEXPECTED_PASS, WARNING, EXPECTED_FAILURE], UNEXPECTED_PASS),
        ([UNEXPECTED_PASS, FAILED], FAILED),
    ],
)
def test_requirement_status_takes_the_worst(statuses, expected):
    assert requirement_status([item(s) for s in statuses]) == expected


CATALOGUE = {
    "req_a": Requirement("req_a", "A holds.", "must", ("seed",), "the seed page", ("req_b",), seed_version="2024-05-01"),
    "req_b": Requirement("req_b", "B holds.", "should", ("amplify_src", "aws_doc"), "the construct"),
    "req_c": Requirement("req_c", "C holds.", "must", ("observed",), "an issue",
                         impact="Users of an app could not reset their password."),
}
RUN = {"target": {"name": "reference"}, "client": "python", "definitions": "reference"}


def document(items):
    return build_document(dict(RUN), CATALOGUE, items)


def by_id(doc):
    return {r["id"]: r for r in doc["requirements"]}


def test_document_shape():
    doc = document([item(PASSED, "req_a", example={"login option": "email"}), item(WARNING, "req_b", message="m")])
    assert doc["schema"] == SCHEMA and doc["schema_version"] == SCHEMA_VERSION == 3
    assert doc["run"] == RUN
    assert doc["vocabulary"] == VOCABULARY and doc["vocabulary"] is not VOCABULARY
    assert doc["specification"] == {"features": [], "unreadable": []}  # none given
    assert [r["id"] for r in doc["requirements"]] == ["req_a", "req_b", "req_c"]
    a = by_id(doc)["req_a"]
    assert a == {
        "id": "req_a",
        "statement": "A holds.",
        "impact": None,
        "level": "must",
        "provenance": ["seed"],
        "source": "the seed page",
        "disagrees": ["req_b"],
        "scope": "service",
        "seed_version": "2024-05-01",
        "validated_against_cognito": None,
        "status": PASSED,
        "items": [{
            "requirement": "req_a", "feature": "f.feature", "scenario": "S",
            "nodeid": "steps/test_specification.py::req_a-passed", "example": {"login option": "email"},
            "example_id": None, "status": PASSED, "message": "", "traceback": "", "duration": 0.0,
        }],
    }
    assert by_id(doc)["req_b"]["items"][0]["message"] == "m"
    assert by_id(doc)["req_c"]["status"] == NOT_RUN and by_id(doc)["req_c"]["items"] == []
    json.dumps(doc)  # serialisable as it stands


def test_summary_of_a_passing_run():
    doc = document([item(PASSED, "req_a"), item(WARNING, "req_b"), item(NOT_APPLICABLE, "req_c")])
    assert doc["summary"] == {
        "requirements": {PASSED: 1, WARNING: 1, NOT_APPLICABLE: 1},
        "service_requirements": {PASSED: 1, WARNING: 1, NOT_APPLICABLE: 1},
        "requirements_by_level": {"must": {PASSED: 1, NOT_APPLICABLE: 1}, "should": {WARNING: 1}},
        "items": {PASSED: 1, WARNING: 1, NOT_APPLICABLE: 1},
        "gate": "pass",
        "error": None,
        "expected_failures": 0,
        "expectation_notes": [],
    }


def test_summary_of_a_failing_run():
    items = [item(PASSED, "req_a", nodeid="a1"), item(FAILED, "req_a", nodeid="a2"), item(PASSED, "req_b")]
    doc = document(items)
    summary = doc["summary"]
    assert summary["gate"] == "fail"
    assert summary["requirements"] == {FAILED: 1, PASSED: 1, NOT_RUN: 1}
    assert summary["requirements_by_level"] == {"must": {FAILED: 1, NOT_RUN: 1}, "should": {PASSED: 1}}
    assert summary["items"] == {PASSED: 2, FAILED: 1}
    assert len(by_id(doc)["req_a"]["items"]) == 2


def test_warnings_and_requirements_not_selected_do_not_fail_the_gate():
    assert document([item(WARNING, "req_b")])["summary"]["gate"] == "pass"


def test_a_run_that_judged_nothing_is_an_error_never_a_pass():
    for items in ([], [item(NOT_APPLICABLE, "req_a")]):
        summary = document(items)["summary"]
        assert summary["gate"] == "error" and summary["error"]["part"] == "selection"


def test_an_item_that_never_finished_or_broke_makes_the_run_an_error():
    assert ItemResult("req_a", "f", "S", "n").status == NOT_RUN  # nothing defaults to passed
    for status in (NOT_RUN, ERROR):
        summary = document([item(PASSED, "req_a"), item(status, "req_b")])["summary"]
        assert summary["gate"] == "error" and summary["error"]["exit_code"] == 3
        assert "did not run to the end" in summary["error"]["message"]


def test_an_error_outranks_failures_in_the_verdict_but_not_in_the_requirement():
    doc = build_document(dict(RUN), CATALOGUE, [item(FAILED, "req_a", nodeid="a1"), item(ERROR, "req_a", nodeid="a2")],
                         breakdown={"part": "code oracle", "message": "it broke", "exit_code": 3})
    assert doc["summary"]["gate"] == "error" and doc["summary"]["error"]["part"] == "code oracle"
    assert by_id(doc)["req_a"]["status"] == FAILED


def test_expected_failures_are_counted():
    summary = document([item(EXPECTED_FAILURE, "req_a"), item(PASSED, "req_b")])["summary"]
    assert summary["expected_failures"] == 1 and summary["gate"] == "pass"


def test_expected_failures_pass_the_gate_and_unexpected_passes_fail_it():
    assert document([item(EXPECTED_FAILURE, "req_a")])["summary"]["gate"] == "pass"
    stale = document([item(UNEXPECTED_PASS, "req_a")])
    assert stale["summary"]["gate"] == "fail"
    assert by_id(stale)["req_a"]["status"] == UNEXPECTED_PASS


def test_an_item_of_a_requirement_missing_from_the_catalogue_is_still_reported():
    doc = document([item(FAILED, "req_stray")])
    stray = by_id(doc)["req_stray"]
    assert stray["status"] == FAILED and stray["level"] == "" and stray["statement"] == ""
    assert doc["summary"]["gate"] == "fail"


def test_write_document_writes_valid_json_and_overwrites(tmp_path):
    path = tmp_path / "out" / "deeper" / "results.json"
    write_document(document([item(PASSED, "req_a")]), path)
    assert json.loads(path.read_text(encoding="utf-8"))["requirements"][0]["status"] == PASSED
    write_document(document([item(FAILED, "req_a")]), path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["requirements"][0]["status"] == FAILED
    assert written["summary"]["gate"] == "fail"
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]


def test_write_document_keeps_non_ascii_text(tmp_path):
    path = tmp_path / "results.json"
    write_document({"message": "naïve … ünïcode"}, path)
    assert "naïve … ünïcode" in path.read_text(encoding="utf-8")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "results.json"
    write_document({"good": True}, path)
    with pytest.raises(TypeError):
        write_document({"bad": object()}, path)  # not serialisable, fails half-way through
    assert json.loads(path.read_text(encoding="utf-8")) == {"good": True}
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_the_document_carries_the_gherkin_of_the_features_it_is_given(tmp_path):
    (tmp_path / "alpha.feature").write_text("Feature: Alpha\n\n  @req_a @must\n  Scenario: S\n    Then it holds\n",
                                             encoding="utf-8")
    doc = build_document(dict(RUN), CATALOGUE, [item(PASSED, "req_a")], specification=read_specification(tmp_path))

    [feature] = doc["specification"]["features"]
    assert feature["file"] == "alpha.feature" and feature["title"] == "Alpha"
    assert feature["sha256"] == hashlib.sha256((tmp_path / "alpha.feature").read_bytes()).hexdigest()
    assert feature["scenarios"] == [{"name": "S", "text": "@req_a @must\nScenario: S\n  Then it holds",
                                     "background": "", "tags": ["must", "req_a"]}]


def test_each_requirement_carries_its_impact_from_the_catalogue():
    by_id = {r["id"]: r for r in document([item(FAILED, "req_c")])["requirements"]}

    assert by_id["req_c"]["impact"] == "Users of an app could not reset their password."
    assert by_id["req_a"]["impact"] is None
