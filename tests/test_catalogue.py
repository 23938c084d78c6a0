"""The requirements catalogue and its agreement with the features."""
from __future__ import annotations

import textwrap

import pytest

from conformance.catalogue import (
    CatalogueError,
    Requirement,
    ScenarioTags,
    check,
    load_catalogue,
    read_scenarios,
)


def test_the_real_catalogue_and_features_agree():
    catalogue = load_catalogue()
    scenarios = read_scenarios()
    assert len(catalogue) >= 20 and len(scenarios) >= len(catalogue)
    assert check(catalogue, scenarios) == []


def test_every_real_requirement_states_something():
    for req in load_catalogue().values():
        assert req.statement.strip() and req.source.strip(), req.id


# --- synthetic catalogues and features -----------------------------------------------------

def requirement(req_id: str, level: str = "must", provenance: tuple[str, ...] = ("seed",),
                disagrees: tuple[str, ...] = (), seed_version: str | None = "",
                impact: str | None = "An app would go wrong.") -> Requirement:
    if seed_version == "":  # by default, a seed requirement quotes the page given as the seed
        seed_version = "2024-05-01" if "seed" in provenance else None
    return Requirement(id=req_id, statement=f"{req_id} holds", level=level, provenance=provenance,
                       source="a test", disagrees=disagrees, seed_version=seed_version, impact=impact)


CATALOGUE = {
    "req_a": requirement("req_a"),
    "req_b": requirement("req_b", level="should", provenance=("amplify_src", "aws_doc")),
}


