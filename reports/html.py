"""The single-file HTML report of one run: filters by status and feature, every requirement with its
statement, provenance, source, Gherkin and messages, and the seed-versus-code disagreements side by side.

This module decides what the page holds and in which order; ``templates/report.html.j2`` says how it
looks, with every value escaped by the template engine.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from reports import document as doc
from reports.gherkin import ScenarioText, Specification, specification_of
from reports.page import render_page


@dataclass(frozen=True)
class ScenarioBlock:
    """One scenario of a requirement: its Gherkin (None when the document does not carry it) and its items."""

    feature: str
    name: str
    text: ScenarioText | None
    items: list[dict[str, Any]]
    worst: str  # the worst status of its items; not_run when none ran
    columns: list[str]  # the Examples columns of its items


@dataclass(frozen=True)
class RequirementCard:
    requirement: dict[str, Any]
    features: list[str]
    search: str  # the lower-case words the page's text filter looks in
    opened: bool  # shown unfolded: someone has to look at it
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None, str]]  # the disagreements it takes part in
    scenarios: list[ScenarioBlock]


@dataclass(frozen=True)
class FeatureGroup:
    feature: str  # empty for requirements without a scenario
    title: str
    counts: dict[str, int]
    cards: list[RequirementCard]


@dataclass(frozen=True)
class ScopeGroup:
    """The requirements of one scope (service, client or definitions), by feature."""

    scope: str
    title: str
    meaning: str
    counts: dict[str, int]
    must: doc.Score  # the score of its MUST requirements
    groups: list[FeatureGroup]


@dataclass(frozen=True)
class FeatureRow:
    feature: str
    title: str
    counts: dict[str, int]


# What each scope of requirement is about, in the order the page shows them.
SCOPES = {
    "service": ("The service's requirements", "what the target (the user pool service) does; a target can fail them"),
    "client": ("The client's requirements", "the Amplify client's own behaviour: validation before any request, "
                                            "output shapes"),
    "definitions": ("The definitions' requirements", "how a backend definition is checked and turned into a user "
                                                     "pool"),
}
# The per-feature table always has these columns; other statuses get one only where a run has them.
FEATURE_COLUMNS = ("passed", "failed", "warning", "expected_failure", "not_applicable")
CONSEQUENTIAL = ("failed", "expected_failure")  # a MUST in one of these shows what it means for an app
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}'\""


def render_report(document: dict[str, Any]) -> str:
    """The page for one results document, with the Gherkin and the words it carries."""
    specification, words = specification_of(document), doc.vocabulary(document)
    run = document["run"]
    verdict = doc.gate(document)
    scopes = _scopes(document, specification, words)
    return render_page(
        "report.html.j2", "report.js",
        title=f"Conformance {verdict}: {doc.run_title(run)}",
        document=document,
        run=run,
        requirements=document["requirements"],
        pairs=doc.disagreement_pairs(document),
        feature_options=_feature_options(document, specification),
        feature_rows=feature_rows(document, specification),
        feature_columns=feature_columns(document, words),
        scopes=scopes,
        groups=[group for scope in scopes for group in scope.groups],
        consequences=consequences(document, words),
        shows_impact=shows_impact,
        linked=linked,
        scope_title=scope_title,
        unreadable=specification.unreadable,
        words=words,
    )


def shows_impact(requirement: dict[str, Any]) -> bool:
    """Whether the page states what the requirement's failure means for an app: a failed or expected-failure MUST."""
    return requirement.get("level") == "must" and requirement.get("status") in CONSEQUENTIAL


def consequences(document: dict[str, Any], words: doc.Vocabulary) -> list[dict[str, Any]]:
    """The failed and expected-failure MUST requirements, service first, worst first."""
    order = list(SCOPES)
    chosen = [r for r in document["requirements"] if shows_impact(r)]
    return sorted(chosen, key=lambda r: (order.index(r.get("scope", "service")) if r.get("scope", "service") in order
                                         else len(order), words.rank(r["status"])))


def scope_of(requirement: dict[str, Any]) -> str:
    return str(requirement.get("scope") or "service")


def scope_title(scope: str) -> str:
    return SCOPES.get(scope, (f"Requirements of scope {scope}", ""))[0]


def feature_columns(document: dict[str, Any], words: doc.Vocabulary) -> list[str]:
    """The statuses the per-feature table counts: the usual five, and any other a requirement of the run has."""
    present = set(doc.requirement_counts(document["requirements"]))
    return sorted(set(FEATURE_COLUMNS) | present, key=words.rank)


