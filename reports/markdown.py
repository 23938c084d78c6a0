"""The Markdown summary of one run, ready to paste into a pull request or a CI job summary.

Failures come first, grouped by feature; every text from the document is escaped, so a message can
neither break the layout nor inject HTML (GitHub renders HTML inside Markdown).
"""
from __future__ import annotations

import html
import re
from typing import Any

from reports import document as doc
from reports.gherkin import Specification, specification_of
from reports.html import consequences, feature_columns, feature_rows, scope_of, scope_title

MESSAGE_LIMIT = 300  # characters of a message's first line
ITEMS_PER_REQUIREMENT = 5  # failing items listed under one requirement
CONSEQUENCES_UNFOLDED = 10  # more failed MUSTs than this are listed folded
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:/+-]+")
GATE_MARKS = {"pass": "✅", "fail": "❌", "error": "⛔"}  # error: neither the pass green nor the fail red


def text(value: Any) -> str:
    """Any text as one line of inline Markdown, shown literally."""
    flat = " ".join(str(value).split())
    escaped = html.escape(flat, quote=False)
    return _INLINE_SPECIAL.sub(r"\\\1", escaped)


def code(value: Any) -> str:
    """An identifier in a code span; anything else is escaped text (a code span cannot be escaped)."""
    value = str(value)
    return f"`{value}`" if _IDENTIFIER.fullmatch(value) else text(value)


def status_text(name: str, words: doc.Vocabulary) -> str:
    status = words.status(name)
    return f"{status.symbol} {text(status.label)}"


def render_summary(document: dict[str, Any]) -> str:
    specification, words = specification_of(document), doc.vocabulary(document)
    run = document["run"]
    requirements = document["requirements"]
    lines = _heading(document)
    lines += _score_table(document, words)
    items = words.ordered_counts(doc.item_counts(requirements))
    if items:
        lines += ["", "Test items (scenarios and Examples rows): "
                  + ", ".join(f"{n} {text(words.status(s).label)}" for s, n in items) + "."]
    lines += _scope_table(document, words)
    lines += _feature_table(document, specification, words)
    lines += _consequences(document, words)
    never = doc.never_validated(document)
    if requirements and never:
        lines += ["", f"> **Not validated against real Amazon Cognito:** {never} of {len(requirements)} "
                  f"requirements have never been run against it; these results describe target "
                  f"{code(doc.target_name(run))}, not Cognito itself."]
    lines += _attention(requirements, specification, words)
    lines += _known_deviations(requirements, words)
    lines += _not_applicable(requirements)
    lines += _disagreements(document, words)
    lines += _all_requirements(requirements, specification, words)
    return "\n".join(lines).rstrip() + "\n"


def _heading(document: dict[str, Any]) -> list[str]:
    run = document["run"]
    facts = [f"target {code(doc.target_name(run))} {text(doc.target_version(run))}".rstrip()]
    if doc.capabilities(run):
        facts[0] += f" (capabilities: {text(', '.join(doc.capabilities(run)))})"
    facts.append(f"client {code(run.get('client', '?'))}")
    facts.append(f"definitions {code(run.get('definitions', '?'))}")
    facts.append(f"suite {text(run.get('suite_version', '?'))} ({text(run.get('suite_revision', '?'))})")
    if run.get("python"):
        facts.append(f"Python {text(run['python'])}")
    when = text(run.get("started", ""))
    if doc.duration_text(run):
        when += f", {doc.duration_text(run)}"
    if when:
        facts.append(when)
    facts.append(f"expectations: {text(doc.expectations_text(run))}")
    return [
        f"## {GATE_MARKS[doc.gate(document)]} Amplify Auth password conformance: {text(doc.verdict_text(document))}"
        + (f" · {code(doc.run_name(run))}" if doc.run_name(run) else ""),
        *_run_error(document),
        "",
        f"**{text(doc.run_label(run))}** · " + " · ".join(facts),
        *_expectation_notes(document),
    ]


def _run_error(document: dict[str, Any]) -> list[str]:
    error = doc.run_error(document)
    if error is None:
        return []
    part = f": {text(error.part)}" if error.part else ""
    exit_code = f" (exit code {error.exit_code})" if error.exit_code is not None else ""
    return ["", f"> **The run could not judge{part}.** {text(error.message)}{exit_code}"]


