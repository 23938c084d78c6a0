from pathlib import Path

from conformance.catalogue import load_catalogue, read_scenarios
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
