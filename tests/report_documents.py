"""Hand-made results documents (reports/SCHEMA.md) for the report tests."""
from __future__ import annotations

import copy
from typing import Any

from conformance.results.document import ITEM_STATUSES, SCHEMA_ID, SCHEMA_VERSION, VOCABULARY

HOSTILE = '<script>alert(1)</script>'
RAW_SPECIALS = '"&<>'
ALL_STATUSES = ITEM_STATUSES  # worst first
MOTO_EXPECTATIONS = {"path": "expectations/moto.toml", "sha256": "0123456789abcdef" * 4, "entries": 31}
ORACLE_BROKE = {"part": "code oracle",
                "message": "The code oracle stopped answering; its log is reports/output/logs/oracle.log.",
                "exit_code": 3}


def item(requirement: str, status: str = "passed", *, feature: str = "alpha.feature", scenario: str = "A scenario",
         example: dict[str, str] | None = None, message: str = "", duration: float = 0.012,
         traceback: str | None = None) -> dict[str, Any]:
    technical = {} if traceback is None else {"traceback": traceback}
    return {
        "requirement": requirement,
        "feature": feature,
        "scenario": scenario,
        "nodeid": f"steps/test_specification.py::test_{requirement}",
        "example": example or {},
        "example_id": None,
        "status": status,
        "message": message,
        "duration": duration,
        **technical,
    }


def requirement(requirement_id: str, status: str = "passed", *, level: str = "must", statement: str | None = None,
                provenance: tuple[str, ...] = ("aws_doc",), source: str = "Cognito's API reference.",
                disagrees: tuple[str, ...] = (), items: list[dict[str, Any]] | None = None,
                feature: str = "alpha.feature", message: str | None = None, scope: str = "service",
                impact: str | None = None) -> dict[str, Any]:
    if items is None:
        default_message = "" if status == "passed" else f"{status}: what happened to {requirement_id}"
        items = [] if status == "not_run" else [
            item(requirement_id, status, feature=feature, scenario=f"Scenario of {requirement_id}",
                 message=default_message if message is None else message)]
    return {
        "id": requirement_id,
        "statement": statement if statement is not None else f"The statement of {requirement_id}.",
        "impact": impact if impact is not None else (f"An app relying on {requirement_id} breaks." if level == "must"
                                                     else None),
        "level": level,
        "provenance": list(provenance),
        "source": source,
        "disagrees": list(disagrees),
        "scope": scope,
        "validated_against_cognito": None,
        "status": status,
        "items": items,
    }


def run(target: str = "reference", client: str = "python", definitions: str = "reference") -> dict[str, Any]:
    return {
        "suite_version": "0.1.0",
        "suite_revision": "abc1234",
        "target": {"name": target, "version": "0.1.0", "capabilities": ["clock", "sms"]},
        "client": client,
        "definitions": definitions,
        "python": "3.11.7",
        "packages": {"boto3": "1.34.0", "pytest": "8.0.0", "pytest-bdd": "9.0.1"},
        "pools_created": 3,
        "service_calls": 42,
        "started": "2026-11-26T02:25:02Z",
        "finished": "2026-11-26T02:25:04Z",
        "expectations": None,
    }


def specification(*features: dict[str, Any], unreadable: tuple[str, ...] = ()) -> dict[str, Any]:
    """A document's ``specification``: feature files as feature() makes them."""
    return {"features": list(features), "unreadable": list(unreadable)}


def feature(file: str, title: str, *scenarios: dict[str, Any]) -> dict[str, Any]:
    return {"file": file, "title": title, "sha256": "0" * 64, "scenarios": list(scenarios)}


def scenario(name: str, text: str, *, background: str = "", tags: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"name": name, "text": text, "background": background, "tags": list(tags)}


