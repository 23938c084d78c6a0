"""The Gherkin shown in the reports, highlighted by Pygments' Gherkin lexer, and the CSS it needs.

The colours are the page's own CSS variables, so the highlighting follows the light and dark themes;
the CSS is inlined in the page, which stays self-contained.
"""
from __future__ import annotations

import functools

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import GherkinLexer
from pygments.style import Style
from pygments.token import Comment, Keyword, Name, String

GHERKIN_BLOCK = ".gherkin"  # the CSS class of the <pre> the highlighted Gherkin goes in


class ReportStyle(Style):
    """Keywords and steps in the accent colour, tags, parameters and strings as the page's status colours."""

    styles = {
        Keyword: "bold var(--accent)",  # Feature:, Scenario:, Given, When, Then, And, Examples:, table pipes
        Name.Tag: "var(--expected_failure)",  # @req_… @must
        Name.Variable: "var(--unexpected_pass)",  # <parameter>, and Examples header cells
        String: "var(--passed)",  # "quoted text", and Examples values
        Comment: "italic var(--muted)",
    }


@functools.cache
def _lexer() -> GherkinLexer:
    lexer = GherkinLexer()
    lexer.add_filter("tokenmerge")  # the lexer yields step text a character at a time: a third of the time saved
    return lexer


@functools.cache
def _formatter() -> HtmlFormatter:
    return HtmlFormatter(style=ReportStyle, nowrap=True)


def highlight_gherkin(text: str) -> Markup:
    """Gherkin as HTML spans, every character of ``text`` escaped by Pygments; for a ``<pre class="gherkin">``."""
    return Markup(highlight(text, _lexer(), _formatter()).rstrip("\n"))


@functools.cache
def gherkin_css() -> str:
    """The rules the highlighted spans need, scoped to the Gherkin blocks (the page's own CSS styles the block)."""
    return "\n".join(_formatter().get_token_style_defs(GHERKIN_BLOCK)) + "\n"
