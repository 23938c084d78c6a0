"""Several runs side by side: requirements as rows, runs (target / client / definitions) as columns."""
from __future__ import annotations

import json
import re

from reports.matrix import build_matrix, render_matrix_html, render_matrix_markdown
from tests.report_documents import (
    HOSTILE,
    ORACLE_BROKE,
    document,
    every_status_document,
    expected_failures_document,
    hostile_document,
    requirement,
    run,
)


def _two_runs():
    first = document([requirement("req_a", "passed"), requirement("req_b", "passed"),
                      requirement("req_c", "not_applicable")],
                     the_run=run("reference", "python", "reference"))
    second = document([requirement("req_a", "passed"), requirement("req_b", "failed"),
                       requirement("req_d", "warning", level="should")],
                      the_run=run("moto", "amplify-js", "amplify-backend"))
    return [("first/results.json", first), ("second/results.json", second)]


def test_rows_are_the_union_of_requirements_and_cells_their_status_per_run():
    matrix = build_matrix(_two_runs())

    assert [c.label for c in matrix.columns] == ["reference / python / reference",
                                                 "moto / amplify-js / amplify-backend"]
    assert {row.id: row.statuses for row in matrix.rows} == {
        "req_a": ("passed", "passed"),
        "req_b": ("passed", "failed"),
        "req_c": ("not_applicable", "not_run"),  # absent from the second run's results
        "req_d": ("not_run", "warning"),
    }
    assert [row.id for row in matrix.rows if row.differs] == ["req_b", "req_c", "req_d"]


def test_two_runs_with_the_same_name_get_distinct_columns():
    same = every_status_document()
    matrix = build_matrix([("a.json", same), ("b.json", same)])

    assert [c.label for c in matrix.columns] == ["reference / python / reference",
                                                 "reference / python / reference #2"]
    assert not any(row.differs for row in matrix.rows)


def test_markdown_lists_the_differences_first_then_every_requirement():
    markdown = render_matrix_markdown(build_matrix(_two_runs()))

    assert "| requirement | level | reference / python / reference | moto / amplify-js / amplify-backend |" in markdown
    start = markdown.index("### Where the runs differ (3 of 4 requirements)")
    differences = markdown[start:markdown.index("<details>")]
    assert "| `req_b` ≠ | MUST | ✓ passed | ✗ failed |" in differences
    assert "`req_a`" not in differences
    assert "| `req_a` | MUST | ✓ passed | ✓ passed |" in markdown
    assert "| reference / python / reference | ✅ gate pass |" in markdown
    assert "| moto / amplify-js / amplify-backend | ❌ gate fail |" in markdown


def test_html_has_a_column_per_run_and_a_cell_per_status():
    page = render_matrix_html(build_matrix(_two_runs()))

    headers = re.findall(r"<th scope=\"col\"[^>]*><span class=\"run-name\">([^<]*) <span", page)
    assert headers == ["reference", "moto"]
    assert "client amplify-js" in page and "definitions amplify-backend" in page
    row_b = page[page.index("<code>req_b</code>"):]
    row_b = row_b[:row_b.index("</tr>")]
    assert re.findall(r'class="cell (s-[a-z_]+)"', row_b) == ["s-passed", "s-failed"]
    assert 'data-differs="yes"' in page and 'data-differs="no"' in page
    assert "failed: what happened to req_b" in row_b  # the first message, as the cell's tooltip


def test_matrix_views_escape_hostile_text():
    matrix = build_matrix([("x.json", hostile_document()), (HOSTILE, every_status_document())])

    page = render_matrix_html(matrix)
    markdown = render_matrix_markdown(matrix)

    for text in (page, markdown):
        assert HOSTILE not in text and "<img" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert page.count("<script") == 1


def test_a_matrix_of_empty_runs_says_so():
    matrix = build_matrix([("a.json", document([]))])

    assert "None of these runs holds a requirement." in render_matrix_markdown(matrix)
    assert "0 requirements" in render_matrix_html(matrix)


def _three_verdicts():
    passing = expected_failures_document(3, the_run=run("moto"))
    failing = document([requirement("req_a", "failed")], the_run=run("reference"))
    broken = document([requirement("req_a", "passed")], error=ORACLE_BROKE, the_run=run("moto-server"))
    return build_matrix([("pass.json", passing), ("fail.json", failing), ("error.json", broken)])


def _column_heads(page: str) -> list[str]:
    return re.findall(r'<th scope="col" title="[^"]*">(.*?)</th>', page, re.DOTALL)


