"""The single-file HTML report of one run: filters by status and feature, every requirement with its
statement, provenance, source, Gherkin and messages, and the seed-versus-code disagreements side by side.

This module decides what the page holds and in which order; ``templates/report.html.j2`` says how it
looks, with every value escaped by the template engine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def render_report(document: dict[str, Any]) -> str:
    """The page for one results document, with the Gherkin and the words it carries."""
    specification, words = specification_of(document), doc.vocabulary(document)
    run = document["run"]
    verdict = doc.gate(document)
    return render_page(
        "report.html.j2", "report.js",
        title=f"Conformance {verdict}: {doc.run_label(run)}",
        document=document,
        run=run,
        requirements=document["requirements"],
        pairs=doc.disagreement_pairs(document),
        feature_options=_feature_options(document, specification),
        groups=_groups(document, specification, words),
        unreadable=specification.unreadable,
        words=words,
    )


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


def _groups(document: dict[str, Any], specification: Specification, words: doc.Vocabulary) -> list[FeatureGroup]:
    """Requirements by their first feature; the feature holding the worst requirement first, worst cards first."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for requirement in document["requirements"]:
        grouped.setdefault(next(iter(_features(requirement, specification)), ""), []).append(requirement)
    by_id = {r["id"]: r for r in document["requirements"]}
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
