"""The specification as a command that runs from any directory: ``amplify-password-conformance``.

    amplify-password-conformance --target moto-server [--client amplify-js] [--run-name NAME] [--output DIR] …

It takes the pytest plugin's options (``--target``, ``--client``, ``--definitions``, ``--expectations``,
``--no-expectations``, ``--results``, ``--run-name``, ``--output``, ``--latency-ms``, …) and pytest's own
(``-n 4``, ``-k``, ``-q``), and runs the suite's scenarios with the suite's configuration only: a
pytest configuration or ``conftest.py`` in the current directory plays no part, and the suite's own
tests are never collected. Its exit code is the run's verdict (0 pass, 1 fail, 2 interrupted,
3 the plumbing broke, 4 a mistake in the options or files).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HOME = Path(__file__).resolve().parents[2]  # where the suite's packages are: a checkout, or site-packages
STEPS = HOME / "steps"
SETTINGS = Path(__file__).resolve().with_name("gate.ini")  # the suite's pytest settings, nothing else's


def arguments(options: list[str]) -> list[str]:
    """The pytest command line that runs the specification with ``options``."""
    return [str(STEPS), "-c", str(SETTINGS), "--rootdir", str(HOME), "-p", "conformance.plugin", *options]


def main(argv: list[str] | None = None) -> int:
    return int(pytest.main(arguments(list(sys.argv[1:] if argv is None else argv))))


if __name__ == "__main__":
    sys.exit(main())