def document(requirements: list[dict[str, Any]], *, the_run: dict[str, Any] | None = None,
             gate: str | None = None, error: dict[str, Any] | None = None,
             expectations: dict[str, Any] | None = None, notes: tuple[str, ...] = (),
             features: dict[str, Any] | None = None) -> dict[str, Any]:
    """A document of the suite's schema version, with its vocabulary; the gate is judged from the requirements
    unless given, and ``features`` is its specification (none by default)."""
    requirements = copy.deepcopy(requirements)

    def count(statuses: list[str]) -> dict[str, int]:
        return {status: statuses.count(status) for status in dict.fromkeys(statuses)}

    statuses = [r["status"] for r in requirements]
    item_statuses = [i["status"] for r in requirements for i in r["items"]]
    the_run = copy.deepcopy(the_run or run())
    if expectations is not None:
        the_run["expectations"] = dict(expectations)
    if gate is None:
        gate = ("error" if error or "error" in statuses
                else "fail" if {"failed", "unexpected_pass"} & set(statuses) else "pass")
    return {
        "$schema": SCHEMA_ID,
        "schema": "amplify-password-conformance/results",
        "schema_version": SCHEMA_VERSION,
        "run": the_run,
        "summary": {
            "requirements": count(statuses),
            "service_requirements": count([r["status"] for r in requirements if r["scope"] == "service"]),
            "requirements_by_level": {level: count([r["status"] for r in requirements if r["level"] == level])
                                      for level in ("must", "should")},
            "items": count(item_statuses),
            "gate": gate,
            "error": dict(error) if error else None,
            "expected_failures": item_statuses.count("expected_failure"),
            "expectation_notes": list(notes),
        },
        "vocabulary": copy.deepcopy(VOCABULARY),
        "requirements": requirements,
        "specification": copy.deepcopy(features) if features is not None else specification(),
    }


def version_2(document_v3: dict[str, Any]) -> dict[str, Any]:
    """The same document as schema version 2 wrote it: without its vocabulary and Gherkin."""
    older = copy.deepcopy(document_v3)
    older["$schema"] = "urn:amplify-password-conformance:schemas:results-2.schema.json"
    older["schema_version"] = 2
    older.pop("vocabulary")
    older.pop("specification")
    return older


def every_status_document(**run_options: str) -> dict[str, Any]:
    """One requirement per status, spread over two features, with a seed-versus-code disagreement."""
    features = {"failed": "beta.feature", "warning": "beta.feature"}
    requirements = [
        requirement(f"req_{status}", status, level="should" if status == "warning" else "must",
                    feature=features.get(status, "alpha.feature"))
        for status in ALL_STATUSES
    ]
    requirements.append(requirement("req_seed_claim", "warning", level="should", provenance=("seed",),
                                    statement="The seed page says one thing.", disagrees=("req_code_claim",),
                                    feature="beta.feature"))
    requirements.append(requirement("req_code_claim", "passed", provenance=("amplify_src",),
                                    statement="Amplify's code does another.", disagrees=("req_seed_claim",)))
    return document(requirements, the_run=run(**run_options))


def hostile_document() -> dict[str, Any]:
    """Hostile text in every field a report shows."""
    nasty = f"{HOSTILE} {RAW_SPECIALS} <img src=x onerror=alert(2)>"
    items = [item("req_hostile", "failed", feature=f"evil{RAW_SPECIALS}.feature", scenario=f"Scenario {nasty}",
                  example={f"key {nasty}": f"value {nasty}"}, message=f"AssertionError: {nasty}\nsecond line {nasty}")]
    requirements = [
        requirement("req_hostile", "failed", statement=f"Statement {nasty}", source=f"Source {nasty}",
                    provenance=("seed", nasty), items=items, disagrees=("req_other",)),
        requirement("req_other", "passed", statement=f"Other {nasty}", source=nasty, disagrees=("req_hostile",)),
    ]
    return document(requirements, the_run=run(target=f"target {nasty}", client=f"client {nasty}",
                                                definitions=f"definitions {nasty}"))


UNCHECKED_NOTE = "the entry for req_x names a requirement that is not applicable on this target"


def expected_failures_document(failures: int = 2, *, the_run: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pass that relies on ``failures`` expected failures from MOTO_EXPECTATIONS."""
    items = [item("req_known", "expected_failure", message=f"known deviation {n}") for n in range(failures)]
    return document([requirement("req_known", "expected_failure", items=items), requirement("req_fine", "passed")],
                    expectations=MOTO_EXPECTATIONS, the_run=the_run)


def noted_document() -> dict[str, Any]:
    """A pass whose expectations file had entries the run could not check, one of them hostile."""
    return document([requirement("req_a", "passed")], expectations=MOTO_EXPECTATIONS, notes=(UNCHECKED_NOTE, HOSTILE))
