"""Renders the requirements catalogue, with the scenarios that test each requirement, as Markdown.

    python -m conformance.commands.catalogue_page > features/REQUIREMENTS.md
"""
from __future__ import annotations

import sys
from collections import defaultdict

from conformance.catalogue import (
    PROVENANCES,
    REQUIREMENT_PREFIX,
    SEED_VERSIONS,
    Requirement,
    ScenarioTags,
    load_catalogue,
    read_scenarios,
)

_PROVENANCE_NAMES = {
    "seed": "the Manage passwords page",
    "amplify_src": "Amplify's source",
    "aws_doc": "Cognito's documentation",
    "observed": "observed service responses",
}


_SCOPE_NAMES = {
    "client": "the Amplify client's own behaviour (a target cannot fail it)",
    "definitions": "how definitions are checked and mapped (a target cannot fail it)",
}


def _provenance_name(provenance: str, req: Requirement) -> str:
    if provenance == "seed" and req.seed_version:
        return f"{_PROVENANCE_NAMES[provenance]} (version of {req.seed_version})"
    return _PROVENANCE_NAMES[provenance]


def render(catalogue: dict[str, Requirement], scenarios: list[ScenarioTags]) -> str:
    by_requirement: dict[str, list[ScenarioTags]] = defaultdict(list)
    for scenario in scenarios:
        for tag in scenario.tags:
            if tag.startswith(REQUIREMENT_PREFIX):
                by_requirement[tag].append(scenario)
    levels = {level: sum(r.level == level for r in catalogue.values()) for level in ("must", "should")}
    scoped = {scope: sum(r.scope == scope for r in catalogue.values()) for scope in ("service", "client", "definitions")}
    origins = {p: sum(p in r.provenance for r in catalogue.values()) for p in PROVENANCES}
    versions = {v: sum(r.seed_version == v for r in catalogue.values()) for v in SEED_VERSIONS}
    impacts = {level: sum(r.level == level and bool(r.impact) for r in catalogue.values()) for level in ("must", "should")}
    lines = [
        "# Requirements",
        "",
        "Generated from `features/requirements.toml` and `features/` by "
        "`python -m conformance.commands.catalogue_page`; a test fails when this page is out of date.",
        "",
        f"{len(catalogue)} requirements: {levels['must']} MUST, {levels['should']} SHOULD. "
        + "By provenance: " + ", ".join(f"{_PROVENANCE_NAMES[p]} {n}" for p, n in origins.items()) + ". "
        + f"By scope: {scoped['service']} about the service, {scoped['client']} about the Amplify client, "
        f"{scoped['definitions']} about backend definitions.",
        "",
        "Seed requirements quote one of two versions of the Manage passwords page: "
        + ", ".join(f"{n} the version of {v} ({SEED_VERSIONS[v]})" for v, n in versions.items()) + ".",
        "",
        "A MUST failure fails the gate; a SHOULD failure is reported as a warning. Where the seed page and "
        "Amplify's code disagree, both claims are requirements, linked under *Disagrees with*.",
        "",
        "*Impact* says, for an app developer, what goes wrong for an app or its users when an implementation fails "
        f"the requirement; {impacts['must']} of the {levels['must']} MUSTs and {impacts['should']} of the "
        f"{levels['should']} SHOULDs have one.",
        "",
    ]
    features: dict[str, list[str]] = defaultdict(list)
    for req_id in catalogue:
        found = by_requirement.get(req_id, [])
        features[found[0].feature if found else "(no scenario)"].append(req_id)
    for feature, req_ids in features.items():
        lines += [f"## {feature}", ""]
        for req_id in req_ids:
            req = catalogue[req_id]
            lines += [
                f"### `{req_id}` ({req.level.upper()})",
                "",
                req.statement,
                "",
            ]
            if req.impact:
                lines.append(f"- Impact: {req.impact}")
            lines.append(f"- Provenance: {', '.join(_provenance_name(p, req) for p in req.provenance)}. {req.source}")
            if req.scope != "service":
                lines.append(f"- Scope: {_SCOPE_NAMES[req.scope]}")
            if req.disagrees:
                lines.append(f"- Disagrees with: {', '.join(f'`{other}`' for other in req.disagrees)}")
            for scenario in by_requirement.get(req_id, []):
                lines.append(f"- Scenario: [{scenario.name}]({scenario.feature})")
            lines.append("")
    return "\n".join(lines)


def main() -> int:
    sys.stdout.write(render(load_catalogue(), read_scenarios()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
