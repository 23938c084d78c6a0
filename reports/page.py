"""The self-contained HTML page shared by the report and the matrix, rendered from Jinja2 templates.

One file, no external scripts, fonts or styles: it opens from file:// and from a CI artefact. A
Content-Security-Policy forbids every network request and allows only the page's own script (by its
hash), so even text that escaped escaping could neither run nor call home. The templates
(``reports/templates/``) are autoescaped: every value they show is escaped, except the Markup made
here (the inlined assets and the policy) and by Pygments (the highlighted Gherkin).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports import document as doc
from reports.highlight import gherkin_css, highlight_gherkin

ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATES = Path(__file__).resolve().parent / "templates"
GATE_SYMBOLS = {"pass": "✓", "fail": "✗", "error": "⊘"}  # glyphs every offline font has


@functools.cache
def _coloured() -> frozenset[str]:
    """The statuses the style sheet has colours for (its .s-<status> rules)."""
    return frozenset(re.findall(r"^\.s-(\w+) \{", (ASSETS / "style.css").read_text(encoding="utf-8"), re.MULTILINE))


def status_class(name: str) -> str:
    """The CSS class that colours a status; one class for every status the style sheet has no colour for."""
    return "s-" + name if name in _coloured() - {"other"} else "s-other"


@functools.cache
def environment() -> Environment:
    """The templates, with autoescaping on and the helpers every page uses."""
    templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                            trim_blocks=True, lstrip_blocks=True)
    templates.globals.update(doc=doc, status_class=status_class, gate_symbols=GATE_SYMBOLS)
    templates.filters["gherkin"] = highlight_gherkin
    return templates


def render_page(template_name: str, script_name: str, **context: Any) -> str:
    """One page from its template, with the style sheet, the Gherkin highlighting's rules and its script inlined."""
    style = (ASSETS / "style.css").read_text(encoding="utf-8") + gherkin_css()
    script = (ASSETS / script_name).read_text(encoding="utf-8")
    if re.search(r"</(script|style)", script + style, re.IGNORECASE):
        raise ValueError("an asset contains a closing script or style tag")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    template = environment().get_template(template_name)
    return template.render(policy=Markup(policy), style=Markup(style), script=Markup(script), **context)
