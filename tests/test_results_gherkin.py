"""Reading each scenario's Gherkin from the feature files, as written, for the results document; and the
reports' view of what the document carries."""
from __future__ import annotations

import hashlib
from pathlib import Path

from conformance.results import gherkin
from reports.gherkin import Specification, merged, specification_of

FEATURE = """\
Feature: Resetting a password
  Some description.

  Background:
    Given a backend defined with login by email

  # why this scenario exists
  @req_one @must @seed
  Scenario: The first scenario
    When the user asks to reset their password
    Then the reset code is sent by EMAIL to the user's email

  Rule: A rule
    Background:
      Given a user with a verified email address

    @req_two @should @aws_doc
    Scenario Outline: The second scenario with <value>
      Then it is <value>

      Examples:
        | value |
        | 1     |
        | 2     |

"""


def read_specification(folder: Path | None) -> Specification:
    """What the results carry of the folder, as the reports see it."""
    return specification_of({"specification": gherkin.read_specification(folder)})


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scenario_is_its_tags_comments_steps_and_examples_and_nothing_after(tmp_path):
    _write(tmp_path, "reset.feature", FEATURE)
    specification = read_specification(tmp_path)

    first = specification.scenario("reset.feature", "The first scenario")
    assert first.text.splitlines() == [
        "# why this scenario exists",
        "@req_one @must @seed",
        "Scenario: The first scenario",
        "  When the user asks to reset their password",
        "  Then the reset code is sent by EMAIL to the user's email",
    ]
    second = specification.scenario("reset.feature", "The second scenario with <value>")
    assert second.text.splitlines()[0] == "@req_two @should @aws_doc"
    assert second.text.splitlines()[-1] == "    | 2     |"
    assert "Rule:" not in first.text


def test_backgrounds_of_the_feature_and_the_rule_come_with_the_scenario(tmp_path):
    _write(tmp_path, "reset.feature", FEATURE)
    specification = read_specification(tmp_path)

    assert specification.scenario("reset.feature", "The first scenario").background == (
        "Background:\n  Given a backend defined with login by email")
    assert "Given a user with a verified email address" in specification.scenario(
        "reset.feature", "The second scenario with <value>").background


def test_scenarios_are_found_by_requirement_and_features_by_title(tmp_path):
    _write(tmp_path, "reset.feature", FEATURE)
    specification = read_specification(tmp_path)

    assert [s.name for s in specification.of_requirement("req_two")] == ["The second scenario with <value>"]
    assert specification.feature_titles == {"reset.feature": "Resetting a password"}


def test_a_missing_folder_gives_an_empty_specification(tmp_path):
    assert read_specification(tmp_path / "absent").scenarios == {}
    assert read_specification(None).scenarios == {}


def test_a_broken_feature_file_is_listed_not_fatal(tmp_path):
    _write(tmp_path, "reset.feature", FEATURE)
    _write(tmp_path, "broken.feature", "Feature: x\n  Scenario: y\n    Given a\nFeature: again\n")
    specification = read_specification(tmp_path)

    assert specification.unreadable == ["broken.feature"]
    assert specification.scenario("reset.feature", "The first scenario") is not None


def test_the_suite_s_own_features_are_all_readable():
    features = Path(__file__).resolve().parents[1] / "features"
    specification = read_specification(features)

    assert specification.unreadable == []
    assert len(specification.scenarios) > 0
    assert all(any(tag.startswith("req_") for tag in s.tags) for s in specification.scenarios.values())


def test_each_feature_file_is_carried_with_its_hash(tmp_path):
    path = _write(tmp_path, "reset.feature", FEATURE)
    [feature] = gherkin.read_specification(tmp_path)["features"]

    assert feature["file"] == "reset.feature" and feature["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_several_runs_scenarios_merge_with_the_first_run_s_winning():
    first = Specification(feature_titles={"a.feature": "First"}, unreadable=["x.feature"])
    second = Specification(feature_titles={"a.feature": "Second", "b.feature": "B"}, unreadable=["x.feature"])

    combined = merged([first, second])

    assert combined.feature_titles == {"a.feature": "First", "b.feature": "B"}
    assert combined.unreadable == ["x.feature"]
