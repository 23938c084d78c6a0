"""The requirements catalogue and its agreement with the features.

``requirements.toml`` states each requirement once: what it demands, where the demand comes from,
and how much it matters. The features carry the same facts as tags. ``check`` lists every way the
two disagree, so neither can drift from the other.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_bdd.feature import get_features

from targets.contract import KNOWN_CAPABILITIES

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "features" / "requirements.toml"
FEATURES_PATH = Path(__file__).resolve().parent.parent / "features"

LEVELS = ("must", "should")
SCOPES = ("service", "client", "definitions")
PROVENANCES = ("seed", "amplify_src", "aws_doc", "observed")
# The versions of the Manage passwords page a seed requirement may quote, by the date the page names.
SEED_VERSIONS = {
    "2024-05-01": "the page as updated on 1 May 2024",
    "2024-10-14": "as changed by aws-amplify/docs#8034",
}
REQUIREMENT_PREFIX = "req_"
NEEDS_PREFIX = "needs_"
# An impact is one sentence for an app developer: what goes wrong for an app or its users when an
# implementation fails the requirement.
IMPACT_MAX_LENGTH = 300
_SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]*\s+[A-Z]")


@dataclass(frozen=True)
class Requirement:
    id: str
    statement: str
    level: str
    provenance: tuple[str, ...]
    source: str
    disagrees: tuple[str, ...] = ()
    scope: str = "service"
    seed_version: str | None = None  # the version of the seed page a seed requirement quotes
    impact: str | None = None  # one sentence: what goes wrong for an app when an implementation fails it


@dataclass
class ScenarioTags:
    """The tags of one scenario as written in a feature file."""

    feature: str
    name: str
    tags: set[str]
    example_tags: set[str] = field(default_factory=set)
    example_rows: list[dict[str, str]] = field(default_factory=list)  # each Examples row: column -> cell


class CatalogueError(ValueError):
    """The catalogue file cannot be read."""


def load_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, Requirement]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"cannot read the requirements catalogue {path}: {error}") from error
    catalogue = {}
    for req_id, entry in raw.items():
        try:
            catalogue[req_id] = Requirement(
                id=req_id,
                statement=entry["statement"],
                level=entry["level"],
                provenance=tuple(entry["provenance"]),
                source=entry["source"],
                disagrees=tuple(entry.get("disagrees", ())),
                scope=entry.get("scope", "service"),
                seed_version=entry.get("seed_version"),
                impact=entry.get("impact"),
            )
        except (KeyError, TypeError) as error:
            raise CatalogueError(f"requirement {req_id} in {path} lacks {error}") from error
    return catalogue


def read_scenarios(features: Path = FEATURES_PATH) -> list[ScenarioTags]:
    scenarios = []
    for feature in get_features([str(features)]):
        for scenario in feature.scenarios.values():
            example_tags = set().union(*(ex.tags for ex in scenario.examples)) if scenario.examples else set()
            scenarios.append(
                ScenarioTags(
                    feature=Path(feature.filename).name,
                    name=scenario.name,
                    tags=set(scenario.tags) | set(feature.tags),
                    example_tags=example_tags,
                    example_rows=[dict(row) for examples in scenario.examples for row in examples.as_contexts()],
                )
            )
    return scenarios


def impact_faults(impact: object) -> list[str]:
    """Why an impact is not one plain sentence, as phrases; empty when it is one."""
    if not isinstance(impact, str):
        return [f"it is {type(impact).__name__}, not text"]
    if not impact.strip():
        return ["it is empty"]
    faults = []
    if "\n" in impact or "\r" in impact:
        faults.append("it has a line break")
    if not impact.rstrip().endswith("."):
        faults.append("it does not end with a period")
    if len(impact) > IMPACT_MAX_LENGTH:
        faults.append(f"it is {len(impact)} characters long, more than {IMPACT_MAX_LENGTH}")
    if _SENTENCE_BREAK.search(impact.strip()):
        faults.append("it holds more than one sentence")
    return faults


def check(catalogue: dict[str, Requirement], scenarios: list[ScenarioTags]) -> list[str]:
    """Every disagreement between the catalogue and the scenarios, as sentences; empty when none."""
    problems = []
    for req in catalogue.values():
        if not req.id.startswith(REQUIREMENT_PREFIX) or not req.id.isidentifier():
            problems.append(f"requirement ID {req.id!r} must be an identifier starting with {REQUIREMENT_PREFIX!r}")
        if req.scope not in SCOPES:
            problems.append(f"{req.id}: scope {req.scope!r} is not one of {SCOPES}")
        if req.level not in LEVELS:
            problems.append(f"{req.id}: level {req.level!r} is not one of {LEVELS}")
        for origin in req.provenance:
            if origin not in PROVENANCES:
                problems.append(f"{req.id}: provenance {origin!r} is not one of {PROVENANCES}")
        if not req.provenance:
            problems.append(f"{req.id}: names no provenance")
        if "seed" in req.provenance and req.seed_version not in SEED_VERSIONS:
            problems.append(f"{req.id}: quotes the seed page, so it needs a seed_version, one of {sorted(SEED_VERSIONS)}; "
                            f"has {req.seed_version!r}")
        if "seed" not in req.provenance and req.seed_version is not None:
            problems.append(f"{req.id}: has a seed_version but does not quote the seed page")
        for other in req.disagrees:
            if other not in catalogue:
                problems.append(f"{req.id}: disagrees with unknown requirement {other}")
        if req.impact is not None:
            faults = impact_faults(req.impact)
            if faults:
                problems.append(f"{req.id}: its impact must be one sentence ending with a period, without line breaks, "
                                f"of at most {IMPACT_MAX_LENGTH} characters, but {' and '.join(faults)}")
    without_impact = [req.id for req in catalogue.values() if req.level == "must" and req.impact is None]
    if without_impact:
        lack = "lacks" if len(without_impact) == 1 else "lack"
        problems.append(f"every MUST requirement needs an impact (one sentence on what goes wrong for an app when an "
                        f"implementation fails it), and {len(without_impact)} {lack} one: {', '.join(without_impact)}")
    covered = set()
    for scenario in scenarios:
        where = f"{scenario.feature}: scenario {scenario.name!r}"
        ids = sorted(t for t in scenario.tags if t.startswith(REQUIREMENT_PREFIX))
        levels = sorted(t for t in scenario.tags if t in LEVELS)
        origins = {t for t in scenario.tags if t in PROVENANCES}
        unknown = sorted(
            t for t in scenario.tags | scenario.example_tags
            if not (t.startswith(REQUIREMENT_PREFIX) or t in LEVELS or t in PROVENANCES
                    or (t.startswith(NEEDS_PREFIX) and t[len(NEEDS_PREFIX):] in KNOWN_CAPABILITIES))
        )
        if unknown:
            problems.append(f"{where} has unknown tag(s) {', '.join('@' + t for t in unknown)}")
        if len(ids) != 1:
            problems.append(f"{where} must carry exactly one requirement tag, has {ids or 'none'}")
            continue
        req_id = ids[0]
        covered.add(req_id)
        req = catalogue.get(req_id)
        if req is None:
            problems.append(f"{where} names @{req_id}, which is not in the catalogue")
            continue
        if levels != [req.level]:
            problems.append(f"{where} must carry the level @{req.level} of {req_id}, has {levels or 'none'}")
        if origins != set(req.provenance):
            problems.append(
                f"{where} must carry the provenance {sorted(req.provenance)} of {req_id}, has {sorted(origins)}"
            )
    for req_id in sorted(set(catalogue) - covered):
        problems.append(f"{req_id} has no scenario")
    return problems


def requirement_of(item: pytest.Item) -> str | None:
    """The requirement a test item demonstrates: its scenario's ``req_`` tag (the one place tags are read)."""
    for mark in item.iter_markers():
        if mark.name.startswith(REQUIREMENT_PREFIX):
            return mark.name
    return None
