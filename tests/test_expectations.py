"""Expectations: loading, matching, suggesting, and their effect on a real run's gate."""
from __future__ import annotations

import fnmatch
import json
import tomllib

import pytest
from jsonschema import Draft202012Validator

from conformance.results.expectations import SCHEMA_PATH, Expectation, ExpectationsError, find, load_expectations, suggest
from conformance.commands.whole_run import ROOT, run_in_subprocess

KNOWN = {"req_a", "req_b"}


def write(tmp_path, text):
    path = tmp_path / "target.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_load_with_their_fields(tmp_path):
    path = write(tmp_path, '[[expected]]\nrequirement = "req_a"\nexample = "x-y"\nobserved = "bad"\nlink = "https://e/1"\n')
    assert load_expectations(path, KNOWN) == [Expectation("req_a", "bad", "x-y", "https://e/1", None)]


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
    ('[[expected]\n', "not valid TOML"),
])
def test_malformed_files_are_refused_with_one_sentence(tmp_path, text, complaint):
    with pytest.raises(ExpectationsError) as error:
        load_expectations(write(tmp_path, text), KNOWN)
    assert complaint in str(error.value)


def test_the_schema_is_valid_ships_with_the_package_and_every_expectations_file_meets_it():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["conformance"]
    assert any(fnmatch.fnmatch(SCHEMA_PATH.relative_to(ROOT / "conformance").as_posix(), p) for p in patterns)
    files = sorted((ROOT / "expectations").glob("*.toml"))
    assert files
    for path in files:
        Draft202012Validator(schema).validate(tomllib.loads(path.read_text(encoding="utf-8")))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ExpectationsError, match="cannot read the expectations file"):
        load_expectations(tmp_path / "absent.toml", KNOWN)


def test_an_entry_without_example_matches_every_row_and_one_with_example_only_its_row():
    whole, row = Expectation("req_a", "x", reason="r"), Expectation("req_b", "x", example="r1", reason="r")
    assert find([whole, row], "req_a", "anything") is whole
    assert find([whole, row], "req_b", "r1") is row
    assert find([whole, row], "req_b", "r2") is None


def test_suggestions_are_valid_entries(tmp_path):
    text = suggest([("req_a", "row-1", False, 'AssertionError: got "x"\nmore'), ("req_b", None, True, "boom")])
    entries = load_expectations(write(tmp_path, text.replace("TODO: link to the issue or explain", "r")), KNOWN)
    assert [(e.requirement, e.example, e.observed) for e in entries] == [("req_a", "row-1", 'got "x"'), ("req_b", None, "boom")]


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
    path = write(tmp_path, '[[expected]]\nrequirement = "req_symbol_set"\nexample = "nope"\nobserved = "x"\nreason = "r"\n')
    run = run_in_subprocess(tmp_path / "r.json", f"--expectations={path}")
    assert run.exit_code == 4 and "names the example 'nope'" in run.output


def test_an_entry_names_a_row_by_its_values_even_beyond_ascii(tmp_path):
    rows = ['Ａ-full-width Latin-refused with \\"InvalidPasswordException\\"',
            'ａ-full-width Latin-refused with \\"InvalidPasswordException\\"']
    path = write(tmp_path, "\n".join(f'[[expected]]\nrequirement = "req_basic_latin_case"\nexample = "{row}"\n'
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


@pytest.mark.parametrize("target", ["moto", "moto-server", "cognito-local"])
def test_every_checked_in_entry_is_well_formed(target):
    from conformance.catalogue import load_catalogue

    entries = load_expectations(CHECKED_IN / f"{target}.toml", load_catalogue())
    assert entries and all(e.observed and "\n" not in e.observed for e in entries)


def test_an_entry_repeating_another_is_refused(tmp_path):
    entry = '[[expected]]\nrequirement = "req_a"\nexample = "r1"\nobserved = "x"\nreason = "r"\n'
    with pytest.raises(ExpectationsError, match="repeats the entry 1 for req_a"):
        load_expectations(write(tmp_path, entry + "\n" + entry), KNOWN)


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
    heading = (tmp_path / "summary.md").read_text(encoding="utf-8").splitlines()[0]
    assert "gate pass with 3 expected failures from" in heading and "target.toml" in heading


def test_an_entry_for_a_requirement_not_applicable_on_the_target_is_reported(tmp_path):
    pytest.importorskip("moto")
    path = write(tmp_path, '[[expected]]\nrequirement = "req_confirm_expired_code"\nobserved = "x"\nreason = "r"\n')
    run = run_in_subprocess(tmp_path / "r.json", "--target=moto", f"--expectations={path}", "-k", "expired or masked", "--tb=no")
    notes = run.document["summary"]["expectation_notes"]
    assert len(notes) == 1 and "req_confirm_expired_code" in notes[0] and "not applicable" in notes[0], run.output
    assert "conformance: note: the expectation for req_confirm_expired_code" in run.output
