"""The single-file HTML report of one run: filters by status and feature, every requirement with its
statement, provenance, source, Gherkin and messages, and the seed-versus-code disagreements side by side.

Every value taken from the results document or the feature files goes through ``esc``.
"""
from __future__ import annotations

import re
from typing import Any

from reports import document as doc
from reports.gherkin import ScenarioText, Specification
from reports.page import GATE_SYMBOLS, badge, esc, render_page, status_bar, status_class

_GHERKIN_KEYWORDS = ("Feature", "Rule", "Background", "Scenario Outline", "Scenario Template", "Scenario",
                     "Example", "Examples", "Scenarios")
_STEP_KEYWORDS = ("Given", "When", "Then", "And", "But", "*")
_KEYWORD_LINE = re.compile(r"(\s*)(" + "|".join(re.escape(k) for k in _GHERKIN_KEYWORDS) + r")(:)(.*)")
_STEP_LINE = re.compile(r"(\s*)(" + "|".join(re.escape(k) for k in _STEP_KEYWORDS) + r")( .*)")
_INLINE = re.compile(r'(<[^<>\s][^<>]*>)|("[^"]*")')


def render_report(document: dict[str, Any], specification: Specification | None = None) -> str:
    specification = specification or Specification()
    run = document["run"]
    verdict = doc.gate(document)
    title = f"Conformance {verdict}: {doc.run_label(run)}"
    body = "\n".join([
        _header(document),
        _scores(document),
        _honesty(document),
        _disagreements(document),
        _toolbar(document, specification),
        _requirements(document, specification),
        _footer(document, specification),
    ])
    return render_page(title, body, "report.js")


# --- the top of the page ---------------------------------------------------------------------------

def _header(document: dict[str, Any]) -> str:
    run = document["run"]
    facts = [
        ("Target", f"<code>{esc(doc.target_name(run))}</code> {esc(doc.target_version(run))}"),
        ("Capabilities", esc(", ".join(doc.capabilities(run)) or "none")),
        ("Client", f"<code>{esc(run.get('client', '?'))}</code>"),
        ("Definitions", f"<code>{esc(run.get('definitions', '?'))}</code>"),
        ("Suite", f"{esc(run.get('suite_version', '?'))} "
                  f"<span class=\"muted\">({esc(run.get('suite_revision', '?'))})</span>"),
        ("Python", esc(run.get("python", "?"))),
        ("Started", esc(run.get("started", "?"))),
        ("Finished", esc(run.get("finished", "?")) + (f" <span class=\"muted\">({esc(doc.duration_text(run))})</span>"
                                                      if doc.duration_text(run) else "")),
    ]
    packages = run.get("packages")
    if isinstance(packages, dict) and packages:
        facts.append(("Packages", esc(", ".join(f"{name} {v}" for name, v in packages.items()))))
    for key, label in (("pools_created", "User pools"), ("service_calls", "Service calls")):
        if run.get(key) is not None:
            facts.append((label, esc(run[key])))
    if doc.expectations_text(run) is not None:
        facts.append(("Expectations", esc(doc.expectations_text(run))))
    rows = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in facts)
    verdict = doc.gate(document)
    return (
        '<header class="top">'
        f'<div class="verdict gate-{esc(verdict)}">{GATE_SYMBOLS[verdict]} {esc(doc.verdict_text(document))}</div>'
        '<div class="heading"><p class="eyebrow">Amplify Auth password management · conformance report</p>'
        f'<h1>{esc(doc.run_label(run))}</h1></div>{_run_error(document)}'
        f'<dl class="facts">{rows}</dl>{_expectation_notes(document)}</header>'
    )


def _run_error(document: dict[str, Any]) -> str:
    error = doc.run_error(document)
    if error is None:
        return ""
    part = f": {esc(error.part)}" if error.part else ""
    exit_code = f' <span class="muted">(exit code {error.exit_code})</span>' if error.exit_code is not None else ""
    return (f'<p class="verdict-reason"><strong>The run could not judge{part}.</strong> '
            f'{esc(error.message)}{exit_code}</p>')


def _expectation_notes(document: dict[str, Any]) -> str:
    notes = doc.expectation_notes(document)
    if not notes:
        return ""
    return ('<div class="expectation-notes"><p>Expectations entries that could not be checked:</p>'
            f'<ul>{"".join(f"<li>{esc(note)}</li>" for note in notes)}</ul></div>')


