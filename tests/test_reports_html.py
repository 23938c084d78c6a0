"""The single-file HTML report, read as text: self-contained, escaped, complete."""
from __future__ import annotations

import base64
import hashlib
import re

from reports.highlight import highlight_gherkin
from reports.html import render_report
from reports.page import TEMPLATES, environment
from tests.wheel_contents import shipped
from tests.report_documents import (
    HOSTILE,
    MOTO_EXPECTATIONS,
    ORACLE_BROKE,
    UNCHECKED_NOTE,
    document,
    every_status_document,
    expected_failures_document,
    hostile_document,
    item,
    noted_document,
    feature,
    requirement,
    scenario,
    specification,
)


def _own_script(page: str) -> str:
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1, "the page has exactly one script, its own"
    return scripts[0]


def test_the_page_is_self_contained():
    page = render_report(every_status_document())

    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert not re.search(r"\bsrc\s*=", page)
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"https?://", page)


def test_the_content_security_policy_allows_only_the_page_s_own_script():
    page = render_report(every_status_document())
    digest = base64.b64encode(hashlib.sha256(_own_script(page).encode()).digest()).decode()

    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy
    assert f"script-src 'sha256-{digest}'" in policy


def test_an_empty_run_renders_without_filters():
    page = render_report(document([]))

    assert "This run holds no requirements" in page
    assert 'id="filter-feature"' not in page
    assert "<details class=\"req" not in page


def test_every_status_has_a_filter_chip_and_every_requirement_a_card():
    page = render_report(every_status_document())

    for status in ("failed", "unexpected_pass", "error", "warning", "expected_failure", "passed", "not_applicable",
                   "not_run"):
        assert f'data-filter-status="{status}"' in page
        assert f'id="req_{status}" data-status="{status}"' in page
    assert 'value="alpha.feature"' in page and 'value="beta.feature"' in page


def test_failures_open_and_come_first():
    page = render_report(every_status_document())

    assert re.search(r'id="req_failed"[^>]*\bopen>', page)
    assert not re.search(r'id="req_passed"[^>]*\bopen>', page)
    # beta.feature holds the failure, so its section comes before alpha.feature's
    assert page.index('data-feature="beta.feature"') < page.index('data-feature="alpha.feature"')


def test_a_requirement_shows_statement_level_provenance_source_and_cognito_honesty():
    doc = document([requirement("req_x", "failed", statement="A clear statement.", provenance=("seed", "observed"),
                                source="The seed page, section 2.", message="AssertionError: boom")])
    page = render_report(doc)

    card = page[page.index('id="req_x"'):]
    for text in ("A clear statement.", "MUST", "seed page", "observed responses", "The seed page, section 2.",
                 "never validated against real Amazon Cognito", "AssertionError: boom"):
        assert text in card, text


def test_validated_against_cognito_is_shown_as_it_is():
    validated = requirement("req_v", "passed")
    validated["validated_against_cognito"] = True

    assert "validated against real Amazon Cognito" in render_report(document([validated]))
    assert "Not validated against real Amazon Cognito" not in render_report(document([validated]))


def test_disagreeing_claims_are_shown_side_by_side():
    page = render_report(every_status_document())

    pairs = re.findall(r'<div class="pair">(.*?)</div><div class="versus"[^>]*>vs</div>(.*?)</div></div>', page,
                       re.DOTALL)
    assert pairs, "no pair of claims"
    assert any("req_seed_claim" in left and "req_code_claim" in right for left, right in pairs)
    assert "Where the sources disagree: 1 pair of claims" in page


def test_hostile_text_only_appears_escaped():
    page = render_report(hostile_document())

    assert HOSTILE not in page
    assert '"&<>' not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&amp;&lt;&gt;" in page
    assert page.count("<script") == 1


def test_every_template_escapes_by_default():
    templates = environment()
    assert templates.autoescape is True
    assert templates.from_string("{{ value }}").render(value=HOSTILE) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_very_long_messages_are_kept_whole_in_a_scrolling_box():
    message = "AssertionError: " + "y" * 50_000 + " the end"
    page = render_report(document([requirement("req_long", "failed", message=message)]))

    assert '<pre class="message">' in page
    assert "y" * 50_000 + " the end" in page


