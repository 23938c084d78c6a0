"""The specification's options, and a value written apart from its option that pytest took for a test path."""
from __future__ import annotations

from pathlib import Path

import pytest

from conformance.options import declarations, detached_value_problem

SUITE = Path("/suite")


def test_the_options_are_declared_once_each_and_flags_take_no_value():
    names = [name for name, _ in declarations()]
    assert len(names) == len(set(names)) and "--output" in names
    flags = {name for name, keywords in declarations() if keywords.get("action") == "store_true"}
    assert flags == {"--no-expectations", "--suggest-expectations"}


def test_a_flag_before_an_existing_path_is_not_mistaken_for_a_value_written_apart(tmp_path):
    (tmp_path / "out").mkdir()
    assert detached_value_problem(["--no-expectations", "out"], tmp_path, tmp_path / "out", SUITE) is None


def test_a_value_written_apart_that_moved_pytest_s_root_folder_is_refused_in_one_sentence(tmp_path):
    (tmp_path / "out").mkdir()
    problem = detached_value_problem(["--target=reference", "--output", "out"], tmp_path, tmp_path / "out", SUITE)
    assert problem == (f"write --output=out with '=': written apart, pytest took out for a test path before it "
                       f"knew the suite's options, and its root folder became {tmp_path / 'out'}")


@pytest.mark.parametrize("args, rootpath", [
    (["--output=out"], Path("/elsewhere")),  # written with '='
    (["--output", "missing"], Path("/elsewhere")),  # not an existing path: pytest ignores it
    (["--output", "out"], SUITE),  # the root folder is the suite's all the same
    (["--rootdir", "/suite", "--output", "out"], Path("/suite/out")),  # the root folder was given
    (["-k", "out"], Path("/elsewhere")),  # not one of the suite's options
])
def test_values_that_did_no_harm_pass(args, rootpath, tmp_path):
    (tmp_path / "out").mkdir()
    assert detached_value_problem(args, tmp_path, rootpath, SUITE) is None
