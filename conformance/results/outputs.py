"""Where a run will write, checked before it starts: a run never ends in a traceback over its outputs,
and never writes over another run's files.

A run has a name (``--run-name``, by default ``<target>-<client>-<definitions>``) and an output folder
(``--output DIR``, by default ``<base>/<run name>``) holding its results.json, summary.md, report.html
and recording comparison. ``--results FILE`` names the results file instead; the reports then go
beside it, named after its stem when that is not ``results``.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

RESULTS_NAME = "results.json"
INSTALLED_BASE = "conformance-output"  # in the current directory, when the suite runs installed
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")


def unwritable(path: Path, option: str) -> str | None:
    """Why the file ``path`` (given with ``option``) cannot be written, in one sentence, or None when it can."""
    if path.is_dir():
        return f"{option}={path} is a directory; name a file inside it, e.g. {path / 'results.json'}"
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{option}={path} lies under {parent}, which is a file, not a directory; choose another path"
            if not os.access(parent, os.W_OK | os.X_OK):
                return f"{option}={path} cannot be written: {parent} is not writable; choose another path"
            return None
    return None


def default_run_name(target: str, client: str, definitions: str) -> str:
    """``<target>-<client>-<definitions>``, with every character unsafe in a folder name made ``_``."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in f"{target}-{client}-{definitions}")


def run_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a run (it names its folder), in one sentence, or None when it can."""
    if _NAME.fullmatch(name):
        return None
    return (f"--run-name={name!r} cannot name a run folder: use 1 to 100 letters, digits, '-', '_' or '.', "
            "not starting with '.' or '-'")


def output_base(root: Path, cwd: Path) -> Path:
    """Where run folders go by default: reports/output of a checkout, else ./conformance-output (installed)."""
    if (root / "pyproject.toml").is_file() and (root / "conformance").is_dir():
        return root / "reports" / "output"
    return cwd / INSTALLED_BASE


def results_path(results: str | None, output: str | None, run_name: str, base: Path) -> Path:
    """The run's results file: ``--results``, else ``results.json`` in ``--output``, else in ``base/<run name>``."""
    if results and output:
        raise ValueError(f"--results={results} and --output={output} both say where the run writes; give one "
                         "(--output DIR for a folder of its own, --results FILE for the results file alone)")
    if results:
        return Path(results)
    return (Path(output) if output else base / run_name) / RESULTS_NAME


def written_run_name(document: object) -> str | None:
    """The name of the run that wrote a results document: its ``run.name``, or for a document written
    before runs had names, the default name its target, client and definitions give."""
    run = document.get("run") if isinstance(document, dict) else None
    if not isinstance(run, dict):
        return None
    if isinstance(run.get("name"), str):
        return run["name"]
    target = run.get("target")
    target = target.get("name") if isinstance(target, dict) else target
    if not all(isinstance(value, str) for value in (target, run.get("client"), run.get("definitions"))):
        return None
    return default_run_name(target, run["client"], run["definitions"])


def another_run(path: Path, run_name: str) -> str | None:
    """Why this run (``run_name``) must not write ``path``: it holds another run's results; None when it
    does not exist or holds this run's own (a rerun of a name replaces its files)."""
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return (f"{path} exists and is not a results document; run {run_name!r} will not write over it: "
                "remove it, or give the run another folder with --output")
    written = written_run_name(document)
    if written == run_name:
        return None
    if written is None:
        return (f"{path} holds results of a run without a name, not of run {run_name!r}; "
                "give this run another folder with --output, or remove the file")
    return (f"{path} holds the results of run {written!r}, not of run {run_name!r}; give this run another "
            f"folder with --output, or name it {written!r} with --run-name to replace them")