def test_the_gherkin_of_each_scenario_comes_from_the_document():
    carried = specification(feature("alpha.feature", "Alpha", scenario(
        "Scenario of req_x", "@req_x @must @aws_doc\nScenario: Scenario of req_x\n"
        "  Given a backend defined with login by email\n  Then nothing <odd> happens", tags=("req_x", "must"))))
    page = render_report(document([requirement("req_x", "passed")], features=carried))

    assert '<pre class="gherkin">' in page
    assert '<span class="k">  Given </span><span class="nf">a backend defined with login by email</span>' in page
    assert '<span class="nv">&lt;odd&gt;</span>' in page
    assert '<h3 class="feature-title">Alpha <small>' in page  # the feature's title heads its section
    assert ".gherkin .k { color: var(--accent)" in page  # the highlighting's rules, inlined


def test_a_scenario_the_document_does_not_carry_says_so():
    page = render_report(document([requirement("req_x", "passed")]))

    assert "The results document does not carry the Gherkin of this scenario." in page


def test_a_requirement_that_did_not_run_shows_the_scenarios_the_document_carries_for_it():
    carried = specification(feature("alpha.feature", "Alpha", scenario(
        "Never selected", "@req_x @must\nScenario: Never selected\n  Then it was not run", tags=("req_x", "must"))))
    page = render_report(document([requirement("req_x", "not_run")], features=carried))

    assert "Never selected" in page and "it was not run" in page and '<h3 class="feature-title">Alpha <small>' in page


def test_unreadable_feature_files_are_named_in_the_footer():
    unreadable = specification(unreadable=("bad.feature",))
    page = render_report(document([requirement("req_x", "passed")], features=unreadable))

    assert "Feature files that could not be read: bad.feature." in page


def test_gherkin_highlighting_marks_keywords_tags_parameters_strings_and_tables():
    html = highlight_gherkin('@req_a @must\nScenario Outline: x <y>\n  Given "a" and <c>\n  Then "b"\n\n'
                             '  Examples:\n    | c |\n    | 1 |')

    assert '<span class="nt">@req_a</span>' in html
    assert '<span class="k">Scenario Outline:</span>' in html
    assert '<span class="k">  Given </span>' in html and '<span class="k">Then </span>' in html
    assert '<span class="s">a</span>' in html and '<span class="s">b</span>' in html
    assert '<span class="nv">&lt;c&gt;</span>' in html
    assert '<span class="k">Examples:</span>' in html and '<span class="nv"> c</span>' in html


def test_gherkin_highlighting_escapes_everything_even_what_the_lexer_misreads():
    html = highlight_gherkin(f'Scenario: {HOSTILE}\n  Given "a<b" & <c>\n  | <d> | {HOSTILE} |')

    assert HOSTILE not in html and "<b" not in html and "<c>" not in html and "<d>" not in html
    assert html.count("&lt;script&gt;") == 2 and "&amp;" in html


def test_an_unknown_status_from_a_newer_suite_is_shown_not_dropped():
    page = render_report(document([requirement("req_new", "flaky")]))

    assert 'class="badge s-other"' in page and "flaky" in page


def _verdict(page: str) -> str:
    """The verdict banner, what stands under it, and the page's title."""
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    header = page[page.index('<header class="top">'):page.index('<dl class="facts">')]
    return title + "\n" + re.sub(r'<p class="eyebrow">.*?</p><h1>.*?</h1>', "", header)


def test_a_run_that_could_not_judge_shows_error_and_what_broke_never_pass():
    page = render_report(document([requirement("req_a", "passed")], error=ORACLE_BROKE))
    verdict = _verdict(page)

    assert '<div class="verdict gate-error">⊘ gate error</div>' in verdict
    assert ('<p class="verdict-reason"><strong>The run could not judge: code oracle.</strong> The code oracle stopped '
            'answering; its log is reports/output/logs/oracle.log. <span class="muted">(exit code 3)</span></p>'
            ) in verdict
    assert verdict.startswith("Conformance error: ")
    assert not re.search(r"\bpass(ed)?\b|✓|✅|gate-pass", verdict)


