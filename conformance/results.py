"""The machine-readable result of a run: one record per requirement, with its scenarios.

The document's schema is described in ``reports/SCHEMA.md``; bump ``SCHEMA_VERSION`` on any change
that could break a reader.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from conformance.catalogue import Requirement

SCHEMA = "amplify-password-conformance/results"
SCHEMA_VERSION = 1

PASSED = "passed"
FAILED = "failed"
WARNING = "warning"  # a SHOULD-level requirement failed
EXPECTED_FAILURE = "expected_failure"  # failed as the target's expectations file says it does
UNEXPECTED_PASS = "unexpected_pass"  # passed although the expectations file says it fails
NOT_APPLICABLE = "not_applicable"
NOT_RUN = "not_run"
ITEM_STATUSES = (PASSED, FAILED, WARNING, EXPECTED_FAILURE, UNEXPECTED_PASS, NOT_APPLICABLE)
GATE_FAILING = (FAILED, UNEXPECTED_PASS)

# Worst first: a requirement takes the worst status of its items.
_SEVERITY = [FAILED, UNEXPECTED_PASS, WARNING, EXPECTED_FAILURE, PASSED, NOT_APPLICABLE]


@dataclass
class ItemResult:
    """One test item: a scenario, or one Examples row of a scenario outline."""

    requirement: str
    feature: str
    scenario: str
    nodeid: str
    example: dict[str, str] = field(default_factory=dict)
    example_id: str | None = None  # the Examples row's test ID, as expectations name it
    status: str = PASSED
    message: str = ""
    duration: float = 0.0


def requirement_status(items: list[ItemResult]) -> str:
    if not items:
        return NOT_RUN
    statuses = {item.status for item in items}
    if statuses == {NOT_APPLICABLE}:
        return NOT_APPLICABLE
    return next(status for status in _SEVERITY if status in statuses)


def build_document(run: dict[str, Any], catalogue: dict[str, Requirement], items: list[ItemResult]) -> dict[str, Any]:
    by_requirement: dict[str, list[ItemResult]] = {req_id: [] for req_id in catalogue}
    for item in items:
        by_requirement.setdefault(item.requirement, []).append(item)
    requirements = []
    for req_id, req_items in by_requirement.items():
        req = catalogue.get(req_id)
        requirements.append({
            "id": req_id,
            "statement": req.statement if req else "",
            "level": req.level if req else "",
            "provenance": list(req.provenance) if req else [],
            "source": req.source if req else "",
            "disagrees": list(req.disagrees) if req else [],
            "scope": req.scope if req else "service",
            "validated_against_cognito": None,
            "status": requirement_status(req_items),
            "items": [asdict(item) for item in req_items],
        })
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "run": run,
        "summary": summarize(requirements, items),
        "requirements": requirements,
    }


def summarize(requirements: list[dict[str, Any]], items: list[ItemResult]) -> dict[str, Any]:
    def count(statuses: list[str]) -> dict[str, int]:
        return {status: statuses.count(status) for status in dict.fromkeys(statuses)}

    by_level = {}
    for level in ("must", "should"):
        of_level = [r["status"] for r in requirements if r["level"] == level]
        by_level[level] = count(of_level)
    return {
        "requirements": count([r["status"] for r in requirements]),
        "service_requirements": count([r["status"] for r in requirements if r.get("scope", "service") == "service"]),
        "requirements_by_level": by_level,
        "items": count([item.status for item in items]),
        "gate": "fail" if any(r["status"] in GATE_FAILING for r in requirements) else "pass",
    }


def write_document(document: dict[str, Any], path: Path) -> None:
    """Write atomically: a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, indent=2, ensure_ascii=False)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
