"""The Markdown summary: score by level, counts, failures first by feature, disagreements, escaping."""
from __future__ import annotations

import re

from reports.markdown import MESSAGE_LIMIT, render_summary, text
from tests.report_documents import (
    MOTO_EXPECTATIONS,
    ORACLE_BROKE,
    document,
    every_status_document,
    expected_failures_document,
    hostile_document,
    item,
    noted_document,
    feature,
    requirement,
    specification,
)


def test_an_empty_run_says_so_and_still_has_a_heading():
    summary = render_summary(document([]))

    assert summary.startswith("## ✅ Amplify Auth password conformance: gate pass")
    assert "This run holds no requirements" in summary
    assert "Failures" not in summary


def test_scores_by_level_count_what_holds_out_of_what_was_judged():
    summary = render_summary(every_status_document())

    # MUST: failed, unexpected_pass, error, expected_failure, passed, code claim (+ not_applicable, not_run unjudged)
    assert "| **MUST** | 3/6 (50%) |" in summary
    # SHOULD: the warning and the seed claim's warning
    assert "| **SHOULD** | 0/2 (0%) |" in summary
    assert "| **all** | 3/8 (37%) |" in summary


def test_every_status_appears_with_its_count():
    summary = render_summary(every_status_document())

    for label in ("✗ failed", "! unexpected pass", "⊘ error", "⚠ warning", "✗ expected failure", "✓ passed",
                  "– not applicable", "· not run"):
        assert label in summary, label


def test_failures_come_first_grouped_by_feature_worst_first():
    summary = render_summary(every_status_document())
    attention = summary[summary.index("### Failures, errors and warnings"):summary.index("### Known deviations")]

    assert attention.index("`req_failed`") < attention.index("`req_warning`")
    assert attention.index("`req_unexpected_pass`") < attention.index("`req_error`")
    assert attention.index("`beta.feature`") < attention.index("`alpha.feature`")
    assert "`req_unexpected_pass`" in attention
    assert "`req_passed`" not in attention
    assert "`req_expected_failure`" in summary[summary.index("### Known deviations"):]
    assert "`req_not_applicable`: not\\_applicable: what happened" in summary


def test_feature_titles_come_from_the_specification_the_document_carries():
    titled = every_status_document()
    titled["specification"] = specification(feature("beta.feature", "Where beta lives"))

    assert "#### `beta.feature`: Where beta lives" in render_summary(titled)


def test_a_disagreement_is_one_row_with_the_seed_claim_first():
    summary = render_summary(every_status_document())
    rows = [line for line in summary.splitlines() if "`req_seed_claim`" in line and "`req_code_claim`" in line]

    assert len(rows) == 1
    assert rows[0].index("req_seed_claim") < rows[0].index("req_code_claim")
    assert "(seed page)" in rows[0] and "(Amplify's code)" in rows[0]


def test_hostile_text_only_appears_escaped():
    summary = render_summary(hostile_document())

    assert "<script" not in summary and "<img" not in summary
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert '"&amp;&lt;&gt;' in summary
    assert "onerror" in summary  # shown as text, harmless once the tag is escaped


def test_a_table_cell_cannot_be_broken_by_a_pipe_or_a_newline():
    assert text("a|b\nc") == "a\\|b c"
    assert text("*bold* _it_ `code` [link](x)") == "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x)"


def test_very_long_messages_are_cut_to_their_first_line():
    long_message = "AssertionError: " + "x" * 100_000 + "\n" + "second line"
    doc = document([requirement("req_long", "failed", message=long_message)])

    summary = render_summary(doc)

    assert max(len(line) for line in summary.splitlines()) < MESSAGE_LIMIT + 200
    assert "second line" not in summary
    assert "…" in summary


def test_many_failing_items_are_listed_up_to_a_limit():
    items = [item("req_many", "failed", example={"n": str(n)}, message=f"failure {n}") for n in range(12)]
    summary = render_summary(document([requirement("req_many", "failed", items=items)]))

    assert "failure 4" in summary and "failure 5" not in summary
    assert "… and 7 more (see report.html)" in summary


def test_the_cognito_honesty_line_counts_the_requirements_never_validated():
    summary = render_summary(every_status_document())

    assert "**Not validated against real Amazon Cognito:** 10 of 10 requirements" in summary



def _verdict(summary: str) -> str:
    """The heading and what stands right under it, up to the run's details."""
    return summary[:summary.index("\n**")]


def test_a_run_that_could_not_judge_shows_error_and_what_broke_never_pass():
    summary = render_summary(document([requirement("req_a", "passed")], error=ORACLE_BROKE))
    verdict = _verdict(summary)

    assert verdict.startswith("## ⛔ Amplify Auth password conformance: gate error\n")
    assert ("> **The run could not judge: code oracle.** The code oracle stopped answering; its log is "
            "reports/output/logs/oracle.log. (exit code 3)") in verdict
    assert not re.search(r"\bpass(ed)?\b|✅", verdict)


def test_an_errored_requirement_needs_attention_with_its_message():
    summary = render_summary(document([requirement("req_a", "passed"),
                                       requirement("req_b", "error", message="The target stopped answering.")]))

    assert summary.startswith("## ⛔")
    attention = summary[summary.index("### Failures, errors and warnings (1)"):]
    assert "- ⊘ error · MUST · `req_b`" in attention
    assert "The target stopped answering." in attention
    assert "| **all** | 1/2 (50%) |" in summary  # scored, and not holding