def test_an_errored_item_opens_with_its_message_and_the_error_chip_counts_it():
    page = render_report(document([requirement("req_b", "error", message="The target stopped answering.")]))

    assert re.search(r'id="req_b" data-status="error"[^>]*\bopen>', page)
    assert 'data-filter-status="error"' in page
    assert '<pre class="message">The target stopped answering.</pre>' in page


def test_a_pass_with_expected_failures_says_so_and_names_the_file():
    page = render_report(expected_failures_document(2))

    assert ('<div class="verdict gate-pass">✓ gate pass with 2 expected failures from expectations/moto.toml</div>'
            in page)
    assert "<dt>Expectations</dt><dd>expectations/moto.toml (sha256 0123456789ab, 31 entries)</dd>" in page
    assert '<p class="verdict-reason">' not in page


def test_a_plain_pass_a_pass_needing_no_expectations_and_a_fail():
    passed = render_report(document([requirement("req_a", "passed")]))
    needed_none = render_report(document([requirement("req_a", "passed")], expectations=MOTO_EXPECTATIONS))
    failed = render_report(document([requirement("req_a", "failed")]))

    assert '<div class="verdict gate-pass">✓ gate pass</div>' in passed
    assert "<dt>Expectations</dt><dd>none applied</dd>" in passed
    assert ('<div class="verdict gate-pass">✓ gate pass (expectations expectations/moto.toml applied, none needed)'
            '</div>') in needed_none
    assert '<div class="verdict gate-fail">✗ gate fail</div>' in failed
    assert '<p class="verdict-reason">' not in failed


def test_expectation_notes_are_shown_under_the_run_s_details():
    page = render_report(noted_document())

    header = page[page.index("<dt>Expectations</dt>"):page.index("</header>")]
    assert f"<li>{UNCHECKED_NOTE}</li>" in header
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in header


def test_an_item_s_traceback_is_folded_under_its_message_and_escaped():
    traceback = f'File "steps/x.py", line 3, in step\n    raise {HOSTILE}'
    failing = [item("req_a", "failed", message="AssertionError: 1 != 2", traceback=traceback)]
    page = render_report(document([requirement("req_a", "failed", items=failing)]))

    assert '<pre class="message">AssertionError: 1 != 2</pre><details class="traceback">' in page
    assert ("<summary>traceback</summary><pre>File &#34;steps/x.py&#34;, line 3, in step\n"
            "    raise &lt;script&gt;alert(1)&lt;/script&gt;</pre></details>") in page
    assert HOSTILE not in page and page.count("<script") == 1


def test_an_empty_traceback_adds_nothing():
    page = render_report(document([requirement("req_a", "passed", items=[item("req_a", traceback="")])]))

    assert '<details class="traceback">' not in page and '<tr class="message-row' not in page


def test_the_words_for_statuses_levels_and_provenances_are_the_document_s_own():
    reworded = document([requirement("req_a", "failed", provenance=("seed",))])
    words = reworded["vocabulary"]
    words["statuses"][0].update(label="broken", symbol="#")
    words["levels"][0].update(label="Must", meaning="it gates")
    words["provenances"][0]["label"] = "the page"
    page = render_report(reworded)

    assert '<span aria-hidden="true">#</span> broken</span>' in page
    assert '<span class="level level-must">Must</span> — it gates' in page
    assert '<span class="prov prov-seed">the page</span>' in page
    assert 'data-filter-status="failed" data-attention="yes"' in page


def test_the_templates_ship_with_the_package():
    templates = sorted(TEMPLATES.iterdir())
    assert templates
    for template in templates:
        assert shipped(template), template


def _choosing_document():
    return document([
        requirement("req_svc_fail", "failed", feature="alpha.feature", impact="Users never get their reset code."),
        requirement("req_svc_pass", "passed", feature="alpha.feature", impact="Passing impact, not shown."),
        requirement("req_svc_warn", "warning", level="should", feature="alpha.feature", impact="A SHOULD impact."),
        requirement("req_svc_xfail", "expected_failure", feature="beta.feature", impact="Known: codes go by email."),
        requirement("req_svc_na", "not_applicable", feature="beta.feature"),
        requirement("req_cli_fail", "failed", feature="gamma.feature", scope="client",
                    impact="The app sends a weak password to the service."),
        requirement("req_def_pass", "passed", feature="gamma.feature", scope="definitions"),
    ])


