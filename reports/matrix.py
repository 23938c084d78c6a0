"""Several runs side by side, like a browser-compatibility table: requirements as rows, runs as columns
(headed by each run's name, or target / client / definitions for a run without one), each cell the requirement's status in that run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports import document as doc
from reports import markdown as md
from reports.gherkin import Specification, merged, specification_of
from reports.page import render_page

MISSING = "not_run"  # a requirement absent from a run's document was not run there
_GATE_STATUS = {"pass": "passed", "fail": "failed", "error": "error"}  # the colours of a run's verdict


@dataclass(frozen=True)
class Column:
    label: str  # the run's name, or target / client / definitions, made unique
    document: dict[str, Any]
    source: str  # where the document was read from
    by_id: dict[str, dict[str, Any]]
    report: str | None = None  # the address of the run's report.html, relative to the matrix; None when unknown

    @property
    def expectations(self) -> str:
        """The expectations file the run applied, with its number of entries, or "none"."""
        applied = doc.expectations(self.document["run"])
        if applied is None:
            return "none"
        entries = applied.get("entries")
        if isinstance(entries, int):
            return f"{applied['path']} ({entries} entr{'ies' if entries != 1 else 'y'})"
        return str(applied["path"])

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
    specification: Specification  # the runs' Gherkin and feature titles, the first run's winning
    words: doc.Vocabulary  # the runs' words for statuses, levels and provenances, the first run's winning

    def by_feature(self) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = {}
        for row in self.rows:
            grouped.setdefault(row.feature, []).append(row)
        return grouped


def build_matrix(documents: list[tuple[str, dict[str, Any]]], reports: list[str | None] | None = None) -> Matrix:
    """Combine (source, document) pairs, in the order given, into one matrix; ``reports`` the address of each
    run's report page relative to the matrix (None where there is none)."""
    reports = list(reports) if reports is not None else [None] * len(documents)
    specification = merged(specification_of(document) for _, document in documents)
    words = doc.merged(doc.vocabulary(document) for _, document in documents)
    columns, seen = [], {}
    for (source, document), report in zip(documents, reports):
        label = doc.run_title(document["run"])
        seen[label] = seen.get(label, 0) + 1
        by_id = {r["id"]: r for r in document["requirements"]}
        columns.append(Column(label if seen[label] == 1 else f"{label} #{seen[label]}", document, source, by_id,
                              report))
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
    return Matrix(columns, rows, specification, words)


def _first_message(requirement: dict[str, Any] | None) -> str:
    if requirement is None:
        return "not in this run's results"
    for item in requirement.get("items", []):
        if item.get("message") and item.get("status") != "passed":
            return doc.first_line(item["message"], 300)
    return ""


# --- Markdown ----------------------------------------------------------------------------------------

def render_matrix_markdown(matrix: Matrix) -> str:
    words = matrix.words
    lines = [f"## Amplify Auth password conformance: {len(matrix.columns)} runs side by side", ""]
    lines += ["| run | verdict | " + " | ".join(f"{words.level_label(level)} score" for level in words.levels)
              + " | requirements | expectations |", "|---|---|" + "---|" * len(words.levels) + "---|---|"]
    for column in matrix.columns:
        requirements = column.document["requirements"]
        scores = " | ".join(doc.score(requirements, words, level).text for level in words.levels)
        counts = ", ".join(f"{n} {md.text(words.status(s).label)}"
                           for s, n in words.ordered_counts(doc.requirement_counts(requirements)))
        lines.append(f"| {_markdown_label(column)} | {_markdown_verdict(column.document)} | {scores} "
                     f"| {counts or 'none'} | {md.text(column.expectations)} |")
    if not matrix.rows:
        return "\n".join([*lines, "", "None of these runs holds a requirement."]) + "\n"
    differing = [row for row in matrix.rows if row.differs]
    header = ["requirement", "level", *(_markdown_label(column) for column in matrix.columns)]
    table_head = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["", f"### Where the runs differ ({len(differing)} of {len(matrix.rows)} requirements)", ""]
    if differing:
        lines += table_head + [_markdown_row(row, words) for row in differing]
    else:
        lines.append("Nowhere: every requirement has the same status in every run.")
    lines += ["", f"<details><summary>All {len(matrix.rows)} requirements, by feature</summary>", "", *table_head]
    for feature, rows in matrix.by_feature().items():
        title = matrix.specification.feature_titles.get(feature, "")
        name = f"**{md.code(feature)}**" + (f" {md.text(title)}" if title else "") if feature else "**(no scenario)**"
        lines.append(f"| {name} |" + " |" * (len(header) - 1))
        lines += [_markdown_row(row, words) for row in rows]
    lines += ["", "≠: the runs disagree on this requirement.", "", "</details>"]
    return "\n".join(lines) + "\n"


def _markdown_label(column: Column) -> str:
    """The run's label, a link to its report page when there is one."""
    label = md.text(column.label)
    return f"[{label}](<{column.report}>)" if column.report else label


def _markdown_verdict(document: dict[str, Any]) -> str:
    error = doc.run_error(document)
    part = f" ({md.text(error.part)})" if error and error.part else ""
    return f"{md.GATE_MARKS[doc.gate(document)]} {md.text(doc.verdict_text(document))}{part}"


def _markdown_row(row: Row, words: doc.Vocabulary) -> str:
    mark = " ≠" if row.differs else ""
    cells = [md.status_text(status, words) for status in row.statuses]
    return f"| {md.code(row.id)}{mark} | {md.text(words.level_label(row.level))} | " + " | ".join(cells) + " |"


# --- HTML ----------------------------------------------------------------------------------------------

def render_matrix_html(matrix: Matrix) -> str:
    """The matrix as one self-contained page (``templates/matrix.html.j2``)."""
    titles = {feature: matrix.specification.feature_titles.get(feature, feature) if feature else
              "Requirements without a scenario" for feature in matrix.by_feature()}
    return render_page(
        "matrix.html.j2", "matrix.js",
        title=f"Conformance matrix: {len(matrix.columns)} runs",
        matrix=matrix,
        legend=sorted({s for row in matrix.rows for s in row.statuses}, key=matrix.words.rank),
        differing=sum(1 for row in matrix.rows if row.differs),
        titles=titles,
        gate_statuses=_GATE_STATUS,
        first_message=_first_message,
        words=matrix.words,
    )
