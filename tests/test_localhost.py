"""localhost: what the suite starts and writes on this machine, without the rest of the project."""
from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest

from localhost.files import write_all_atomically, write_atomically
from localhost.node import NpmPins

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = {"conformance", "targets", "steps", "reports", "tests", "conftest"}


def test_localhost_imports_nothing_of_the_project():
    for module in sorted((ROOT / "localhost").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {name.split(".")[0] for name in imported} & PROJECT_PACKAGES, module.name


def test_targets_import_nothing_of_conformance():
    for module in sorted((ROOT / "targets").rglob("*.py")):
        if "node_modules" in module.parts:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not {name for name in imported if name.split(".")[0] in {"conformance", "steps", "reports"}}, module


# --- files ----------------------------------------------------------------------------------------

def test_a_file_is_written_whole_in_a_new_folder_with_ordinary_permissions(tmp_path):
    path = tmp_path / "a" / "b" / "doc.json"
    assert write_atomically(path, "naïve\n") == path
    assert path.read_bytes() == "naïve\n".encode("utf-8")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    write_atomically(path, b"\x00bytes")
    assert path.read_bytes() == b"\x00bytes"
    assert [p.name for p in path.parent.iterdir()] == ["doc.json"]


def test_a_failed_write_touches_no_file_and_leaves_no_temporary(tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_text("old")

    class Unwritable(str):
        def encode(self, *args, **kwargs):
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_all_atomically({tmp_path / "first.txt": "new", kept: Unwritable("x")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]
    assert kept.read_text() == "old"


# --- npm pins -------------------------------------------------------------------------------------

def _npm_folder(tmp_path: Path, pinned: dict[str, str], installed: dict[str, str]) -> Path:
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": pinned}))
    for name, version in installed.items():
        manifest = tmp_path / "node_modules" / name / "package.json"
        manifest.parent.mkdir(parents=True)
        manifest.write_text(json.dumps({"name": name, "version": version}))
    return tmp_path


def test_pins_hold_when_every_package_has_its_pinned_version(tmp_path):
    pins = NpmPins(_npm_folder(tmp_path, {"a": "1.0.0", "@s/b": "2.0.0"}, {"a": "1.0.0", "@s/b": "2.0.0"}),
                   ("a", "@s/b"))
    assert pins.pinned() == {"a": "1.0.0", "@s/b": "2.0.0"}
    assert pins.installed() == {"a": "1.0.0", "@s/b": "2.0.0"}
    assert pins.problem() is None


def test_pins_name_what_is_missing_or_another_version(tmp_path):
    folder = _npm_folder(tmp_path, {"a": "1.0.0", "b": "2.0.0", "c": "3.0.0"}, {"a": "1.0.1", "c": "3.0.0"})
    assert NpmPins(folder, ("a", "b")).problem() == f"b is not installed in {folder}"
    assert NpmPins(folder, ("b", "d")).installed() == {"b": None, "d": None}
    assert NpmPins(folder, ("a", "c")).problem() == f"{folder} has a 1.0.1, not the pinned 1.0.0"