def test_markdown_shows_each_run_s_verdict():
    markdown = render_matrix_markdown(_three_verdicts())

    assert "| moto / python / reference | ✅ gate pass with 3 expected failures from expectations/moto.toml |" in markdown
    assert "| reference / python / reference | ❌ gate fail |" in markdown
    assert "| moto-server / python / reference | ⛔ gate error (code oracle) |" in markdown


def test_html_shows_each_run_s_verdict_and_what_broke():
    passing, failing, broken = _column_heads(render_matrix_html(_three_verdicts()))

    assert ('<span class="run-verdict s-passed">✓ gate pass with 3 expected failures from expectations/moto.toml'
            '</span>') in passing
    assert '<span class="run-verdict s-failed">✗ gate fail</span>' in failing
    assert (f'<span class="run-verdict s-error" title="{ORACLE_BROKE["message"]}">⊘ gate error</span>'
            '<span class="run-part">code oracle</span>') in broken
    assert not re.search(r"\bpass(ed)?\b|✓|✅", broken)


def test_runs_whose_words_differ_show_the_first_run_s():
    first = document([requirement("req_a", "passed")], the_run=run("first"))
    second = document([requirement("req_a", "failed")], the_run=run("second"))
    first["vocabulary"]["statuses"][5]["label"] = "held"  # passed
    second["vocabulary"]["statuses"][5]["label"] = "ignored"
    markdown = render_matrix_markdown(build_matrix([("first.json", first), ("second.json", second)]))

    assert "| `req_a` ≠ | MUST | ✓ held | ✗ failed |" in markdown and "ignored" not in markdown


def _written_runs(tmp_path):
    """Two runs' results.json files, the first with report.html beside it and an expectations file applied."""
    from tests.report_documents import MOTO_EXPECTATIONS

    moto = document([requirement("req_a", "expected_failure")], the_run=run("moto"), expectations=MOTO_EXPECTATIONS)
    reference = document([requirement("req_a", "passed")], the_run=run("reference"))
    moto_dir, reference_dir = tmp_path / "runs" / "moto & co", tmp_path / "runs" / "reference"
    for folder, one in ((moto_dir, moto), (reference_dir, reference)):
        folder.mkdir(parents=True)
        (folder / "results.json").write_text(json.dumps(one), encoding="utf-8")
    (moto_dir / "report.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    return [moto_dir / "results.json", reference_dir / "results.json"]


def test_each_column_links_to_its_run_s_report_relative_to_the_matrix(tmp_path):
    from reports.build import matrix_files

    sources = _written_runs(tmp_path)
    files = matrix_files([(str(p), json.loads(p.read_text(encoding="utf-8"))) for p in sources], tmp_path / "matrix")
    page, markdown = files[tmp_path / "matrix" / "matrix.html"], files[tmp_path / "matrix" / "matrix.md"]

    assert page.count('<a href="../runs/moto%20%26%20co/report.html" rel="noopener">') == 2  # head and footer
    assert "reference/report.html" not in page  # no report beside it: no link
    assert "[moto / python / reference](<../runs/moto%20%26%20co/report.html>)" in markdown
    assert "| reference / python / reference |" in markdown


def test_each_column_shows_the_expectations_file_its_run_used_or_none(tmp_path):
    moto = document([requirement("req_a", "expected_failure")], the_run=run("moto"),
                    expectations={"path": "expectations/moto.toml", "sha256": "0" * 64, "entries": 31})
    reference = document([requirement("req_a", "passed")], the_run=run("reference"))
    matrix = build_matrix([("moto.json", moto), ("reference.json", reference)])
    page, markdown = render_matrix_html(matrix), render_matrix_markdown(matrix)

    heads = re.findall(r'<span class="run-part run-expectations">([^<]*)</span>', page)
    assert heads == ["expectations expectations/moto.toml (31 entries)", "expectations none"]
    assert "| run | verdict | MUST score | SHOULD score | requirements | expectations |" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| moto") or line.startswith("| reference")]
    assert rows[0].endswith("| expectations/moto.toml (31 entries) |") and rows[1].endswith("| none |")


def test_a_hostile_expectations_path_stays_text():
    hostile = document([requirement("req_a", "passed")], the_run=run("moto"),
                       expectations={"path": HOSTILE, "sha256": "0" * 64, "entries": 1})
    matrix = build_matrix([("a.json", hostile)], ["x/<b>.html"])
    page = render_matrix_html(matrix)

    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert '<a href="x/&lt;b&gt;.html"' in page
