from pathlib import Path

from conformance.catalogue import Requirement, ScenarioTags, load_catalogue, read_scenarios
from conformance.commands.catalogue_page import render

PAGE = Path(__file__).resolve().parent.parent / "features" / "REQUIREMENTS.md"


def test_the_committed_requirements_page_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == render(load_catalogue(), read_scenarios()), (
        "features/REQUIREMENTS.md is stale: run python -m conformance.commands.catalogue_page > features/REQUIREMENTS.md"
    )


def test_every_requirement_appears_with_a_scenario_link():
    page = render(load_catalogue(), read_scenarios())
    for req_id in load_catalogue():
        section = page.split(f"### `{req_id}`", 1)[1].split("### ", 1)[0]
        assert "- Scenario: [" in section, req_id


def section_of(page: str, req_id: str) -> str:
    return page.split(f"### `{req_id}`", 1)[1].split("### ", 1)[0]


def test_every_requirement_with_an_impact_shows_it():
    catalogue = load_catalogue()
    page = render(catalogue, read_scenarios())
    for req in catalogue.values():
        if req.impact:
            assert f"\n- Impact: {req.impact}\n" in section_of(page, req.id), req.id
    assert all(f"- Impact: {req.impact}" in page for req in catalogue.values() if req.level == "must")


def test_the_impact_follows_the_statement_and_a_requirement_without_one_shows_none():
    catalogue = {
        "req_a": Requirement("req_a", "A holds.", "must", ("aws_doc",), "a test", impact="Users could not sign in."),
        "req_b": Requirement("req_b", "B holds.", "should", ("aws_doc",), "a test"),
    }
    scenarios = [ScenarioTags(feature="f.feature", name="A", tags={"req_a", "must", "aws_doc"}),
                 ScenarioTags(feature="f.feature", name="B", tags={"req_b", "should", "aws_doc"})]
    page = render(catalogue, scenarios)
    assert "A holds.\n\n- Impact: Users could not sign in.\n- Provenance:" in section_of(page, "req_a")
    assert "Impact" not in section_of(page, "req_b")
    assert "1 of the 1 MUSTs and 0 of the 1 SHOULDs have one" in page
