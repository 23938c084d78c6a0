"""The published results schema: what real runs write meets it, SCHEMA.md describes it, the code agrees."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conformance.commands.whole_run import run_in_subprocess
from conformance.results import document as results
from reports import document as doc
from reports.results_schema import SCHEMA_PATH, results_schema, schema_violation
from tests.wheel_contents import shipped
from tests.report_documents import document, every_status_document, expected_failures_document, requirement, version_2

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = results_schema()


def closed(schema: Any) -> Any:
    """The schema as the suite's own producer meets it: every property an object defines is present, no other."""
    if isinstance(schema, list):
        return [closed(part) for part in schema]
    if not isinstance(schema, dict):
        return schema
    narrowed = {key: closed(value) for key, value in schema.items()}
    kinds = schema.get("type", [])
    if "properties" in schema and "object" in (kinds if isinstance(kinds, list) else [kinds]):
        narrowed["properties"] = {name: closed(part) for name, part in schema["properties"].items()}
        narrowed["required"] = sorted(schema["properties"])
        narrowed["additionalProperties"] = False
    return narrowed


def _assert_written_as_published(written: dict[str, Any]) -> None:
    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(written)
    Draft202012Validator(closed(SCHEMA)).validate(written)  # nothing missing, nothing undocumented
    assert written["$schema"] == SCHEMA["$id"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("runs")


def test_the_schema_is_a_valid_draft_2020_12_schema_named_by_the_producer():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == results.SCHEMA_ID and SCHEMA["$id"].endswith(SCHEMA_PATH.name)


def test_the_schema_ships_as_package_data():
    assert shipped(SCHEMA_PATH)
    assert not shipped(ROOT / "reports" / "output" / "results.json")  # a run's outputs never do


def test_the_main_job_writes_a_document_that_meets_the_schema(runs):
    run = run_in_subprocess(runs / "reference.json", "--target=reference")

    assert run.passes_the_gate, run.output
    _assert_written_as_published(run.document)


def test_an_emulator_run_writes_a_document_that_meets_the_schema(runs):
    pytest.importorskip("moto", reason="moto is not installed: pip install -e '.[emulators]'")
    run = run_in_subprocess(runs / "moto.json", "--target=moto", "--no-expectations")

    assert run.gate == "fail", run.output  # moto deviates, and no expectations file excuses it
    _assert_written_as_published(run.document)


def test_a_run_with_expectations_and_one_that_broke_meet_it_too():
    catalogue = {"req_a": results.Requirement("req_a", "A holds.", "must", ("seed",), "the seed page")}
    item = results.ItemResult("req_a", "a.feature", "S", "n", status=results.ERROR, traceback="File …")
    broke = results.build_document({**document([])["run"], "expectations": {"path": "e.toml", "sha256": "0" * 64,
                                                                             "entries": 1}},
                                   catalogue, [item], {"part": "harness", "message": "it broke", "exit_code": 3})

    assert schema_violation(broke) is None


def test_the_report_tests_own_documents_meet_it():
    for written in (every_status_document(), expected_failures_document()):
        assert schema_violation(written) is None


def test_a_version_2_document_does_not_meet_it():
    older = version_2(document([requirement("req_a", "passed")]))

    assert schema_violation(older) is not None
    for added in ("vocabulary", "specification", "$schema"):
        assert schema_violation({k: v for k, v in document([]).items() if k != added}) == (
            f"the document has no {added!r}")


def test_the_schema_s_statuses_levels_provenances_gates_and_versions_are_the_code_s():
    defined = SCHEMA["$defs"]
    assert set(defined["status"]["enum"]) == set(results.ITEM_STATUSES)
    assert [s["name"] for s in results.VOCABULARY["statuses"]] == list(results.ITEM_STATUSES)
    vocabulary = defined["vocabulary"]["properties"]
    assert vocabulary["levels"]["items"]["properties"]["name"]["enum"] == list(results.LEVELS)
    assert vocabulary["provenances"]["items"]["properties"]["name"]["enum"] == list(results.PROVENANCES)
    assert defined["requirement"]["properties"]["level"]["enum"] == [*results.LEVELS, ""]
    assert defined["requirement"]["properties"]["provenance"]["items"]["enum"] == list(results.PROVENANCES)
    assert tuple(defined["summary"]["properties"]["gate"]["enum"]) == doc.GATES
    assert tuple(SCHEMA["properties"]["schema_version"]["enum"]) == doc.SUPPORTED_VERSIONS
    assert SCHEMA["properties"]["schema"]["const"] == results.SCHEMA == doc.SCHEMA
    assert results.SCHEMA_VERSION == max(doc.SUPPORTED_VERSIONS)


def _properties(schema: dict[str, Any]) -> set[str]:
    """Every property name an object in ``schema`` defines, nested objects and arrays' items included."""
    found = set(schema.get("properties", {}))
    for part in [*schema.get("properties", {}).values(), *([schema["items"]] if "items" in schema else [])]:
        found |= _properties(part)
    return found


def test_schema_md_names_every_property_the_schema_defines():
    guide = (ROOT / "reports" / "SCHEMA.md").read_text(encoding="utf-8")
    named = set(re.findall(r'"([$\w]+)":', guide))

    for part in ("run", "target", "summary", "vocabulary", "requirement", "item", "specification"):
        missing = _properties(SCHEMA["$defs"][part]) - named
        assert not missing, f"SCHEMA.md does not name {sorted(missing)} of the schema's {part!r}"
    assert not set(SCHEMA["properties"]) - named


def test_schema_md_s_statuses_table_holds_every_status_of_the_schema():
    guide = (ROOT / "reports" / "SCHEMA.md").read_text(encoding="utf-8")
    table = guide[guide.index("## Statuses"):]

    assert set(re.findall(r"^\| `(\w+)` \|", table, re.MULTILINE)) == set(SCHEMA["$defs"]["status"]["enum"])