def _table(page: str, css_class: str) -> str:
    start = page.index(f'<table class="counts-table {css_class}">')
    return page[start:page.index("</table>", start)]


def _row(table: str, key: str) -> list[str]:
    row = table[table.index(key):]
    row = row[:row.index("</tr>")]
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_the_per_feature_table_counts_each_feature_s_requirements_by_status():
    table = _table(render_report(_choosing_document()), "feature-table")

    head = re.findall(r'<th scope="col" class="num">([^<]*)</th>', table)
    assert head == ["failed", "warning", "expected failure", "passed", "not applicable", "all"]
    assert _row(table, 'data-feature="alpha.feature"') == ["1", "1", "", "1", "", "3"]
    assert _row(table, 'data-feature="beta.feature"') == ["", "", "1", "", "1", "2"]
    assert _row(table, 'data-feature="gamma.feature"') == ["1", "", "", "1", "", "2"]


def test_the_service_s_requirements_are_apart_from_the_client_s_and_the_definitions_with_counts():
    page = render_report(_choosing_document())
    table = _table(page, "scope-table")

    assert _row(table, 'data-scope="service"') == ["1", "1", "1", "1", "1", "1/3 (33%)", "5"]
    assert _row(table, 'data-scope="client"') == ["1", "", "", "", "", "0/1 (0%)", "1"]
    assert _row(table, 'data-scope="definitions"') == ["", "", "", "1", "", "1/1 (100%)", "1"]
    sections = re.findall(r'<section class="scope-group" id="scope-(\w+)"', page)
    assert sections == ["service", "client", "definitions"]
    service = page[page.index('id="scope-service"'):page.index('id="scope-client"')]
    client = page[page.index('id="scope-client"'):page.index('id="scope-definitions"')]
    assert 'id="req_svc_fail"' in service and 'id="req_cli_fail"' not in service
    assert 'id="req_cli_fail"' in client and 'id="req_def_pass"' not in client


def test_impact_is_shown_for_failed_and_expected_failure_musts_only():
    page = render_report(_choosing_document())

    for shown in ("Users never get their reset code.", "Known: codes go by email.",
                  "The app sends a weak password to the service."):
        assert page.count(shown) == 2  # in the list of failed MUSTs and beside the requirement
    assert "Passing impact, not shown." not in page
    assert "A SHOULD impact." not in page
    start = page.index('<details class="consequences" open>')
    listed = page[start:page.index("</ul>", start)]
    assert re.findall(r'href="#(\w+)"', listed) == ["req_svc_fail", "req_svc_xfail", "req_cli_fail"]


def test_no_failed_must_no_list_of_consequences():
    page = render_report(document([requirement("req_a", "passed"), requirement("req_b", "warning", level="should")]))

    assert 'class="consequences"' not in page and 'class="impact"' not in page


def test_addresses_in_a_source_are_escaped_links_and_other_text_stays_text():
    source = ('See https://docs.aws.amazon.com/cognito/?a=1&b="2"<script>, and '
              'javascript:alert(1) <b>bold</b> (https://github.com/aws-amplify/docs/pull/8034).')
    page = render_report(document([requirement("req_a", "passed", source=source)]))

    assert ('<a href="https://docs.aws.amazon.com/cognito/?a=1&amp;b=" rel="noopener noreferrer" target="_blank">'
            'https://docs.aws.amazon.com/cognito/?a=1&amp;b=</a>&#34;2&#34;&lt;script&gt;') in page
    assert ('(<a href="https://github.com/aws-amplify/docs/pull/8034" rel="noopener noreferrer" target="_blank">'
            'https://github.com/aws-amplify/docs/pull/8034</a>).') in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="javascript' not in page
    assert "default-src 'none'" in page  # still the offline page's policy
