"""The machine-readable result of a run: one record per requirement, with its scenarios.

The document stands alone: it carries the Gherkin of every scenario the run read and the words for
its statuses, levels and provenances (``VOCABULARY``, written here once), so that reports need
nothing else. Its schema is ``reports/schemas/results-3.schema.json`` (JSON Schema, named by
``SCHEMA_ID`` in the document's ``"$schema"``), described for people in ``reports/SCHEMA.md``; bump
``SCHEMA_VERSION``, and publish a new schema file, on any change that could break a reader.
"""
from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from conformance.catalogue import LEVELS, PROVENANCES, Requirement
from localhost.files import write_atomically

SCHEMA = "amplify-password-conformance/results"
SCHEMA_VERSION = 3
SCHEMA_ID = "urn:amplify-password-conformance:schemas:results-3.schema.json"

PASSED = "passed"
FAILED = "failed"
WARNING = "warning"  # a SHOULD-level requirement failed
EXPECTED_FAILURE = "expected_failure"  # failed as the target's expectations file says it does
UNEXPECTED_PASS = "unexpected_pass"  # passed although the expectations file says it fails
NOT_APPLICABLE = "not_applicable"
ERROR = "error"  # the run could not judge the item: something other than the target broke
NOT_RUN = "not_run"  # selected, but its scenario never ran to the end (the run stopped first)
GATE_FAILING = (FAILED, UNEXPECTED_PASS)

# The words of every status, level and provenance, as reports show them; every document carries them.
# Statuses worst first, the order in which reports list them. conforms: the target behaves as the
# requirement says; attention: listed first, someone has to look at it; scored: counted in a score.
STATUS_WORDS = (
    {"name": FAILED, "label": "failed", "symbol": "✗", "conforms": False, "attention": True, "scored": True},
    {"name": UNEXPECTED_PASS, "label": "unexpected pass", "symbol": "!", "conforms": True, "attention": True,
     "scored": True},
    {"name": ERROR, "label": "error", "symbol": "⊘", "conforms": False, "attention": True, "scored": True},
    {"name": WARNING, "label": "warning", "symbol": "⚠", "conforms": False, "attention": True, "scored": True},
    {"name": EXPECTED_FAILURE, "label": "expected failure", "symbol": "✗", "conforms": False, "attention": False,
     "scored": True},
    {"name": PASSED, "label": "passed", "symbol": "✓", "conforms": True, "attention": False, "scored": True},
    {"name": NOT_APPLICABLE, "label": "not applicable", "symbol": "–", "conforms": False, "attention": False,
     "scored": False},
    {"name": NOT_RUN, "label": "not run", "symbol": "·", "conforms": False, "attention": False, "scored": False},
)
ITEM_STATUSES = tuple(status["name"] for status in STATUS_WORDS)
LEVEL_WORDS = {"must": {"label": "MUST", "meaning": "a failure fails the gate"},
               "should": {"label": "SHOULD", "meaning": "a failure is reported as a warning"}}
PROVENANCE_WORDS = {"seed": "seed page", "amplify_src": "Amplify's code", "aws_doc": "Cognito docs",
                    "observed": "observed responses"}
VOCABULARY = {
    "statuses": [dict(status) for status in STATUS_WORDS],
    "levels": [{"name": level, **LEVEL_WORDS[level]} for level in LEVELS],
    "provenances": [{"name": provenance, "label": PROVENANCE_WORDS[provenance]} for provenance in PROVENANCES],
}

# The verdicts of a run: every artefact of a run says one of them, and the exit code agrees.
PASS, FAIL = "pass", "fail"
VERDICT_ERROR = "error"
EXIT_CODES = {PASS: 0, FAIL: 1}

JUDGED = (PASSED, FAILED, WARNING, EXPECTED_FAILURE, UNEXPECTED_PASS)  # the run said something about the target
NOTHING_JUDGED = {"part": "selection", "exit_code": 3,
                  "message": "no test item was judged: none was selected, or every one selected was not applicable "
                             "on this target; select scenarios the target can run"}

# Worst first: a requirement takes the worst status of its items. A failure outranks an error: it is
# a judgement the run did make.
_SEVERITY = [FAILED, UNEXPECTED_PASS, ERROR, NOT_RUN, WARNING, EXPECTED_FAILURE, PASSED, NOT_APPLICABLE]