def _scores(document: dict[str, Any]) -> str:
    requirements = document["requirements"]
    if not requirements:
        return ('<section class="scores"><p class="empty-run">This run holds no requirements: nothing was selected '
                'or collected.</p></section>')
    cards = []
    for score in doc.scores(document):
        name = "All requirements" if score.level == "all" else doc.level_label(score.level)
        counts = "".join(f'<li>{badge(s)} <b>{n}</b></li>' for s, n in doc.ordered_counts(score.counts))
        cards.append(
            f'<div class="score-card score-{esc(score.level)}"><h2>{esc(name)}</h2>'
            f'<p class="score"><span class="big">{f"{score.percent}%" if score.scored else "–"}</span> '
            f'<span class="muted">{_score_words(score)}</span></p>'
            f'{status_bar(score.counts)}<ul class="counts">{counts}</ul></div>')
    items = doc.ordered_counts(doc.item_counts(requirements))
    item_line = ", ".join(f"{n} {esc(doc.status_of(s).label)}" for s, n in items) or "none"
    return (
        f'<section class="scores">{"".join(cards)}</section>'
        f'<p class="note">Test items (scenarios and Examples rows): {item_line}. Score: requirements that hold, out of '
        'those scored (not applicable and not run left out; an error, which the run could not judge, counts as not '
        'holding). MUST failures fail the gate; a SHOULD failure is a warning.</p>'
    )


def _score_words(score: doc.Score) -> str:
    if not score.scored:
        return "nothing the run could judge"
    return f"{score.conforming} of {score.scored} hold"


def _honesty(document: dict[str, Any]) -> str:
    never = doc.never_validated(document)
    total = len(document["requirements"])
    if not never:
        return ""
    return (
        '<aside class="honesty"><strong>Not validated against real Amazon Cognito.</strong> '
        f'{never} of {total} requirements have never been run against the real service; these results describe '
        f'target <code>{esc(doc.target_name(document["run"]))}</code>. Facts marked “observed responses” come from '
        'responses reported in public, not from runs of this suite.</aside>'
    )


def _claim(requirement: dict[str, Any] | None, requirement_id: str) -> str:
    if requirement is None:
        return (f'<div class="claim missing"><p><code>{esc(requirement_id)}</code></p>'
                '<p class="muted">This requirement is not in this run.</p></div>')
    return (
        f'<div class="claim {status_class(requirement["status"])}">'
        f'<p class="claim-head">{badge(requirement["status"])} '
        f'<a href="#{esc(requirement["id"])}"><code>{esc(requirement["id"])}</code></a> '
        f'{_level(requirement.get("level", ""))}</p>'
        f'<p class="claim-by">{_provenance(requirement.get("provenance"))}</p>'
        f'<p class="claim-statement">{esc(requirement.get("statement", ""))}</p>'
        f'<p class="claim-source">{esc(requirement.get("source", ""))}</p></div>'
    )


def _pair(left: dict[str, Any], right: dict[str, Any] | None, right_id: str) -> str:
    versus = '<div class="versus" aria-hidden="true">vs</div>'
    return f'<div class="pair">{_claim(left, left["id"])}{versus}{_claim(right, right_id)}</div>'


def _disagreements(document: dict[str, Any]) -> str:
    pairs = doc.disagreement_pairs(document)
    if not pairs:
        return ""
    return (
        f'<details class="disagreements"><summary><h2>Where the sources disagree: {len(pairs)} '
        f'pair{"s" if len(pairs) != 1 else ""} of claims</h2> <span class="muted">shown side by side</span></summary>'
        '<p class="note">Both claims are requirements, so the disagreement shows instead of being settled silently. '
        'A target that behaves like Amplify and Cognito holds the code’s side; the seed page’s claims that contradict '
        'the code are SHOULD requirements, reported as warnings.</p>'
        + "".join(_pair(*pair) for pair in pairs) + "</details>"
    )


def _toolbar(document: dict[str, Any], specification: Specification) -> str:
    requirements = document["requirements"]
    if not requirements:
        return ""
    chips = "".join(
        f'<button type="button" class="chip {status_class(s)}" data-filter-status="{esc(s)}" aria-pressed="true">'
        f'{esc(doc.status_of(s).symbol)} {esc(doc.status_of(s).label)} <b>{n}</b></button>'
        for s, n in doc.ordered_counts(doc.requirement_counts(requirements)))
    features: dict[str, int] = {}
    for requirement in requirements:
        for feature in _features(requirement, specification):
            features[feature] = features.get(feature, 0) + 1
    options = "".join(
        f'<option value="{esc(f)}">{esc(specification.feature_titles.get(f, f))} ({n})</option>'
        for f, n in features.items() if f)
    return (
        '<nav class="toolbar js-only" aria-label="Filters">'
        f'<div class="chips" role="group" aria-label="Status">{chips}'
        '<button type="button" class="link" id="only-attention">failures only</button>'
        '<button type="button" class="link" id="all-statuses">all</button></div>'
        '<div class="selectors"><label>Feature <select id="filter-feature">'
        f'<option value="">all features</option>{options}</select></label>'
        '<label>Find <input id="filter-text" type="search" placeholder="ID or words" autocomplete="off"></label>'
        '<button type="button" class="link" id="expand-all">expand all</button>'
        '<button type="button" class="link" id="collapse-all">collapse all</button>'
        f'<span class="shown" id="shown" aria-live="polite">{len(requirements)} of {len(requirements)}</span>'
        '</div></nav>'
    )