def test_a_pass_with_expected_failures_says_so_and_names_the_file():
    summary = render_summary(expected_failures_document(2))

    assert summary.startswith(
        "## ✅ Amplify Auth password conformance: gate pass with 2 expected failures from expectations/moto.toml\n")
    assert "expectations: expectations/moto.toml (sha256 0123456789ab, 31 entries)" in summary


def test_a_pass_with_expectations_applied_and_none_needed_says_so():
    summary = render_summary(document([requirement("req_a", "passed")], expectations=MOTO_EXPECTATIONS))

    assert summary.startswith("## ✅ Amplify Auth password conformance: gate pass "
                              "(expectations expectations/moto.toml applied, none needed)\n")


def test_a_plain_pass_and_a_fail():
    passed = render_summary(document([requirement("req_a", "passed")]))
    failed = render_summary(document([requirement("req_a", "failed")]))

    assert passed.startswith("## ✅ Amplify Auth password conformance: gate pass\n")
    assert "expectations: none applied" in passed
    assert failed.startswith("## ❌ Amplify Auth password conformance: gate fail\n")
    assert "could not judge" not in failed


def test_expectation_notes_are_listed_under_the_run_s_details():
    summary = render_summary(noted_document())

    notes = summary[summary.index("Expectations entries that could not be checked:"):summary.index("| level")]
    assert "- the entry for req\\_x names a requirement that is not applicable on this target" in notes
    assert "- &lt;script&gt;alert(1)&lt;/script&gt;" in notes


def test_the_traceback_stays_out_of_the_summary():
    failing = [item("req_a", "failed", message="AssertionError: 1 != 2", traceback="File steps/x.py, line 3")]
    summary = render_summary(document([requirement("req_a", "failed", items=failing)]))

    assert "AssertionError: 1 != 2" in summary
    assert "steps/x.py" not in summary


def test_the_words_for_statuses_and_levels_are_the_document_s_own():
    reworded = document([requirement("req_a", "failed")])
    reworded["vocabulary"]["statuses"][0].update(label="broken", symbol="#")
    reworded["vocabulary"]["levels"][0]["label"] = "Must"

    summary = render_summary(reworded)

    assert "- # broken · Must · `req_a`" in summary


def _choosing_summary() -> str:
    return render_summary(document([
        requirement("req_svc_fail", "failed", feature="alpha.feature", impact="Users never get their *reset* code."),
        requirement("req_svc_pass", "passed", feature="alpha.feature", impact="Passing impact, not shown."),
        requirement("req_svc_warn", "warning", level="should", feature="alpha.feature", impact="A SHOULD impact."),
        requirement("req_svc_xfail", "expected_failure", feature="beta.feature", impact="Known: codes go by email."),
        requirement("req_svc_na", "not_applicable", feature="beta.feature"),
        requirement("req_cli_fail", "failed", feature="gamma.feature", scope="client", impact="Weak passwords pass."),
        requirement("req_def_pass", "passed", feature="gamma.feature", scope="definitions"),
    ]))


def test_the_summary_counts_requirements_by_feature_file():
    summary = _choosing_summary()
    table = summary[summary.index("### By feature"):]

    assert ("| feature file | ✗ failed | ⚠ warning | ✗ expected failure | ✓ passed | – not applicable | all |"
            in table)
    assert "| `alpha.feature` | 1 | 1 |  | 1 |  | 3 |" in table
    assert "| `beta.feature` |  |  | 1 |  | 1 | 2 |" in table
    assert "| `gamma.feature` | 1 |  |  | 1 |  | 2 |" in table


def test_the_summary_splits_requirements_by_scope():
    summary = _choosing_summary()

    assert "| The service's requirements | 1 | 1 | 1 | 1 | 1 | 5 | 1/3 (33%) |" in summary
    assert "| The client's requirements | 1 |  |  |  |  | 1 | 0/1 (0%) |" in summary
    assert "| The definitions' requirements |  |  |  | 1 |  | 1 | 1/1 (100%) |" in summary


def test_the_summary_says_what_each_failed_must_means_for_an_app_and_nothing_for_others():
    summary = _choosing_summary()
    listed = summary[summary.index("### What the failed MUST requirements mean for an app (3)"):]
    listed = listed[:listed.index("\n\n###")]

    assert "- ✗ failed · `req_svc_fail` (service): Users never get their \\*reset\\* code." in listed
    assert "- ✗ expected failure · `req_svc_xfail` (service): Known: codes go by email." in listed
    assert "- ✗ failed · `req_cli_fail` (client): Weak passwords pass." in listed
    assert "Passing impact" not in summary and "A SHOULD impact" not in summary


def test_more_failed_musts_than_ten_are_listed_folded():
    many = render_summary(document([requirement(f"req_{n:02d}", "failed", impact=f"Impact {n}.") for n in range(11)]))
    few = render_summary(document([requirement(f"req_{n:02d}", "failed", impact=f"Impact {n}.") for n in range(10)]))

    assert "<details><summary>What the failed MUST requirements mean for an app (11)</summary>" in many
    assert many.count("</details>") >= 1 and "- ✗ failed · `req_10` (service): Impact 10." in many
    assert "### What the failed MUST requirements mean for an app (10)" in few
    assert "<summary>What the failed MUST" not in few