@dataclass
class ItemResult:
    """One test item: a scenario, or one Examples row of a scenario outline."""

    requirement: str
    feature: str
    scenario: str
    nodeid: str
    example: dict[str, str] = field(default_factory=dict)
    example_id: str | None = None  # the Examples row's test ID: its cells joined by "-"
    status: str = NOT_RUN  # passed only once its scenario ran to the end and every step held
    message: str = ""
    traceback: str = ""  # where the failure or error was raised, apart from the message
    duration: float = 0.0


def requirement_status(items: list[ItemResult]) -> str:
    if not items:
        return NOT_RUN
    statuses = {item.status for item in items}
    if statuses == {NOT_APPLICABLE}:
        return NOT_APPLICABLE
    return next(status for status in _SEVERITY if status in statuses)


def build_document(run: dict[str, Any], catalogue: dict[str, Requirement], items: list[ItemResult],
                   breakdown: dict[str, Any] | None = None, expectation_notes: list[str] | None = None,
                   specification: dict[str, Any] | None = None) -> dict[str, Any]:
    """The results document; ``breakdown`` (part, message, exit_code) when the run could not judge, and
    ``specification`` the feature files the run read (conformance.results.gherkin.read_specification)."""
    by_requirement: dict[str, list[ItemResult]] = {req_id: [] for req_id in catalogue}
    for item in items:
        by_requirement.setdefault(item.requirement, []).append(item)
    requirements = []
    for req_id, req_items in by_requirement.items():
        req = catalogue.get(req_id)
        requirements.append({
            "id": req_id,
            "statement": req.statement if req else "",
            "impact": req.impact if req else None,
            "level": req.level if req else "",
            "provenance": list(req.provenance) if req else [],
            "source": req.source if req else "",
            "disagrees": list(req.disagrees) if req else [],
            "scope": req.scope if req else "service",
            "seed_version": req.seed_version if req else None,
            "validated_against_cognito": None,
            "status": requirement_status(req_items),
            "items": [asdict(item) for item in req_items],
        })
    if breakdown is None and not any(item.status in JUDGED for item in items):
        breakdown = dict(NOTHING_JUDGED)
    unfinished = sum(1 for item in items if item.status in (ERROR, NOT_RUN))
    if breakdown is None and unfinished:
        breakdown = {"part": "run", "exit_code": 3,
                     "message": f"{unfinished} test item(s) did not run to the end (the run stopped early, e.g. "
                                "after -x); run it again to get a verdict"}
    return {
        "$schema": SCHEMA_ID,
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "run": run,
        "summary": summarize(requirements, items, breakdown, expectation_notes or []),
        "vocabulary": copy.deepcopy(VOCABULARY),
        "requirements": requirements,
        "specification": specification or {"features": [], "unreadable": []},
    }


def summarize(requirements: list[dict[str, Any]], items: list[ItemResult], breakdown: dict[str, Any] | None = None,
              expectation_notes: list[str] | None = None) -> dict[str, Any]:
    def count(statuses: list[str]) -> dict[str, int]:
        return {status: statuses.count(status) for status in dict.fromkeys(statuses)}

    by_level = {}
    for level in LEVELS:
        of_level = [r["status"] for r in requirements if r["level"] == level]
        by_level[level] = count(of_level)
    return {
        "requirements": count([r["status"] for r in requirements]),
        "service_requirements": count([r["status"] for r in requirements if r.get("scope", "service") == "service"]),
        "requirements_by_level": by_level,
        "items": count([item.status for item in items]),
        "gate": verdict(requirements, breakdown),
        "error": breakdown,
        "expected_failures": sum(1 for item in items if item.status == EXPECTED_FAILURE),
        "expectation_notes": list(expectation_notes or []),
    }


def verdict(requirements: list[dict[str, Any]], breakdown: dict[str, Any] | None) -> str:
    """error when the run could not judge; else fail when a requirement fails the gate; else pass."""
    unjudged = any(item["status"] in (ERROR, NOT_RUN) for r in requirements for item in r.get("items", []))
    if breakdown is not None or unjudged:
        return VERDICT_ERROR
    return FAIL if any(r["status"] in GATE_FAILING for r in requirements) else PASS


def write_document(document: dict[str, Any], path: Path) -> None:
    """Write atomically: a reader never sees a half-written file."""
    write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