def write_feature(tmp_path, body: str, name: str = "sample.feature"):
    (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return read_scenarios(tmp_path)


GOOD = """\
    Feature: Sample
      @req_a @must @seed
      Scenario: A holds
        Given something

      @req_b @should @amplify_src @aws_doc @needs_sms
      Scenario: B holds
        Given something
    """


def test_a_consistent_synthetic_pair_has_no_problems(tmp_path):
    scenarios = write_feature(tmp_path, GOOD)
    assert {s.name for s in scenarios} == {"A holds", "B holds"}
    assert check(CATALOGUE, scenarios) == []


def test_feature_tags_apply_to_every_scenario(tmp_path):
    scenarios = write_feature(tmp_path, """\
        @seed
        Feature: Sample
          @req_a @must
          Scenario: A holds
            Given something
        """)
    assert check({"req_a": CATALOGUE["req_a"]}, scenarios) == []


def only_problem(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


def test_scenario_without_a_requirement_tag(tmp_path):
    scenarios = write_feature(tmp_path, GOOD + """\
      @must @seed
      Scenario: Untagged
        Given something
    """)
    problem = only_problem(check(CATALOGUE, scenarios))
    assert "sample.feature" in problem and "'Untagged'" in problem
    assert "exactly one requirement tag" in problem and "none" in problem


def test_scenario_with_two_requirement_tags(tmp_path):
    scenarios = write_feature(tmp_path, GOOD + """\
      @req_a @req_b @must @seed
      Scenario: Twice
        Given something
    """)
    problem = only_problem(check(CATALOGUE, scenarios))
    assert "'Twice'" in problem and "exactly one requirement tag" in problem
    assert "req_a" in problem and "req_b" in problem


def test_scenario_naming_an_unknown_requirement(tmp_path):
    scenarios = write_feature(tmp_path, GOOD + """\
      @req_nowhere @must @seed
      Scenario: Stray
        Given something
    """)
    problem = only_problem(check(CATALOGUE, scenarios))
    assert "'Stray'" in problem and "@req_nowhere" in problem and "not in the catalogue" in problem


@pytest.mark.parametrize("tag", ["wip", "needs_teleport", "MUST", "amplify"])
def test_scenario_with_an_unknown_tag(tmp_path, tag):
    scenarios = write_feature(tmp_path, GOOD.replace("@req_a @must @seed", f"@req_a @must @seed @{tag}"))
    problem = only_problem(check(CATALOGUE, scenarios))
    assert "'A holds'" in problem and f"unknown tag(s) @{tag}" in problem


def test_unknown_tag_on_an_examples_table(tmp_path):
    scenarios = write_feature(tmp_path, """\
        Feature: Sample
          @req_a @must @seed
          Scenario Outline: A holds for <x>
            Given <x>

            @flaky
            Examples:
              | x |
              | 1 |
        """)
    problem = only_problem(check({"req_a": CATALOGUE["req_a"]}, scenarios))
    assert "unknown tag(s) @flaky" in problem


def test_scenario_with_the_wrong_level(tmp_path):
    scenarios = write_feature(tmp_path, GOOD.replace("@req_a @must @seed", "@req_a @should @seed"))
    problem = only_problem(check(CATALOGUE, scenarios))
    assert "'A holds'" in problem and "level @must of req_a" in problem and "should" in problem


def test_scenario_without_a_level(tmp_path):
    scenarios = write_feature(tmp_path, GOOD.replace("@req_a @must @seed", "@req_a @seed"))
    problem = only_problem(check(CATALOGUE, scenarios))
    assert "level @must of req_a" in problem and "none" in problem


def test_scenario_with_the_wrong_provenance(tmp_path):
    scenarios = write_feature(tmp_path, GOOD.replace("@amplify_src @aws_doc", "@amplify_src @observed"))
    problem = only_problem(check(CATALOGUE, scenarios))
    assert "'B holds'" in problem and "provenance" in problem and "req_b" in problem
    assert "['amplify_src', 'aws_doc']" in problem and "observed" in problem


def test_catalogue_id_without_a_scenario(tmp_path):
    scenarios = write_feature(tmp_path, GOOD)
    catalogue = {**CATALOGUE, "req_c": requirement("req_c")}
    assert only_problem(check(catalogue, scenarios)) == "req_c has no scenario"


def test_disagrees_naming_an_unknown_requirement(tmp_path):
    scenarios = write_feature(tmp_path, GOOD)
    catalogue = {**CATALOGUE, "req_a": requirement("req_a", disagrees=("req_b", "req_ghost"))}
    problem = only_problem(check(catalogue, scenarios))
    assert problem.startswith("req_a:") and "unknown requirement req_ghost" in problem


def test_bad_level_in_the_catalogue():
    catalogue = {"req_a": requirement("req_a", level="may")}
    scenarios = [ScenarioTags(feature="f.feature", name="A", tags={"req_a", "may", "seed"})]
    problems = check(catalogue, scenarios)
    assert any(p.startswith("req_a: level 'may'") for p in problems), problems


def test_bad_and_missing_provenance_in_the_catalogue():
    catalogue = {"req_a": requirement("req_a", provenance=("hearsay",)), "req_b": requirement("req_b", provenance=())}
    scenarios = [
        ScenarioTags(feature="f.feature", name="A", tags={"req_a", "must"}),
        ScenarioTags(feature="f.feature", name="B", tags={"req_b", "must"}),
    ]
    problems = check(catalogue, scenarios)
    assert any("req_a: provenance 'hearsay'" in p for p in problems), problems
    assert "req_b: names no provenance" in problems


@pytest.mark.parametrize("version", [None, "2024-12-01"])
def test_a_seed_requirement_names_a_known_version_of_the_page(version):
    catalogue = {"req_a": requirement("req_a", seed_version=version)}
    problem = only_problem(check(catalogue, [ScenarioTags(feature="f.feature", name="A", tags={"req_a", "must", "seed"})]))
    assert problem.startswith("req_a: quotes the seed page") and "2024-05-01" in problem and "2024-10-14" in problem


def test_only_a_seed_requirement_names_a_version_of_the_page():
    catalogue = {"req_b": requirement("req_b", provenance=("aws_doc",), seed_version="2024-10-14")}
    problem = only_problem(check(catalogue, [ScenarioTags(feature="f.feature", name="B", tags={"req_b", "must", "aws_doc"})]))
    assert problem == "req_b: has a seed_version but does not quote the seed page"


@pytest.mark.parametrize("bad_id", ["reset_code", "req-reset-code", "req_x y"])
def test_requirement_ids_must_be_identifiers_with_the_prefix(bad_id):
    problems = check({bad_id: requirement(bad_id)}, [])
    assert any(repr(bad_id) in p and "identifier" in p for p in problems), problems


ONE_SCENARIO = [ScenarioTags(feature="f.feature", name="A", tags={"req_a", "must", "seed"})]


@pytest.mark.parametrize("impact, fault", [
    ("Users could not reset their password", "does not end with a period"),
    ("Users could not reset their password,\nso they are locked out.", "has a line break"),
    ("Users could not reset their password. They are locked out.", "more than one sentence"),
    ("Users could not reset a password (they are locked out). Nothing helps.", "more than one sentence"),
    ("Users " + "really " * 60 + "could not reset their password.", "characters long, more than 300"),
    ("", "it is empty"),
    ("   ", "it is empty"),
    (["Users could not reset their password."], "it is list, not text"),
])
def test_an_impact_must_be_one_sentence(impact, fault):
    problem = only_problem(check({"req_a": requirement("req_a", impact=impact)}, ONE_SCENARIO))
    assert problem.startswith("req_a: its impact must be one sentence") and fault in problem, problem


@pytest.mark.parametrize("impact", [
    "Users could not reset their password.",
    "A code for one user (such as a.b@c.io) would reset another user's password, e.g. for anyone who asks.",
    "x" * 299 + ".",
])
def test_one_sentence_is_an_impact(impact):
    assert check({"req_a": requirement("req_a", impact=impact)}, ONE_SCENARIO) == []


def test_a_must_without_an_impact_is_refused_in_one_sentence_naming_it():
    catalogue = {"req_a": requirement("req_a", impact=None), "req_b": CATALOGUE["req_b"]}
    scenarios = [*ONE_SCENARIO, ScenarioTags(feature="f.feature", name="B", tags={"req_b", "should", "amplify_src", "aws_doc"})]
    problem = only_problem(check(catalogue, scenarios))
    assert problem == ("every MUST requirement needs an impact (one sentence on what goes wrong for an app when an "
                       "implementation fails it), and 1 lacks one: req_a")


def test_every_must_without_an_impact_is_named_in_the_same_sentence():
    catalogue = {"req_a": requirement("req_a", impact=None), "req_c": requirement("req_c", impact=None),
                 "req_d": requirement("req_d")}
    scenarios = [ScenarioTags(feature="f.feature", name=name, tags={name, "must", "seed"}) for name in catalogue]
    problems = check(catalogue, scenarios)
    missing = [p for p in problems if p.startswith("every MUST requirement needs an impact")]
    assert len(missing) == 1 and missing[0].endswith("2 lack one: req_a, req_c"), problems
    assert "\n" not in missing[0] and missing[0].count(". ") == 0


def test_a_should_may_go_without_an_impact():
    catalogue = {"req_b": requirement("req_b", level="should", provenance=("aws_doc",), impact=None)}
    assert check(catalogue, [ScenarioTags(feature="f.feature", name="B", tags={"req_b", "should", "aws_doc"})]) == []


def test_every_real_must_has_an_impact():
    catalogue = load_catalogue()
    assert [req.id for req in catalogue.values() if req.level == "must" and not req.impact] == []


def test_a_should_impact_must_be_one_sentence_too():
    catalogue = {"req_b": requirement("req_b", level="should", provenance=("aws_doc",), impact="Two. Sentences.")}
    problem = only_problem(check(catalogue, [ScenarioTags(feature="f.feature", name="B", tags={"req_b", "should", "aws_doc"})]))
    assert problem.startswith("req_b: its impact") and "more than one sentence" in problem


# --- load_catalogue ------------------------------------------------------------------------

def test_load_catalogue_reads_every_field(tmp_path):
    path = tmp_path / "requirements.toml"
    path.write_text(textwrap.dedent("""\
        [req_a]
        statement = "A holds."
        impact = "Users could not sign in."
        level = "must"
        provenance = ["seed", "aws_doc"]
        seed_version = "2024-10-14"
        source = "somewhere"
        disagrees = ["req_b"]

        [req_b]
        statement = "B holds."
        level = "should"
        provenance = ["amplify_src"]
        source = "elsewhere"
        """), encoding="utf-8")
    catalogue = load_catalogue(path)
    assert catalogue["req_a"] == Requirement("req_a", "A holds.", "must", ("seed", "aws_doc"), "somewhere", ("req_b",),
                                             seed_version="2024-10-14", impact="Users could not sign in.")
    assert catalogue["req_b"].disagrees == () and catalogue["req_b"].seed_version is None
    assert catalogue["req_b"].impact is None


def test_load_catalogue_on_malformed_toml(tmp_path):
    path = tmp_path / "requirements.toml"
    path.write_text('[req_a\nstatement = "unterminated\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="cannot read the requirements catalogue"):
        load_catalogue(path)


def test_load_catalogue_on_a_missing_file(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "absent.toml")


def test_load_catalogue_on_an_entry_lacking_a_field(tmp_path):
    path = tmp_path / "requirements.toml"
    path.write_text('[req_a]\nstatement = "A"\nlevel = "must"\nprovenance = ["seed"]\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="req_a .*lacks 'source'"):
        load_catalogue(path)


def test_load_catalogue_on_an_entry_that_is_not_a_table(tmp_path):
    path = tmp_path / "requirements.toml"
    path.write_text('req_a = "just a string"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="req_a"):
        load_catalogue(path)
