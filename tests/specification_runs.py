"""The specification run in a pytest process of its own, as a user runs it, and the one error it ends with."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USAGE_ERROR = 4  # pytest's exit code for a usage error: how the suite refuses bad input


def run_specification(*options: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
                      timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m pytest steps -q`` in ``cwd`` (the checkout, or a copy of it) with ``options``."""
    return subprocess.run([sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", *options],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def one_clear_error(completed: subprocess.CompletedProcess, *words: str, exit_code: int = USAGE_ERROR) -> str:
    """The run's only ``ERROR:`` line, which holds every one of ``words``; the run exited with ``exit_code``
    and printed no traceback."""
    output = completed.stdout + completed.stderr
    assert completed.returncode == exit_code, output
    assert "Traceback" not in output and "INTERNALERROR" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR: ")]
    assert len(errors) == 1, output
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]
