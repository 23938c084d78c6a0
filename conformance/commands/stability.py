"""Run the specification several times and fail if any test item's outcome changes between runs.

    python -m conformance.commands.stability --runs 20 [--workers 2] [-- pytest options such as --target=moto]

Each run is a fresh pytest process writing its own results document; the item statuses of every
run are compared with the first. It prints one line per run and the figure: runs, items, and the
number of items whose outcome differed.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from conformance.commands.whole_run import run_in_subprocess


def run_once(results: Path, workers: int, options: list[str]) -> tuple[int, dict[str, str]]:
    run = run_in_subprocess(results, *options, workers=workers)
    if not run.document:
        raise RuntimeError(f"run wrote no results (exit {run.exit_code}): {run.output[-500:]}")
    return run.exit_code, run.item_statuses


def differing(runs: list[dict[str, str]]) -> dict[str, list[str]]:
    """Items whose status is not the same in every run, with the status of each run."""
    nodeids = set().union(*runs) if runs else set()
    return {
        nodeid: [run.get(nodeid, "missing") for run in runs]
        for nodeid in sorted(nodeids)
        if len({run.get(nodeid, "missing") for run in runs}) > 1
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="how many runs (default 10)")
    parser.add_argument("--workers", type=int, default=1, help="pytest-xdist workers per run (default 1: none)")
    parser.add_argument("options", nargs="*", help="pytest options passed to every run, after --")
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2 to compare anything")
    runs, exits = [], []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        for number in range(1, args.runs + 1):
            try:
                code, outcomes = run_once(Path(folder) / f"run-{number}.json", args.workers, args.options)
            except RuntimeError as error:
                print(f"stability: run {number} failed to produce results: {error}", file=sys.stderr)
                return 2
            runs.append(outcomes)
            exits.append(code)
            print(f"run {number}: exit {code}, {len(outcomes)} items")
    changes = differing(runs)
    for nodeid, statuses in changes.items():
        print(f"differs: {nodeid}: {', '.join(statuses)}")
    elapsed = time.monotonic() - started
    print(f"stability: {args.runs} runs, {len(runs[0])} items each, workers {args.workers}, "
          f"{len(changes)} items with differing outcomes, {len(set(exits))} distinct exit codes, {elapsed:.1f} s")
    return 1 if changes or len(set(exits)) > 1 else 0


if __name__ == "__main__":
    raise SystemExit(main())