def _expectation_notes(document: dict[str, Any]) -> list[str]:
    notes = doc.expectation_notes(document)
    if not notes:
        return []
    return ["", "Expectations entries that could not be checked:", "", *(f"- {text(note)}" for note in notes)]


def _score_table(document: dict[str, Any], words: doc.Vocabulary) -> list[str]:
    if not document["requirements"]:
        return ["", "This run holds no requirements: nothing was selected or collected."]
    scores = doc.scores(document)
    statuses = [s for s, _ in words.ordered_counts(doc.requirement_counts(document["requirements"]))]
    header = ["level", "score", *(status_text(s, words) for s in statuses), "requirements"]
    lines = ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for score in scores:
        name = "all" if score.level == "all" else words.level_label(score.level)
        cells = [f"**{text(name)}**", score.text, *(str(score.counts.get(s, 0) or "") for s in statuses),
                 str(sum(score.counts.values()))]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Score: requirements that hold, out of those scored (not applicable and not run left out; "
              "an error counts as not holding); a SHOULD failure is a warning and does not fail the gate."]
    return lines


def _consequences(document: dict[str, Any], words: doc.Vocabulary) -> list[str]:
    chosen = consequences(document, words)
    if not chosen:
        return []
    heading = f"What the failed MUST requirements mean for an app ({len(chosen)})"
    folded = len(chosen) > CONSEQUENCES_UNFOLDED
    lines = ["", f"<details><summary>{heading}</summary>" if folded else f"### {heading}", ""]
    for requirement in chosen:
        impact = requirement.get("impact")
        lines.append(f"- {status_text(requirement['status'], words)} · {code(requirement['id'])} "
                     f"({text(scope_of(requirement))}): "
                     + (text(impact) if impact else "*the catalogue gives no impact sentence*"))
    return lines + (["", "</details>"] if folded else [])


def _count_cells(counts: dict[str, int], columns: list[str]) -> list[str]:
    return [str(counts.get(name, 0) or "") for name in columns] + [str(sum(counts.values()))]


