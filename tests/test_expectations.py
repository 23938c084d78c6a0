"""Expectations: loading, matching, suggesting, and their effect on a real run's gate."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conformance.catalogue import ScenarioTags, load_catalogue, read_scenarios
from conformance.commands.whole_run import ROOT, run_in_subprocess
from conformance.results.expectations import (
    SCHEMA_PATH,
    Expectation,
    ExpectationsError,
    expectation_problem,
    expectations_path,
    file_for_target,
    find,
    load_expectations,
    row_key,
    suggest,
)
from tests.wheel_contents import shipped

KNOWN = {"req_a", "req_b"}
TARGETS = 'targets = ["reference", "moto"]\n'


def write(tmp_path, text, name="target.toml"):
    path = tmp_path / name
    path.write_text(text if text.startswith(("targets", "#")) else TARGETS + text, encoding="utf-8")
    return path


def test_entries_load_with_their_fields(tmp_path):
    path = write(tmp_path, '[[expected]]\nrequirement = "req_a"\nexample = { x = "1", y = "2" }\nobserved = "bad"\n'
                           'link = "https://e/1"\n')
    assert load_expectations(path, KNOWN) == [Expectation("req_a", "bad", (("x", "1"), ("y", "2")), "https://e/1", None)]


@pytest.mark.parametrize("text, complaint", [
    ('[[expected]]\nrequirement = "req_zzz"\nobserved = "x"\nreason = "r"\n', "unknown requirement 'req_zzz'"),
    ('[[expected]]\nrequirement = "req_a"\nreason = "r"\n', "needs 'observed'"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = "x"\n', "needs a 'link' or a 'reason'"),
    ('[[expected]]\nobserved = "x"\nreason = "r"\n', "needs 'requirement'"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\ncolour = "red"\n', "unknown key(s) ['colour']"),
    ('expected = 3\n', "must be a list"),
    ('[whatever]\n', "unknown top-level key"),
    ('expected = [1]\n', "entry 1 must be a table"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = " "\nreason = "r"\n', "'observed' must be the behaviour seen"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\nexample = 3\n', "(req_a): 'example' must be"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\nexample = { n = 3 }\n',
     "(req_a): 'example.n' must be a cell as written in the Examples table, a string"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\nexample = {}\n', "(req_a): 'example' must be"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\nonly = "cognito"\n',
     "only names 'cognito', which the file's targets (reference, moto) do not list"),
    ('[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\nonly = 3\n', "(req_a): 'only' must be the target"),
    ('[[expected]\n', "not valid TOML"),
    ('targets = []\n', "'targets' must be the targets this file describes"),
    ('targets = "moto"\n', "'targets' must be the targets this file describes"),
    ('# no targets\n[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\n', "needs 'targets'"),
])
def test_malformed_files_are_refused_with_one_sentence(tmp_path, text, complaint):
    with pytest.raises(ExpectationsError) as error:
        load_expectations(write(tmp_path, text), KNOWN)
    assert complaint in str(error.value)


def test_an_example_named_by_its_test_id_is_refused_with_the_table_form_to_use(tmp_path):
    path = write(tmp_path, '[[expected]]\nrequirement = "req_a"\nexample = "6-5-refused"\nobserved = "x"\nreason = "r"\n')
    with pytest.raises(ExpectationsError) as error:
        load_expectations(path, KNOWN)
    sentence = str(error.value)
    assert "entry 1 (req_a) names its example by a test ID ('6-5-refused')" in sentence
    assert 'example = { column = "cell", … }' in sentence and "\n" not in sentence


def test_the_schema_is_valid_ships_with_the_package_and_every_expectations_file_meets_it():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert shipped(SCHEMA_PATH)
    files = sorted((ROOT / "expectations").glob("*.toml"))
    assert files
    for path in files:
        Draft202012Validator(schema).validate(tomllib.loads(path.read_text(encoding="utf-8")))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ExpectationsError, match="cannot read the expectations file"):
        load_expectations(tmp_path / "absent.toml", KNOWN)


def test_an_entry_without_example_matches_every_row_and_one_with_example_the_rows_with_its_cells():
    whole = Expectation("req_a", "x", reason="r")
    row = Expectation("req_b", "x", example=(("minimum", "6"), ("length", "5")), reason="r")
    assert find([whole, row], "req_a", {"anything": "1"}) is whole
    assert find([whole, row], "req_b", {"minimum": "6", "length": "5", "verdict": "refused"}) is row
    assert find([whole, row], "req_b", {"minimum": "6", "length": "6", "verdict": "accepted"}) is None
    assert find([whole, row], "req_b", {"length": "5"}) is None  # a column the row lacks never matches
    assert find([whole, row], "req_b", {}) is None


def test_an_entry_with_only_applies_to_those_targets(tmp_path):
    path = write(tmp_path, '[[expected]]\nrequirement = "req_a"\nobserved = "x"\nreason = "r"\nonly = "moto"\n\n'
                           '[[expected]]\nrequirement = "req_b"\nobserved = "x"\nreason = "r"\nonly = ["reference"]\n\n'
                           '[[expected]]\nrequirement = "req_a"\nobserved = "y"\nreason = "r"\nonly = "reference"\n')
    assert [(e.requirement, e.observed) for e in load_expectations(path, KNOWN, "moto")] == [("req_a", "x")]
    assert [(e.requirement, e.observed) for e in load_expectations(path, KNOWN, "reference")] == [
        ("req_b", "x"), ("req_a", "y")]
    assert load_expectations(path, KNOWN, "cognito-local") == []  # a file given for another target: no only entries


def test_a_run_finds_the_one_file_whose_targets_name_its_target(tmp_path):
    write(tmp_path, 'targets = ["moto", "moto-server"]\n', "moto.toml")
    write(tmp_path, 'targets = ["cognito-local"]\n', "local.toml")
    assert file_for_target(tmp_path, "moto-server") == tmp_path / "moto.toml"
    assert file_for_target(tmp_path, "cognito-local") == tmp_path / "local.toml"
    assert file_for_target(tmp_path, "reference") is None
    assert expectations_path(False, None, "moto", tmp_path) == tmp_path / "moto.toml"
    assert expectations_path(False, "mine.toml", "moto", tmp_path) == Path("mine.toml")
    assert expectations_path(True, "mine.toml", "moto", tmp_path) is None
    write(tmp_path, 'targets = ["moto"]\n', "again.toml")
    with pytest.raises(ExpectationsError) as error:
        file_for_target(tmp_path, "moto")
    assert str(error.value) == (f"{tmp_path / 'again.toml'} and {tmp_path / 'moto.toml'} both list the target 'moto' "
                                "in their targets; keep it in one file")


def test_the_checked_in_files_serve_each_emulator_once():
    assert file_for_target(ROOT / "expectations", "moto") == ROOT / "expectations" / "moto.toml"
    assert file_for_target(ROOT / "expectations", "moto-server") == ROOT / "expectations" / "moto.toml"
    assert file_for_target(ROOT / "expectations", "cognito-local") == ROOT / "expectations" / "cognito-local.toml"
    assert file_for_target(ROOT / "expectations", "reference") is None


OUTLINE = [ScenarioTags("a.feature", "An outline", {"req_b"}, example_rows=[
    {"minimum": "6", "length": "5", "verdict": "refused"}, {"minimum": "6", "length": "6", "verdict": "accepted"},
    {"minimum": "99", "length": "98", "verdict": "refused"}]),
    ScenarioTags("a.feature", "A scenario", {"req_a"})]


def entry(requirement="req_b", number=1, **cells):
    return Expectation(requirement, "x", tuple(cells.items()) or None, reason="r", number=number)


@pytest.mark.parametrize("entries, complaint", [
    ([entry(minimum="7")], "the expectation for req_b (example { minimum = \"7\" }) matches no Examples row of req_b; "
                           "its rows have { minimum = \"6\" }, { minimum = \"99\" }"),
    ([entry(colour="red")], "names the column(s) 'colour', which the Examples of req_b do not have; "
                            "its columns are 'minimum', 'length', 'verdict'"),
    ([entry("req_a", verdict="refused")], "gives an example, but req_a has no Examples rows (it is not an outline)"),
    ([entry(minimum="6"), entry(number=2, length="5")],
     "the expectation entries 1 and 2 for req_b both match its Examples row "
     "{ minimum = \"6\", length = \"5\", verdict = \"refused\" }; keep one, or narrow an example or an only"),
    ([entry(), entry(number=3, minimum="99")], "entries 1 and 3 for req_b both match"),
])
def test_entries_are_checked_against_the_examples_rows_in_one_sentence(entries, complaint):
    assert complaint in expectation_problem(entries, OUTLINE)


def test_entries_that_each_name_their_own_rows_pass_the_check():
    assert expectation_problem([entry(minimum="6", length="5"), entry(number=2, minimum="99"), entry("req_a", 3)],
                               OUTLINE) is None


def test_a_row_is_keyed_by_its_fewest_leading_cells_no_other_row_shares():
    rows = OUTLINE[0].example_rows
    assert row_key(rows[0], rows) == {"minimum": "6", "length": "5"}
    assert row_key(rows[2], rows) == {"minimum": "99"}
    twins = [{"a": "1", "b": "2"}, {"a": "1", "b": "2"}]
    assert row_key(twins[0], twins) == {"a": "1"}  # rows alike in every cell are one row


def test_suggestions_are_valid_entries_naming_rows_by_their_cells(tmp_path):
    rows = {"req_a": [{"letter": "É", "kind": "Latin-1"}, {"letter": "Ω", "kind": "Greek"}],
            "req_b": [{"login option": "phone", "medium": "SMS"}, {"login option": "email", "medium": "EMAIL"}]}
    text = suggest([("req_a", {"letter": "É", "kind": "Latin-1"}, False, 'AssertionError: got "x"\nmore'),
                    ("req_a", {"letter": "É", "kind": "Latin-1"}, False, "again"),
                    ("req_b", {"login option": "phone", "medium": "SMS"}, False, "a\ttab"),
                    ("req_b", None, True, "boom")], "moto", rows)
    assert text.startswith('targets = ["moto"]\n\n[[expected]]\nrequirement = "req_a"\nexample = { letter = "É" }\n')
    assert 'example = { "login option" = "phone" }' in text
    path = write(tmp_path, text.replace("TODO: link to the issue or explain", "r"))
    entries = load_expectations(path, KNOWN)
    assert [(e.requirement, e.example, e.observed) for e in entries] == [
        ("req_a", (("letter", "É"),), 'got "x"'), ("req_b", (("login option", "phone"),), "a\ttab"),
        ("req_b", None, "boom")]
    assert suggest([], "moto", rows) == ""


MUTANT = "--target=tests.mutants:unmasked_destination"
ENTRIES = {
    "email": '[[expected]]\nrequirement = "req_email_destination_hidden"\nobserved = "unmasked"\nreason = "mutant"\n',
    "phone": '[[expected]]\nrequirement = "req_phone_destination_hidden"\nobserved = "unmasked"\nreason = "mutant"\n',
    "simulated": ('[[expected]]\nrequirement = "req_unknown_user_destination_masked"\nobserved = "unmasked"\n'
                  'reason = "mutant"\n'),
}


def test_the_gate_passes_with_every_failure_expected(tmp_path):
    path = write(tmp_path, "\n".join(ENTRIES.values()))
    run = run_in_subprocess(tmp_path / "r.json", MUTANT, f"--expectations={path}")
    assert run.exit_code == 0, run.output
    assert run.statuses["req_email_destination_hidden"] == "expected_failure"


def test_the_gate_fails_when_an_entry_is_removed(tmp_path):
    path = write(tmp_path, ENTRIES["email"])
    run = run_in_subprocess(tmp_path / "r.json", MUTANT, f"--expectations={path}")
    assert run.exit_code == 1
    assert run.statuses["req_phone_destination_hidden"] == "failed"


def test_the_gate_fails_when_an_expected_failure_passes(tmp_path):
    path = write(tmp_path, "\n".join(ENTRIES.values()))
    run = run_in_subprocess(tmp_path / "r.json", f"--expectations={path}")
    assert run.exit_code == 1
    assert run.statuses["req_email_destination_hidden"] == "unexpected_pass"


def test_an_entry_for_an_unknown_example_row_stops_the_run(tmp_path):
    path = write(tmp_path, '[[expected]]\nrequirement = "req_symbol_set"\nexample = { symbol = "nope" }\nobserved = "x"\n'
                           'reason = "r"\n')
    run = run_in_subprocess(tmp_path / "r.json", f"--expectations={path}")
    assert run.exit_code == 4 and "(example { symbol = \"nope\" }) matches no Examples row" in run.output


def test_an_entry_names_a_row_by_its_cells_even_beyond_ascii(tmp_path):
    rows = ['capital = "Ａ"', '"small letter" = "ａ"']
    path = write(tmp_path, "\n".join(f'[[expected]]\nrequirement = "req_basic_latin_case"\nexample = {{ {row} }}\n'
                                     'observed = "counts full-width letters"\nreason = "mutant"\n' for row in rows))
    run = run_in_subprocess(tmp_path / "r.json", "--target=tests.mutants:full_width_letters_count",
                            f"--expectations={path}")
    assert run.exit_code == 0, run.output
    assert run.statuses["req_basic_latin_case"] == "expected_failure"


def test_without_expectations_the_raw_failures_show(tmp_path):
    path = write(tmp_path, "\n".join(ENTRIES.values()))
    run = run_in_subprocess(tmp_path / "r.json", MUTANT, f"--expectations={path}", "--no-expectations")
    assert run.exit_code == 1
    assert run.statuses["req_email_destination_hidden"] == "failed"


CHECKED_IN = ROOT / "expectations"


@pytest.mark.parametrize("target", ["moto"])
def test_a_checked_in_expectations_file_keeps_the_gate_green_and_every_entry_counts(target, tmp_path):
    path = CHECKED_IN / f"{target}.toml"
    run = run_in_subprocess(tmp_path / "all.json", f"--target={target}", f"--expectations={path}")
    assert run.exit_code == 0, run.output
    entries = path.read_text(encoding="utf-8").split("[[expected]]")
    without_first = "[[expected]]".join(entries[:1] + entries[2:])
    trimmed = write(tmp_path, without_first)
    run = run_in_subprocess(tmp_path / "trimmed.json", f"--target={target}", f"--expectations={trimmed}")
    assert run.exit_code == 1, "removing an expectation entry must fail the gate"


@pytest.mark.parametrize("path", sorted(CHECKED_IN.glob("*.toml")), ids=lambda path: path.name)
def test_every_checked_in_entry_is_well_formed_and_names_existing_rows(path):
    entries = load_expectations(path, load_catalogue())
    assert entries and all(e.observed and "\n" not in e.observed for e in entries)
    assert expectation_problem(entries, read_scenarios()) is None


def test_an_entry_repeating_another_for_a_target_is_refused(tmp_path):
    entry = '[[expected]]\nrequirement = "req_a"\nexample = { n = "1" }\nobserved = "x"\nreason = "r"\n'
    with pytest.raises(ExpectationsError, match=r'repeats the entry 1 for req_a \(example \{ n = "1" \}\); keep one'):
        load_expectations(write(tmp_path, entry + "\n" + entry), KNOWN)
    with pytest.raises(ExpectationsError, match="entry 2 repeats the entry 1"):
        load_expectations(write(tmp_path, entry + "\n" + entry + 'only = "moto"\n'), KNOWN)
    apart = load_expectations(write(tmp_path, entry + 'only = "reference"\n\n' + entry + 'only = "moto"\n'), KNOWN)
    assert [e.only for e in apart] == [("reference",), ("moto",)]


def test_an_entry_may_name_the_kind_of_failure_it_expects():
    entry = Expectation("req_a", "x", reason="r", fails_with="InvalidParameterException", message_contains="too long")
    assert entry.accepts("expected X, but the call failed with InvalidParameterException: value too long")
    assert not entry.accepts("expected X, but the call failed with InvalidPasswordException: value too long")
    assert not entry.accepts("expected X, but the call failed with InvalidParameterExceptionally: too long")
    assert not entry.accepts("expected X, but the call failed with InvalidParameterException: missing")
    assert Expectation("req_a", "x", reason="r").accepts("anything at all")


def test_a_failure_of_another_kind_than_expected_fails_the_gate(tmp_path):
    path = write(tmp_path, ENTRIES["phone"] + '\n[[expected]]\nrequirement = "req_email_destination_hidden"\n'
                                               'observed = "unmasked"\nreason = "mutant"\nmessage_contains = "is empty"\n')
    run = run_in_subprocess(tmp_path / "r.json", MUTANT, f"--expectations={path}")
    assert run.exit_code == 1, run.output
    failed = [i for i in run.items if i["requirement"] == "req_email_destination_hidden"]
    assert failed[0]["status"] == "failed" and "another kind than expected" in failed[0]["message"]
    assert run.statuses["req_phone_destination_hidden"] == "expected_failure"


def test_a_pass_says_which_expectations_it_relied_on(tmp_path):
    path = write(tmp_path, "\n".join(ENTRIES.values()))
    run = run_in_subprocess(tmp_path / "r.json", MUTANT, f"--expectations={path}")
    assert run.exit_code == 0, run.output
    applied = run.document["run"]["expectations"]
    assert applied["path"] == str(path) and applied["entries"] == 3 and len(applied["sha256"]) == 64
    assert run.document["summary"]["expected_failures"] == 3
    assert f"gate pass with 3 expected failures from {path}" in run.output.strip().splitlines()[-1]
    heading = (tmp_path / "r.summary.md").read_text(encoding="utf-8").splitlines()[0]
    assert "gate pass with 3 expected failures from" in heading and "target.toml" in heading


def test_an_entry_for_a_requirement_not_applicable_on_the_target_is_reported(tmp_path):
    pytest.importorskip("moto")
    path = write(tmp_path, '[[expected]]\nrequirement = "req_confirm_expired_code"\nobserved = "x"\nreason = "r"\n')
    run = run_in_subprocess(tmp_path / "r.json", "--target=moto", f"--expectations={path}", "-k", "expired or masked", "--tb=no")
    notes = run.document["summary"]["expectation_notes"]
    assert len(notes) == 1 and "req_confirm_expired_code" in notes[0] and "not applicable" in notes[0], run.output
    assert "conformance: note: the expectation for req_confirm_expired_code" in run.output


def test_suggested_entries_pasted_into_a_file_make_the_gate_pass(tmp_path):
    run = run_in_subprocess(tmp_path / "raw.json", "--target=tests.mutants:full_width_letters_count",
                            "--no-expectations", "--suggest-expectations", "-k", "basic_latin")
    assert run.exit_code == 1, run.output
    printed = run.output.split("expectation entries for the failures of this run")[1].split("\n", 1)[1]
    printed = printed.split("\nconformance:")[0].split("\n===")[0]
    assert printed.startswith('targets = ["tests.mutants:full_width_letters_count"]\n'), printed
    assert 'example = { capital = "Ａ" }' in printed and 'example = { "small letter" = "ａ" }' in printed
    path = write(tmp_path, printed.replace("TODO: link to the issue or explain", "mutant"))
    run = run_in_subprocess(tmp_path / "gated.json", "--target=tests.mutants:full_width_letters_count",
                            f"--expectations={path}", "-k", "basic_latin")
    assert run.exit_code == 0, run.output
    assert run.statuses["req_basic_latin_case"] == "expected_failure"
