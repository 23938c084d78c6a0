"""Installs what the suite's own tests need beyond Python: the pinned npm packages and Chromium.

    python tests/install_test_tools.py

On a developer's machine an install that fails is said and skipped: the tests that need it are then
skipped, saying why. In CI (``CI=true``) it fails the tests command with one sentence instead, so
that a green CI never hides tests that could not run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_PACKAGES = ("targets/node/cognito-local", "conformance/clients/amplify_js", "conformance/definitions/amplify_backend")
CHROMIUM_PACKAGES = ("chromium", "fonts-dejavu-core")


def installs() -> list[tuple[str, list[list[str]]]]:
    """(what, commands) for each install, in order."""
    steps = [(f"the npm packages of {folder}", [["npm", "ci", "--prefix", folder, "--no-audit", "--no-fund"]])
             for folder in NPM_PACKAGES]
    if shutil.which("chromium") is None:
        steps.append(("Chromium, for the report's browser test", [
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", *CHROMIUM_PACKAGES],
        ]))
    return steps


def run_step(commands: list[list[str]]) -> str | None:
    """None when every command succeeded, else why the first one failed."""
    for command in commands:
        if shutil.which(command[0]) is None:
            return f"{command[0]} is not on PATH"
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if completed.returncode != 0:
            last = (completed.stderr.strip() or completed.stdout.strip() or "no output").splitlines()[-1]
            return f"`{' '.join(command)}` exited with status {completed.returncode} ({last})"
    return None


def main() -> int:
    in_ci = os.environ.get("CI", "").lower() == "true"
    for what, commands in installs():
        problem = run_step(commands)
        if problem is None:
            continue
        if in_ci:
            print(f"ERROR: installing {what} failed: {problem}; in CI the tests that need it must run, "
                  "so fix the install (network, Node.js 20 and npm, root for apt-get)", file=sys.stderr)
            return 1
        print(f"skipping: installing {what} failed: {problem}; the tests that need it will be skipped",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