# --- the requirements ------------------------------------------------------------------------------

def _features(requirement: dict[str, Any], specification: Specification) -> list[str]:
    found = doc.features_of(requirement)
    return found or list(dict.fromkeys(s.feature for s in specification.of_requirement(requirement["id"])))


def _requirements(document: dict[str, Any], specification: Specification) -> str:
    groups: dict[str, list[dict[str, Any]]] = {}
    for requirement in document["requirements"]:
        groups.setdefault(next(iter(_features(requirement, specification)), ""), []).append(requirement)
    by_id = {r["id"]: r for r in document["requirements"]}
    sections = []
    # Failures first: the feature holding the worst requirement comes first, then the catalogue's order.
    worst_first = sorted(groups.items(), key=lambda pair: min(doc.status_rank(r["status"]) for r in pair[1]))
    for feature, group in worst_first:
        title = specification.feature_titles.get(feature, feature) if feature else "Requirements without a scenario"
        cards = "".join(_requirement(r, specification, by_id)
                        for r in sorted(group, key=lambda r: doc.status_rank(r["status"])))
        counts = doc.requirement_counts(group)
        sections.append(
            f'<section class="feature-group" data-feature="{esc(feature)}"><h2>{esc(title)} '
            f'{f"<small><code>{esc(feature)}</code></small>" if feature and title != feature else ""}</h2>'
            f'{status_bar(counts)}{cards}</section>')
    empty = '<p class="nothing-shown" id="nothing-shown" hidden>No requirement matches these filters.</p>'
    return f'<main id="requirements">{"".join(sections)}{empty}</main>'


def _level(level: str) -> str:
    return f'<span class="level level-{esc(level or "none")}">{esc(doc.level_label(level))}</span>'


def _provenance(provenance: Any) -> str:
    names = provenance if isinstance(provenance, list) else []
    return "".join(f'<span class="prov prov-{esc(p)}">{esc(doc.PROVENANCES.get(str(p), p))}</span>' for p in names) \
        or '<span class="muted">no provenance</span>'


def _requirement(requirement: dict[str, Any], specification: Specification, by_id: dict[str, Any]) -> str:
    status = requirement["status"]
    features = _features(requirement, specification)
    search = " ".join([requirement["id"], str(requirement.get("statement", "")),
                       *(str(i.get("scenario", "")) for i in requirement.get("items", []))]).lower()
    opened = " open" if doc.status_of(status).attention else ""
    level = str(requirement.get("level", ""))
    level_meaning = {"must": " — a failure fails the gate", "should": " — a failure is reported as a warning"}
    meta = (
        f'<dt>Level</dt><dd>{_level(level)}{esc(level_meaning.get(level, ""))}</dd>'
        f'<dt>Provenance</dt><dd>{_provenance(requirement.get("provenance"))}</dd>'
        f'<dt>Source</dt><dd>{esc(requirement.get("source", "")) or "<span class=muted>none given</span>"}</dd>'
        f'<dt>Real Cognito</dt><dd>{esc(doc.validation_text(requirement.get("validated_against_cognito")))}</dd>'
    )
    disagreement = ""
    if requirement.get("disagrees"):
        pairs = "".join(_pair(requirement, by_id.get(other), other) for other in requirement["disagrees"])
        disagreement = f'<div class="disagreement"><h3>The sources disagree</h3>{pairs}</div>'
    return (
        f'<details class="req {status_class(status)}" id="{esc(requirement["id"])}" data-status="{esc(status)}" '
        f'data-features="{esc("|".join(features))}" data-search="{esc(search)}"{opened}>'
        f'<summary>{badge(status)}<code class="rid">{esc(requirement["id"])}</code>{_level(level)}'
        f'<span class="summary-statement">{esc(requirement.get("statement", ""))}</span></summary>'
        f'<div class="req-body"><p class="statement">{esc(requirement.get("statement", ""))}</p>'
        f'<dl class="meta">{meta}</dl>{disagreement}{_scenarios(requirement, specification)}</div></details>'
    )


