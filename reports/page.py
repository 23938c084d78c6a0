"""The self-contained HTML page shared by the report and the matrix.

One file, no external scripts, fonts or styles: it opens from file:// and from a CI artefact. A
Content-Security-Policy forbids every network request and allows only the page's own script (by its
hash), so even text that escaped escaping could neither run nor call home.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path
from typing import Any

from reports import document as doc

ASSETS = Path(__file__).resolve().parent / "assets"
GATE_SYMBOLS = {"pass": "✓", "fail": "✗", "error": "⊘"}  # glyphs every offline font has


def esc(value: Any) -> str:
    """Text from a results document, escaped for HTML content and attribute values."""
    return html.escape(str(value), quote=True)


def status_class(name: str) -> str:
    return "s-" + name if name in doc.STATUSES else "s-other"


def badge(name: str) -> str:
    status = doc.status_of(name)
    return (f'<span class="badge {status_class(name)}" title="{esc(status.label)}">'
            f'<span aria-hidden="true">{esc(status.symbol)}</span> {esc(status.label)}</span>')


def status_bar(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return '<div class="bar empty"></div>'
    segments = "".join(
        f'<span class="{status_class(name)}" style="width:{100 * n / total:.3f}%" '
        f'title="{n} {esc(doc.status_of(name).label)}"></span>'
        for name, n in doc.ordered_counts(counts))
    return f'<div class="bar" role="img" aria-label="{esc(_counts_text(counts))}">{segments}</div>'


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {doc.status_of(name).label}" for name, n in doc.ordered_counts(counts))


def render_page(title: str, body: str, script_name: str) -> str:
    style = (ASSETS / "style.css").read_text(encoding="utf-8")
    script = (ASSETS / script_name).read_text(encoding="utf-8")
    if re.search(r"</(script|style)", script + style, re.IGNORECASE):
        raise ValueError("an asset contains a closing script or style tag")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" class="no-js">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n{body}\n<script>{script}</script>\n</body>\n</html>\n"
    )
