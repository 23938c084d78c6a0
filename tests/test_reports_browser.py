"""The HTML report and matrix in a real headless browser (Debian's chromium, over the DevTools protocol).

Proves: the page loads with no console errors and no network requests, the filters change what is
visible, hostile text stays text, and a screenshot is kept under reports/output/screenshots/.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from reports.html import render_report
from reports.matrix import build_matrix, render_matrix_html
from tests.headless_chromium import Chromium, find_chromium
from tests.report_documents import HOSTILE, document, every_status_document, hostile_document, requirement, run

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "reports" / "output" / "screenshots"

pytestmark = [
    pytest.mark.skipif(find_chromium() is None,
                       reason="Debian's chromium is not installed (apt-get install chromium), or set CHROMIUM"),
    pytest.mark.skipif(importlib.util.find_spec("websocket") is None,
                       reason="websocket-client is not installed (pip install websocket-client)"),
]

VISIBLE_REQUIREMENTS = ("Array.from(document.querySelectorAll('details.req'))"
                        ".filter(e => e.getClientRects().length > 0).map(e => e.id)")
VISIBLE_SECTIONS = ("Array.from(document.querySelectorAll('.feature-group'))"
                    ".filter(e => e.getClientRects().length > 0).map(e => e.dataset.feature)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Chromium(find_chromium(), tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


def _open(browser: Chromium, page: str, folder: Path, name: str) -> str:
    path = folder / name
    path.write_text(page, encoding="utf-8")
    url = path.as_uri()
    browser.open(url)
    return url


def _assert_quiet(browser: Chromium, url: str) -> None:
    assert browser.problems() == []
    assert browser.requested_urls() == [url], "the page requested nothing but itself"


def test_the_report_loads_quietly_and_its_filters_work(browser, tmp_path):
    doc = every_status_document()
    url = _open(browser, render_report(doc), tmp_path, "report.html")
    everything = [r["id"] for r in doc["requirements"]]

    assert sorted(browser.evaluate(VISIBLE_REQUIREMENTS)) == sorted(everything)
    assert browser.evaluate("document.documentElement.className") == "js"

    browser.click('[data-filter-status="passed"]')
    shown = browser.evaluate(VISIBLE_REQUIREMENTS)
    assert "req_passed" not in shown and "req_code_claim" not in shown
    assert len(shown) == len(everything) - 2
    counter = browser.evaluate("document.getElementById('shown').textContent")
    assert counter == f"{len(shown)} of {len(everything)} requirements shown"

    browser.click("#only-attention")
    assert sorted(browser.evaluate(VISIBLE_REQUIREMENTS)) == ["req_error", "req_failed", "req_seed_claim",
                                                              "req_unexpected_pass", "req_warning"]

    browser.click("#all-statuses")
    browser.choose("#filter-feature", "beta.feature")
    assert sorted(browser.evaluate(VISIBLE_REQUIREMENTS)) == ["req_failed", "req_seed_claim", "req_warning"]
    assert browser.evaluate(VISIBLE_SECTIONS) == ["beta.feature"]

    browser.click('[data-filter-status="failed"]')  # a status filter and a feature filter together
    assert sorted(browser.evaluate(VISIBLE_REQUIREMENTS)) == ["req_seed_claim", "req_warning"]

    browser.click('[data-filter-status="failed"]')
    browser.choose("#filter-feature", "")
    browser.click("#filter-text")
    browser.send("Input.insertText", {"text": "code_claim"})
    assert browser.evaluate(VISIBLE_REQUIREMENTS) == ["req_code_claim"]

    _assert_quiet(browser, url)


def test_expanding_and_a_link_to_a_requirement_open_it(browser, tmp_path):
    url = _open(browser, render_report(every_status_document()), tmp_path, "report.html")

    assert browser.evaluate("document.getElementById('req_passed').open") is False
    browser.click("#expand-all")
    assert browser.evaluate("Array.from(document.querySelectorAll('details.req')).every(d => d.open)")
    browser.click("#collapse-all")
    browser.evaluate("location.hash = 'req_not_run'; new Promise(r => setTimeout(() => r(true), 50))")
    assert browser.evaluate("document.getElementById('req_not_run').open") is True
    browser.open("about:blank")
    browser.open(url + "#req_passed")
    assert browser.evaluate("document.getElementById('req_passed').open") is True
    assert browser.problems() == []


def test_hostile_text_stays_text_in_the_browser(browser, tmp_path):
    url = _open(browser, render_report(hostile_document()), tmp_path, "hostile.html")

    body = browser.evaluate("document.body.innerText")
    assert HOSTILE in body
    assert '"&<>' in body
    assert browser.evaluate("document.querySelectorAll('script').length") == 1
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    _assert_quiet(browser, url)  # no alert dialog, no console error, no request for 'x'


def test_the_matrix_loads_quietly_and_shows_only_differences_on_request(browser, tmp_path):
    first = document([requirement("req_a", "passed"), requirement("req_b", "passed")], the_run=run("one"))
    second = document([requirement("req_a", "passed"), requirement("req_b", "failed")], the_run=run("two"))
    page = render_matrix_html(build_matrix([("one.json", first), ("two.json", second)]))
    url = _open(browser, page, tmp_path, "matrix.html")
    rows = ("Array.from(document.querySelectorAll('tr.req-row'))"
            ".filter(e => e.getClientRects().length > 0).map(e => e.querySelector('code').textContent)")

    assert browser.evaluate(rows) == ["req_a", "req_b"]
    browser.click("#only-differences")
    assert browser.evaluate(rows) == ["req_b"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.screenshot(SCREENSHOTS / "test-matrix.png")
    _assert_quiet(browser, url)


def test_a_screenshot_of_the_report_is_kept_as_a_test_artefact(browser, tmp_path):
    _open(browser, render_report(every_status_document()), tmp_path, "report.html")

    shot = browser.screenshot(SCREENSHOTS / "test-report.png")
    full = browser.screenshot(SCREENSHOTS / "test-report-full-page.png", full_page=True)

    for path in (shot, full):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert int.from_bytes(full.read_bytes()[20:24], "big") > int.from_bytes(shot.read_bytes()[20:24], "big")