def _scope_table(document: dict[str, Any], words: doc.Vocabulary) -> list[str]:
    requirements = document["requirements"]
    if not requirements:
        return []
    columns = feature_columns(document, words)
    by_scope: dict[str, list[dict[str, Any]]] = {"service": [], "client": [], "definitions": []}
    for requirement in requirements:
        by_scope.setdefault(scope_of(requirement), []).append(requirement)
    header = ["requirements", *(status_text(name, words) for name in columns), "all", "MUST score"]
    lines = ["", "### By scope", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for scope, chosen in by_scope.items():
        if chosen:
            cells = [text(scope_title(scope)), *_count_cells(doc.requirement_counts(chosen), columns),
                     doc.score(chosen, words, "must").text]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def _feature_table(document: dict[str, Any], specification: Specification, words: doc.Vocabulary) -> list[str]:
    rows = feature_rows(document, specification)
    if not rows:
        return []
    columns = feature_columns(document, words)
    header = ["feature file", *(status_text(name, words) for name in columns), "all"]
    lines = ["", "### By feature", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        name = f"{code(row.feature)} {text(row.title)}" if row.feature and row.title != row.feature else (
            code(row.feature) if row.feature else text(row.title))
        lines.append("| " + " | ".join([name, *_count_cells(row.counts, columns)]) + " |")
    return lines


def _feature_of(requirement: dict[str, Any], specification: Specification) -> str:
    features = doc.features_of(requirement)
    if features:
        return features[0]
    scenarios = specification.of_requirement(requirement["id"])
    return scenarios[0].feature if scenarios else ""


def _by_feature(requirements: list[dict[str, Any]], specification: Specification) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for requirement in requirements:
        grouped.setdefault(_feature_of(requirement, specification), []).append(requirement)
    return grouped


def _feature_heading(feature: str, specification: Specification) -> str:
    if not feature:
        return "#### (no scenario)"
    title = specification.feature_titles.get(feature)
    return f"#### {code(feature)}" + (f": {text(title)}" if title else "")


def _requirement_line(requirement: dict[str, Any], words: doc.Vocabulary) -> str:
    level = text(words.level_label(requirement.get("level", "")))
    return (f"- {status_text(requirement['status'], words)} · {level} · "
            f"{code(requirement['id'])}: {text(requirement.get('statement', ''))}")


def _item_lines(requirement: dict[str, Any], statuses: set[str]) -> list[str]:
    chosen = [i for i in requirement.get("items", []) if i.get("status") in statuses]
    lines = []
    for item in chosen[:ITEMS_PER_REQUIREMENT]:
        where = f"*{text(item.get('scenario', ''))}*"
        example = doc.example_text(item.get("example"))
        if example:
            where += f" ({text(example)})"
        message = doc.first_line(item.get("message", ""), MESSAGE_LIMIT)
        lines.append(f"  - {where}: {text(message) if message else 'no message'}")
    if len(chosen) > ITEMS_PER_REQUIREMENT:
        lines.append(f"  - … and {len(chosen) - ITEMS_PER_REQUIREMENT} more (see report.html)")
    return lines


def _attention(requirements: list[dict[str, Any]], specification: Specification,
               words: doc.Vocabulary) -> list[str]:
    chosen = sorted((r for r in requirements if words.status(r["status"]).attention),
                    key=lambda r: words.rank(r["status"]))
    if not chosen:
        return ["", "### Failures", "", "None: every requirement the run could judge holds."] if requirements else []
    kinds = "Failures, errors and warnings" if any(r["status"] == "error" for r in chosen) else "Failures and warnings"
    lines = ["", f"### {kinds} ({len(chosen)}), by feature"]
    item_statuses = {"failed", "warning", "unexpected_pass"} | {r["status"] for r in chosen}
    for feature, group in _by_feature(chosen, specification).items():
        lines += ["", _feature_heading(feature, specification), ""]
        for requirement in group:
            lines.append(_requirement_line(requirement, words))
            lines += _item_lines(requirement, item_statuses)
    return lines


def _known_deviations(requirements: list[dict[str, Any]], words: doc.Vocabulary) -> list[str]:
    chosen = [r for r in requirements if r["status"] == "expected_failure"]
    if not chosen:
        return []
    lines = ["", f"### Known deviations: expected failures ({len(chosen)})", ""]
    for requirement in chosen:
        lines.append(_requirement_line(requirement, words))
        lines += _item_lines(requirement, {"expected_failure", "failed"})
    return lines


def _not_applicable(requirements: list[dict[str, Any]]) -> list[str]:
    chosen = [r for r in requirements if r["status"] == "not_applicable"]
    if not chosen:
        return []
    lines = ["", f"### Not applicable to this target ({len(chosen)})", ""]
    for requirement in chosen:
        reasons = dict.fromkeys(doc.first_line(i.get("message", ""), MESSAGE_LIMIT)
                                for i in requirement.get("items", []))
        reason = "; ".join(r for r in reasons if r) or "no reason given"
        lines.append(f"- {code(requirement['id'])}: {text(reason)}")
    return lines


def _disagreements(document: dict[str, Any], words: doc.Vocabulary) -> list[str]:
    pairs = doc.disagreement_pairs(document)
    if not pairs:
        return []
    lines = ["", "### Where the sources disagree", "",
             "Both claims are requirements; a target that behaves like Amplify and Cognito holds the code's side.", "",
             "| one side | status | the other side | status |", "|---|---|---|---|"]
    for left, right, right_id in pairs:
        right_cell = (f"{code(right_id)} ({text(words.provenance_text(right.get('provenance')))}): "
                      f"{text(right.get('statement', ''))}") if right else f"{code(right_id)}: not in this run"
        lines.append(
            f"| {code(left['id'])} ({text(words.provenance_text(left.get('provenance')))}): "
            f"{text(left.get('statement', ''))} "
            f"| {status_text(left['status'], words)} | {right_cell} "
            f"| {status_text(right['status'], words) if right else ''} |")
    return lines


def _all_requirements(requirements: list[dict[str, Any]], specification: Specification,
                      words: doc.Vocabulary) -> list[str]:
    if not requirements:
        return []
    lines = ["", "<details><summary>All " + str(len(requirements)) + " requirements by feature</summary>", ""]
    for feature, group in _by_feature(requirements, specification).items():
        lines += [_feature_heading(feature, specification), "", "| status | level | requirement | statement |",
                  "|---|---|---|---|"]
        for requirement in sorted(group, key=lambda r: words.rank(r["status"])):
            level = text(words.level_label(requirement.get("level", "")))
            lines.append(f"| {status_text(requirement['status'], words)} | {level} "
                         f"| {code(requirement['id'])} | {text(requirement.get('statement', ''))} |")
        lines.append("")
    lines.append("</details>")
    return lines
