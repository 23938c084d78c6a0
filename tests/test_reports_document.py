"""The facts every view shares: the three verdicts, why a pass is green, scores with errors, the document's words."""
from __future__ import annotations

import json

import pytest

from conformance.results import document as results
from reports import document as doc
from tests.report_documents import (
    MOTO_EXPECTATIONS,
    ORACLE_BROKE,
    document,
    item,
    requirement,
    version_2,
)


def test_the_words_reports_use_are_the_ones_conformance_results_writes():
    """The one place statuses, levels and provenances are worded is conformance/results/document.py; reports
    read them from each document, and keep no copy."""
    written = results.build_document({}, {}, [])
    words = doc.vocabulary(written)

    assert list(words.statuses) == list(results.ITEM_STATUSES) == [
        "failed", "unexpected_pass", "error", "warning", "expected_failure", "passed", "not_applicable", "not_run"]
    assert words.statuses["error"].attention and not words.statuses["error"].conforms
    assert [s for s in words.statuses if not words.statuses[s].scored] == ["not_applicable", "not_run"]
    assert list(words.levels) == list(results.LEVELS) and words.level_label("must") == "MUST"
    assert list(words.provenances) == list(results.PROVENANCES)
    assert not hasattr(doc, "STATUSES") and not hasattr(doc, "LEVELS") and not hasattr(doc, "PROVENANCES")


def test_a_status_the_document_does_not_name_is_shown_as_it_is_and_first():
    words = doc.vocabulary(document([]))

    assert words.status("flaky") == doc.Status("flaky", "flaky", "?", conforms=False, attention=True)
    assert words.rank("flaky") < words.rank("failed")


@pytest.mark.parametrize("decided", ["pass", "fail", "error"])
def test_the_document_s_own_gate_wins(decided):
    # Requirements that would say otherwise do not overrule what the run decided.
    judged = document([requirement("req_a", "failed")], gate=decided)

    assert doc.gate(judged) == decided


def test_a_run_error_says_what_broke():
    broken = document([requirement("req_a", "passed")], error=ORACLE_BROKE)

    assert doc.run_error(broken) == doc.RunError("code oracle", ORACLE_BROKE["message"], 3)
    assert doc.run_error(document([requirement("req_a", "failed")])) is None


def test_an_error_without_details_still_gets_a_sentence():
    assert doc.run_error(document([], gate="error")).message == (
        "The run could not judge, and its results document does not say why.")
    errored = document([requirement("req_a", "error"), requirement("req_b", "error")], gate="error")
    errored["summary"]["error"] = None
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


def test_an_error_is_scored_and_does_not_hold():
    requirements = [requirement("req_a", "passed"), requirement("req_b", "error"),
                    requirement("req_c", "not_applicable")]

    assert doc.score(requirements, doc.vocabulary(document([]))).text == "1/2 (50%)"


def test_the_current_version_is_read_and_older_ones_are_refused_in_one_sentence(tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(document([requirement("req_a", "passed")])), encoding="utf-8")
    assert doc.load_document(path)["schema_version"] == results.SCHEMA_VERSION == 3

    path.write_text(json.dumps(version_2(document([requirement("req_a", "passed")]))), encoding="utf-8")
    with pytest.raises(doc.ReportInputError) as error:
        doc.load_document(path)
    assert str(error.value) == (
        f"{path} is not a results document this reader understands: its schema_version is 2, written by an older "
        "suite whose documents lack the Gherkin and the status words reports are built from; run the suite again "
        "to get a version 3 document.")