def feature_rows(document: dict[str, Any], specification: Specification) -> list[FeatureRow]:
    """Requirement counts by status for each feature file (a requirement counts under its first feature)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for requirement in document["requirements"]:
        grouped.setdefault(next(iter(_features(requirement, specification)), ""), []).append(requirement)
    return [FeatureRow(feature, specification.feature_titles.get(feature, feature) if feature
                       else "Requirements without a scenario", doc.requirement_counts(group))
            for feature, group in grouped.items()]


def linked(source: Any) -> Markup:
    """A source text, escaped, with each http(s) address in it a link that opens without an opener."""
    text = str(source or "")
    parts, last = [], 0
    for match in _URL.finditer(text):
        address = match.group(0).rstrip(_TRAILING)
        end = match.start() + len(address)
        parts.append(escape(text[last:match.start()]))
        parts.append(Markup('<a href="{0}" rel="noopener noreferrer" target="_blank">{0}</a>').format(address))
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _scopes(document: dict[str, Any], specification: Specification, words: doc.Vocabulary) -> list[ScopeGroup]:
    """The requirements split by scope, the service's first, each scope's by feature."""
    by_scope: dict[str, list[dict[str, Any]]] = {scope: [] for scope in SCOPES}
    for requirement in document["requirements"]:
        by_scope.setdefault(scope_of(requirement), []).append(requirement)
    return [
        ScopeGroup(scope, scope_title(scope), SCOPES.get(scope, ("", ""))[1], doc.requirement_counts(chosen),
                   doc.score(chosen, words, "must"), _groups({**document, "requirements": chosen}, specification, words, document["requirements"]))
        for scope, chosen in by_scope.items() if chosen
    ]


def _features(requirement: dict[str, Any], specification: Specification) -> list[str]:
    found = doc.features_of(requirement)
    return found or list(dict.fromkeys(s.feature for s in specification.of_requirement(requirement["id"])))


def _feature_options(document: dict[str, Any], specification: Specification) -> list[tuple[str, str, int]]:
    """(feature, title, requirements) for the feature filter, in order of first appearance."""
    counted: dict[str, int] = {}
    for requirement in document["requirements"]:
        for feature in _features(requirement, specification):
            counted[feature] = counted.get(feature, 0) + 1
    return [(f, specification.feature_titles.get(f, f), n) for f, n in counted.items() if f]


def _groups(document: dict[str, Any], specification: Specification, words: doc.Vocabulary,
            every: list[dict[str, Any]]) -> list[FeatureGroup]:
    """Requirements by their first feature; the feature holding the worst requirement first, worst cards first."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for requirement in document["requirements"]:
        grouped.setdefault(next(iter(_features(requirement, specification)), ""), []).append(requirement)
    by_id = {r["id"]: r for r in every}
    worst_first = sorted(grouped.items(), key=lambda pair: min(words.rank(r["status"]) for r in pair[1]))
    return [
        FeatureGroup(
            feature=feature,
            title=specification.feature_titles.get(feature, feature) if feature else "Requirements without a scenario",
            counts=doc.requirement_counts(group),
            cards=[_card(r, specification, by_id, words) for r in sorted(group, key=lambda r: words.rank(r["status"]))],
        )
        for feature, group in worst_first
    ]


def _card(requirement: dict[str, Any], specification: Specification, by_id: dict[str, Any],
          words: doc.Vocabulary) -> RequirementCard:
    search = " ".join([requirement["id"], str(requirement.get("statement", "")),
                       *(str(i.get("scenario", "")) for i in requirement.get("items", []))]).lower()
    return RequirementCard(
        requirement=requirement,
        features=_features(requirement, specification),
        search=search,
        opened=words.status(requirement["status"]).attention,
        pairs=[(requirement, by_id.get(other), other) for other in requirement.get("disagrees") or []],
        scenarios=_scenarios(requirement, specification, words),
    )


def _scenarios(requirement: dict[str, Any], specification: Specification,
               words: doc.Vocabulary) -> list[ScenarioBlock]:
    items = requirement.get("items", [])
    pairs = doc.scenarios_of(requirement) or [
        (s.feature, s.name) for s in specification.of_requirement(requirement["id"])]
    blocks = []
    for feature, name in pairs:
        of_scenario = [i for i in items if (i.get("feature") or "", i.get("scenario") or "") == (feature, name)]
        counts: dict[str, int] = {}
        for item in of_scenario:
            counts[item.get("status", "?")] = counts.get(item.get("status", "?"), 0) + 1
        blocks.append(ScenarioBlock(
            feature=feature,
            name=name,
            text=specification.scenario(feature, name),
            items=of_scenario,
            worst=words.ordered_counts(counts)[0][0] if counts else "not_run",
            columns=list(dict.fromkeys(key for item in of_scenario for key in (item.get("example") or {}))),
        ))
    return blocks
