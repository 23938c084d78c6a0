"""Several runs side by side, like a browser-compatibility table: requirements as rows, runs as columns
(headed target / client / definitions), each cell the requirement's status in that run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports import document as doc
from reports import markdown as md
from reports.gherkin import Specification
from reports.page import GATE_SYMBOLS, badge, esc, render_page, status_class

MISSING = "not_run"  # a requirement absent from a run's document was not run there
_GATE_STATUS = {"pass": "passed", "fail": "failed", "error": "error"}  # the colours of a run's verdict


@dataclass(frozen=True)
class Column:
    label: str  # target / client / definitions, made unique
    document: dict[str, Any]
    source: str  # where the document was read from
    by_id: dict[str, dict[str, Any]]

    def requirement(self, requirement_id: str) -> dict[str, Any] | None:
        return self.by_id.get(requirement_id)


@dataclass(frozen=True)
class Row:
    id: str
    level: str
    statement: str
    feature: str
    statuses: tuple[str, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.statuses)) > 1


@dataclass(frozen=True)
class Matrix:
    columns: list[Column]
    rows: list[Row]

    def by_feature(self) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = {}
        for row in self.rows:
            grouped.setdefault(row.feature, []).append(row)
        return grouped


def build_matrix(documents: list[tuple[str, dict[str, Any]]], specification: Specification | None = None) -> Matrix:
    """Combine (source, document) pairs, in the order given, into one matrix."""
    specification = specification or Specification()
    columns, seen = [], {}
    for source, document in documents:
        label = doc.run_label(document["run"])
        seen[label] = seen.get(label, 0) + 1
        by_id = {r["id"]: r for r in document["requirements"]}
        columns.append(Column(label if seen[label] == 1 else f"{label} #{seen[label]}", document, source, by_id))
    lookup = [column.by_id for column in columns]
    order: dict[str, dict[str, Any]] = {}
    for by_id in lookup:
        for requirement_id, requirement in by_id.items():
            order.setdefault(requirement_id, requirement)
    rows = []
    for requirement_id, first in order.items():
        features = [f for by_id in lookup if requirement_id in by_id for f in doc.features_of(by_id[requirement_id])]
        if not features:
            features = [s.feature for s in specification.of_requirement(requirement_id)]
        rows.append(Row(
            id=requirement_id,
            level=str(first.get("level", "")),
            statement=str(first.get("statement", "")),
            feature=features[0] if features else "",
            statuses=tuple(by_id[requirement_id]["status"] if requirement_id in by_id else MISSING for by_id in lookup),
        ))
    return Matrix(columns, rows)


def _first_message(requirement: dict[str, Any] | None) -> str:
    if requirement is None:
        return "not in this run's results"
    for item in requirement.get("items", []):
        if item.get("message") and item.get("status") != "passed":
            return doc.first_line(item["message"], 300)
    return ""


# --- Markdown ----------------------------------------------------------------------------------------

def render_matrix_markdown(matrix: Matrix, specification: Specification | None = None) -> str:
    specification = specification or Specification()
    lines = [f"## Amplify Auth password conformance: {len(matrix.columns)} runs side by side", ""]
    lines += ["| run | verdict | " + " | ".join(f"{doc.level_label(level)} score" for level in doc.LEVELS)
              + " | requirements |", "|---|---|" + "---|" * len(doc.LEVELS) + "---|"]
    for column in matrix.columns:
        requirements = column.document["requirements"]
        scores = " | ".join(doc.score(requirements, level).text for level in doc.LEVELS)
        counts = ", ".join(f"{n} {md.text(doc.status_of(s).label)}"
                           for s, n in doc.ordered_counts(doc.requirement_counts(requirements)))
        lines.append(f"| {md.text(column.label)} | {_markdown_verdict(column.document)} | {scores} "
                     f"| {counts or 'none'} |")
    if not matrix.rows:
        return "\n".join([*lines, "", "None of these runs holds a requirement."]) + "\n"
    differing = [row for row in matrix.rows if row.differs]
    header = ["requirement", "level", *(md.text(column.label) for column in matrix.columns)]
    table_head = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["", f"### Where the runs differ ({len(differing)} of {len(matrix.rows)} requirements)", ""]
    if differing:
        lines += table_head + [_markdown_row(row) for row in differing]
    else:
        lines.append("Nowhere: every requirement has the same status in every run.")
    lines += ["", f"<details><summary>All {len(matrix.rows)} requirements, by feature</summary>", "", *table_head]
    for feature, rows in matrix.by_feature().items():
        title = specification.feature_titles.get(feature, "")
        name = f"**{md.code(feature)}**" + (f" {md.text(title)}" if title else "") if feature else "**(no scenario)**"
        lines.append(f"| {name} |" + " |" * (len(header) - 1))
        lines += [_markdown_row(row) for row in rows]
    lines += ["", "≠: the runs disagree on this requirement.", "", "</details>"]
    return "\n".join(lines) + "\n"


def _markdown_verdict(document: dict[str, Any]) -> str:
    error = doc.run_error(document)
    part = f" ({md.text(error.part)})" if error and error.part else ""
    return f"{md.GATE_MARKS[doc.gate(document)]} {md.text(doc.verdict_text(document))}{part}"


def _markdown_row(row: Row) -> str:
    mark = " ≠" if row.differs else ""
    cells = [md.status_text(status) for status in row.statuses]
    return f"| {md.code(row.id)}{mark} | {md.text(doc.level_label(row.level))} | " + " | ".join(cells) + " |"


# --- HTML ----------------------------------------------------------------------------------------------

def render_matrix_html(matrix: Matrix, specification: Specification | None = None) -> str:
    specification = specification or Specification()
    title = f"Conformance matrix: {len(matrix.columns)} runs"
    legend_statuses = sorted({s for row in matrix.rows for s in row.statuses}, key=doc.status_rank)
    legend = "".join(badge(s) for s in legend_statuses)
    differing = sum(1 for row in matrix.rows if row.differs)
    features = matrix.by_feature()
    options = "".join(f'<option value="{esc(f)}">{esc(specification.feature_titles.get(f, f))} ({len(rows)})</option>'
                      for f, rows in features.items() if f)
    toolbar = (
        '<nav class="toolbar js-only" aria-label="Filters"><div class="selectors">'
        '<label><input type="checkbox" id="only-differences"> only where the runs differ '
        f'<b>({differing})</b></label>'
        f'<label>Feature <select id="filter-feature"><option value="">all features</option>{options}</select></label>'
        '<label>Find <input id="filter-text" type="search" placeholder="ID or words" autocomplete="off"></label>'
        f'<span class="shown" id="shown">{len(matrix.rows)} of {len(matrix.rows)} requirements shown</span></div></nav>'
    )
    body = (
        '<header class="top"><div class="heading">'
        '<p class="eyebrow">Amplify Auth password management · conformance matrix</p>'
        f'<h1>{len(matrix.columns)} runs side by side</h1></div></header>'
        f'<p class="note">Requirements as rows, runs as columns (target / client / definitions). {len(matrix.rows)} '
        f'requirements; the runs differ on {differing}, marked on the left. Hover a cell for its first message.</p>'
        f'<div class="legend">{legend}</div>{toolbar}'
        f'<div class="matrix-wrap"><table class="matrix">{_head(matrix)}{_body(matrix, specification)}</table></div>'
        '<p class="nothing-shown" id="nothing-shown" hidden>No requirement matches these filters.</p>'
        f'{_sources(matrix)}'
    )
    return render_page(title, body, "matrix.js")


def _head(matrix: Matrix) -> str:
    cells = []
    for column in matrix.columns:
        run = column.document["run"]
        must = doc.score(column.document["requirements"], "must")
        cells.append(
            f'<th scope="col" title="{esc(column.source)}"><span class="run-name">{esc(doc.target_name(run))} '
            f'<span class="muted">{esc(doc.target_version(run))}</span></span>'
            f'<span class="run-part">client {esc(run.get("client", "?"))}</span>'
            f'<span class="run-part">definitions {esc(run.get("definitions", "?"))}</span>'
            f'{_html_verdict(column.document)}<span class="run-score">MUST {esc(must.text)}</span></th>')
    return f'<thead><tr><th scope="col">requirement</th>{"".join(cells)}</tr></thead>'


def _html_verdict(document: dict[str, Any]) -> str:
    verdict = doc.gate(document)
    error = doc.run_error(document)
    tip = f' title="{esc(error.message)}"' if error else ""
    part = f'<span class="run-part">{esc(error.part)}</span>' if error and error.part else ""
    return (f'<span class="run-verdict {status_class(_GATE_STATUS[verdict])}"{tip}>'
            f'{GATE_SYMBOLS[verdict]} {esc(doc.verdict_text(document))}</span>{part}')


def _body(matrix: Matrix, specification: Specification) -> str:
    rows = []
    for feature, group in matrix.by_feature().items():
        title = specification.feature_titles.get(feature, feature) if feature else "Requirements without a scenario"
        rows.append(f'<tr class="feature-row" data-feature="{esc(feature)}"><th scope="rowgroup">{esc(title)}</th>'
                    f'{"<td></td>" * len(matrix.columns)}</tr>')
        for row in group:
            cells = []
            for column, status in zip(matrix.columns, row.statuses, strict=True):
                message = _first_message(column.requirement(row.id))
                label = doc.status_of(status)
                tip = f"{column.label}: {label.label}" + (f" — {message}" if message else "")
                cells.append(f'<td class="cell {status_class(status)}" title="{esc(tip)}">'
                             f'<span aria-hidden="true">{esc(label.symbol)}</span> {esc(label.label)}</td>')
            search = f"{row.id} {row.statement}".lower()
            rows.append(
                f'<tr class="req-row{" differs" if row.differs else ""}" data-feature="{esc(feature)}" '
                f'data-differs="{"yes" if row.differs else "no"}" data-search="{esc(search)}">'
                f'<th scope="row"><code>{esc(row.id)}</code> <span class="level level-{esc(row.level or "none")}">'
                f'{esc(doc.level_label(row.level))}</span><span class="req-statement" title="{esc(row.statement)}">'
                f'{esc(row.statement)}</span></th>{"".join(cells)}</tr>')
    return f'<tbody>{"".join(rows)}</tbody>'


def _sources(matrix: Matrix) -> str:
    items = "".join(
        f'<li><b>{esc(column.label)}</b>: {esc(column.source)} '
        f'<span class="muted">(suite {esc(column.document["run"].get("suite_version", "?"))} '
        f'{esc(column.document["run"].get("suite_revision", "?"))}, '
        f'started {esc(column.document["run"].get("started", "?"))})</span></li>'
        for column in matrix.columns)
    return (f'<footer><p>Runs:</p><ul>{items}</ul>'
            '<p>This page is self-contained and makes no network requests.</p></footer>')
