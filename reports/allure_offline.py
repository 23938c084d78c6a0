"""Removes the Google Analytics tag that Allure 3 writes into every report it generates.

@allurereport/plugin-awesome 3.18 hard-codes ``analyticsEnable: true``: opening its report would ask
www.googletagmanager.com for a script and send the report's identity there. A compliance report from
CI must not call a third party, so the optional ``tox -e allure`` job runs this right after
``allure generate``:

    python -m reports.allure_offline reports/output/allure-report
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from localhost.files import write_all_atomically

_ANALYTICS = re.compile(
    r'[ \t]*<script async src="https://www\.googletagmanager\.com/gtag/js[^"]*"></script>\s*'
    r'<script>\s*window\.dataLayer\b.*?</script>\n?', re.DOTALL)
_MARKER = "googletagmanager.com"


def strip_analytics(html: str) -> str:
    return _ANALYTICS.sub("", html)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("reports.allure_offline: pass one folder, the Allure report's (e.g. reports/output/allure-report).",
              file=sys.stderr)
        return 2
    pages = sorted(Path(arguments[0]).rglob("*.html"))
    if not pages:
        print(f"reports.allure_offline: {arguments[0]} holds no HTML page: run allure generate first.", file=sys.stderr)
        return 2
    cleaned = {page: strip_analytics(page.read_text(encoding="utf-8")) for page in pages}
    left = [str(page) for page, html in cleaned.items() if _MARKER in html]
    if left:
        print(f"reports.allure_offline: {left[0]} still refers to {_MARKER}; the Allure template changed, "
              "so update the pattern in reports/allure_offline.py.", file=sys.stderr)
        return 2
    write_all_atomically(cleaned)
    return 0


if __name__ == "__main__":
    sys.exit(main())