def _scenarios(requirement: dict[str, Any], specification: Specification) -> str:
    items = requirement.get("items", [])
    pairs = doc.scenarios_of(requirement) or [
        (s.feature, s.name) for s in specification.of_requirement(requirement["id"])]
    if not pairs:
        return '<p class="muted">No scenario of this requirement ran, and no feature file names it.</p>'
    blocks = []
    for feature, name in pairs:
        scenario = specification.scenario(feature, name)
        of_scenario = [i for i in items if (i.get("feature") or "", i.get("scenario") or "") == (feature, name)]
        counts: dict[str, int] = {}
        for item in of_scenario:
            counts[item.get("status", "?")] = counts.get(item.get("status", "?"), 0) + 1
        worst = doc.ordered_counts(counts)[0][0] if counts else "not_run"
        blocks.append(
            f'<div class="scenario"><h3>{badge(worst)} {esc(name)} <small><code>{esc(feature)}</code></small></h3>'
            f'{_gherkin(scenario)}{_items(of_scenario)}</div>')
    return "".join(blocks)


def _gherkin(scenario: ScenarioText | None) -> str:
    if scenario is None:
        return '<p class="muted">The Gherkin of this scenario was not found in the features folder.</p>'
    background = ""
    if scenario.background:
        background = (f'<pre class="gherkin background" aria-label="Background">'
                      f'{highlight_gherkin(scenario.background)}</pre>')
    return f'{background}<pre class="gherkin">{highlight_gherkin(scenario.text)}</pre>'


def highlight_gherkin(text: str) -> str:
    """Gherkin as HTML with keywords, tags, parameters, strings and tables marked; all text escaped."""
    return "\n".join(_highlight_line(line) for line in text.splitlines())


def _highlight_line(line: str) -> str:
    stripped = line.strip()
    indent = esc(line[: len(line) - len(line.lstrip())])
    if stripped.startswith("#"):
        return f'{indent}<span class="g-comment">{esc(stripped)}</span>'
    if stripped.startswith("@"):
        return indent + " ".join(f'<span class="g-tag">{esc(tag)}</span>' for tag in stripped.split())
    if stripped.startswith("|"):
        cells = stripped.split("|")
        return indent + '<span class="g-pipe">|</span>'.join(_inline(cell) for cell in cells)
    match = _KEYWORD_LINE.fullmatch(line)
    if match:
        space, keyword, colon, rest = match.groups()
        return (f'{esc(space)}<span class="g-keyword">{esc(keyword)}{colon}</span>'
                f'<span class="g-name">{_inline(rest)}</span>')
    match = _STEP_LINE.fullmatch(line)
    if match:
        space, keyword, rest = match.groups()
        return f'{esc(space)}<span class="g-step">{esc(keyword)}</span>{_inline(rest)}'
    return esc(line)


def _inline(text: str) -> str:
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(esc(text[last:match.start()]))
        css = "g-param" if match.group(1) else "g-string"
        out.append(f'<span class="{css}">{esc(match.group(0))}</span>')
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _items(items: list[dict[str, Any]]) -> str:
    if not items:
        return '<p class="muted">Not run in this run.</p>'
    columns = list(dict.fromkeys(key for item in items for key in (item.get("example") or {})))
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = "".join(_item_rows(item, columns) for item in items)
    return (f'<table class="items"><thead><tr>{head}<th>status</th><th class="num">time</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def _item_rows(item: dict[str, Any], columns: list[str]) -> str:
    example = item.get("example") if isinstance(item.get("example"), dict) else {}
    status = str(item.get("status", "?"))
    cells = "".join(f"<td>{esc(example.get(c, ''))}</td>" for c in columns)
    duration = item.get("duration")
    duration_text = f"{float(duration) * 1000:.1f} ms" if isinstance(duration, (int, float)) else ""
    row = (f'<tr class="{status_class(status)}">{cells}<td>{badge(status)}</td>'
           f'<td class="num">{esc(duration_text)}</td></tr>')
    message = f'<pre class="message">{esc(item["message"])}</pre>' if item.get("message") else ""
    traceback = ""
    if item.get("traceback"):
        traceback = (f'<details class="traceback"><summary>traceback</summary>'
                     f'<pre>{esc(item["traceback"])}</pre></details>')
    if not message and not traceback:
        return row
    # The message, and the traceback folded under it, get the table's full width, under the item's row.
    return (f'{row}<tr class="message-row {status_class(status)}"><td colspan="{len(columns) + 2}">'
            f'{message}{traceback}</td></tr>')


def _footer(document: dict[str, Any], specification: Specification) -> str:
    unreadable = ""
    if specification.unreadable:
        unreadable = f" Feature files that could not be read: {esc(', '.join(specification.unreadable))}."
    return (
        f'<footer>Results document schema {esc(document.get("schema", ""))} '
        f'version {esc(document.get("schema_version", ""))}. '
        f'This page is self-contained and makes no network requests.{unreadable}</footer>'
    )
