"""The specification's options, and a value written apart from its option that pytest took for a test path."""
from __future__ import annotations

from pathlib import Path

import pytest

from conformance.options import VALUED_OPTIONS, add_options, detached_value_problem

SUITE = Path("/suite")


class Group:
    """Records the options declared into it, as pytest's option group would take them."""

    def __init__(self) -> None:
        self.options: dict[str, dict] = {}

    def addoption(self, name: str, **attributes) -> None:
        self.options[name] = attributes


class Parser:
    def __init__(self) -> None:
        self.groups: dict[str, Group] = {}

    def getgroup(self, name: str, description: str = "") -> Group:
        return self.groups.setdefault(name, Group())


def test_the_list_of_options_with_values_is_the_one_declared():
    parser = Parser()
    add_options(parser)
    declared = parser.groups["conformance"].options
    assert set(VALUED_OPTIONS) == {name for name, attributes in declared.items() if attributes.get("action") != "store_true"}
    assert len(declared) > len(VALUED_OPTIONS)  # flags too


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
