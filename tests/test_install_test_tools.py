"""A failed install of a test tool is skipped on a developer's machine and fails CI with one sentence."""
from __future__ import annotations

import install_test_tools


def broken(monkeypatch):
    monkeypatch.setattr(install_test_tools, "installs", lambda: [("the npm packages of x", [["npm", "ci"]])])
    monkeypatch.setattr(install_test_tools, "run_step", lambda commands: "`npm ci` exited with status 1 (E404)")


def test_in_ci_a_failed_install_fails_with_one_sentence(monkeypatch, capsys):
    broken(monkeypatch)
    monkeypatch.setenv("CI", "true")
    assert install_test_tools.main() == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(errors) == 1 and errors[0].startswith("ERROR: installing the npm packages of x failed")


def test_elsewhere_a_failed_install_is_skipped_saying_so(monkeypatch, capsys):
    broken(monkeypatch)
    monkeypatch.delenv("CI", raising=False)
    assert install_test_tools.main() == 0
    assert "skipping: installing the npm packages of x failed" in capsys.readouterr().err


def test_a_missing_tool_is_named(monkeypatch):
    monkeypatch.setattr(install_test_tools.shutil, "which", lambda name: None)
    assert install_test_tools.run_step([["npm", "ci"]]) == "npm is not on PATH"
