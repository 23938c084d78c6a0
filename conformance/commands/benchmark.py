"""How the suite's cost grows: wall time, requests, pools and the harness's own overhead per target.

    python -m conformance.commands.benchmark [--quick] [--repeat N] [--out FILE]

Every row is one full run of the specification in a fresh pytest process (start-up included in
the wall time). The harness overhead per item is the time items took minus the time spent waiting
for the service, divided by the items. The latency rows put a loopback proxy adding a fixed delay
to every request in front of the reference served over HTTP, as a distant Cognito region would;
their workers are pytest-xdist's (``-n N`` with its default distribution, which the suite
schedules by backend definition: conformance/scheduling.py).

With ``--repeat N`` every configuration runs N times, in N rounds of the whole plan so that each
round meets the same machine; a row then shows the median run, with the fastest and the slowest
wall time, and the speed-ups are the median of the rounds' ratios, with their range (an odd N gives
true medians; of an even one, the less favourable of the middle two).
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conformance.commands.whole_run import run_in_subprocess
from conformance.scheduling import PLUGIN_NAME as BY_DEFINITION


@dataclass(frozen=True)
class Configuration:
    target: str
    workers: int = 1
    latency_ms: int = 0
    by_definition: bool = True  # with workers, the suite's scheduling; False: pytest-xdist's own (load)

    @property
    def scheduling(self) -> str:
        """How items go to the workers: the suite's default under -n, or pytest-xdist's own."""
        if self.workers == 1:
            return "one process"
        return "by definition" if self.by_definition else "xdist's load"

    def __str__(self) -> str:
        return f"{self.target}, {self.latency_ms} ms, {self.workers} worker(s), {self.scheduling}"


@dataclass(frozen=True)
class Measurement:
    configuration: Configuration
    exit_code: int
    items: int
    wall_seconds: float
    item_seconds: float
    service_calls: int
    service_seconds: float
    backoff_seconds: float
    pools: int

    @property
    def calls_per_item(self) -> float:
        return self.service_calls / self.items if self.items else 0.0

    @property
    def overhead_ms_per_item(self) -> float:
        own = self.item_seconds - self.service_seconds - self.backoff_seconds
        return 1000 * own / self.items if self.items else 0.0


def default_plan(quick: bool) -> list[Configuration]:
    plan = [Configuration("reference", 1), Configuration("reference", 2)]
    if importlib.util.find_spec("moto") is not None:
        plan += [Configuration("moto", 1), Configuration("moto", 2)]
    latency_workers = (1, 8) if quick else (1, 2, 4, 8)
    plan += [Configuration("reference-http", n, 60) for n in latency_workers]
    if not quick:  # the default under -n against pytest-xdist's own scheduling
        plan.append(Configuration("reference-http", 8, 60, by_definition=False))
    return plan


def measure(configuration: Configuration, folder: Path) -> Measurement:
    results = folder / (f"{configuration.target}-{configuration.workers}-{configuration.latency_ms}"
                        f"{'' if configuration.by_definition else '-xdist'}.json")
    results.unlink(missing_ok=True)  # an earlier round's
    options = [f"--target={configuration.target}"]
    if configuration.latency_ms:
        options.append(f"--latency-ms={configuration.latency_ms}")
    if not configuration.by_definition:
        options += ["-p", f"no:{BY_DEFINITION}"]
    run = run_in_subprocess(results, *options, workers=configuration.workers)
    if not run.document:
        raise RuntimeError(f"{configuration} wrote no results: {run.output[-800:]}")
    info = run.document["run"]
    return Measurement(
        configuration=configuration,
        exit_code=run.exit_code,
        items=len(run.items),
        wall_seconds=run.wall_seconds,
        item_seconds=sum(item["duration"] for item in run.items),
        service_calls=info.get("service_calls") or 0,
        service_seconds=info.get("service_seconds") or 0.0,
        backoff_seconds=info.get("client_backoff_seconds") or 0.0,
        pools=info.get("pools_created") or 0,
    )


def median_run(runs: list[Measurement]) -> Measurement:
    """The run with the median wall time (the slower of the two middle ones for an even count)."""
    return sorted(runs, key=lambda m: m.wall_seconds)[len(runs) // 2]


def _spread(values: list[float], digits: int = 1) -> str:
    low, high = min(values), max(values)
    return "" if round(low, digits) == round(high, digits) else f" ({low:.{digits}f}–{high:.{digits}f})"


def table(rows: list[list[Measurement]]) -> str:
    """One line per configuration, from the runs of it (one or more)."""
    lines = [
        "| target | latency per request | workers | items to workers | test items | wall time (s) | requests "
        "| requests per item | user pools | time in service (s) | harness overhead per item (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for runs in rows:
        m, c = median_run(runs), runs[0].configuration
        pools = sorted({r.pools for r in runs})
        lines.append(
            f"| {c.target} | {c.latency_ms} ms | {c.workers} | {c.scheduling} | {m.items} "
            f"| {m.wall_seconds:.1f}{_spread([r.wall_seconds for r in runs])} | {m.service_calls} "
            f"| {m.calls_per_item:.1f} | {'–'.join(map(str, (pools[0], pools[-1]) if len(pools) > 1 else pools))} "
            f"| {m.service_seconds:.1f} | {m.overhead_ms_per_item:.1f} |"
        )
    return "\n".join(lines)


def speedups(rows: list[list[Measurement]]) -> list[str]:
    """Per latency, how much faster N workers are than one: the median of the rounds' ratios (of an even
    number of rounds, the lower of the middle two, as a row shows the slower of its middle two runs)."""
    notes = []
    latency = [runs for runs in rows if runs[0].configuration.latency_ms]
    single = next((runs for runs in latency if runs[0].configuration.workers == 1), None)
    for runs in latency:
        c = runs[0].configuration
        if single is None or c.workers == 1:
            continue
        ratios = sorted(one.wall_seconds / many.wall_seconds for one, many in zip(single, runs))
        spread = f" ({ratios[0]:.1f}x to {ratios[-1]:.1f}x over {len(ratios)} rounds)" if len(ratios) > 1 else ""
        scheduled = "" if c.by_definition else " with pytest-xdist's own scheduling"
        median = ratios[(len(ratios) - 1) // 2]
        notes.append(f"{c.latency_ms} ms latency: {c.workers} workers{scheduled} are {median:.1f}x faster "
                     f"than 1{spread}")
    return notes


def pools_note(rows: list[list[Measurement]]) -> str | None:
    """The pools of the latency rows: one worker creates one per distinct definition the run uses."""
    latency = [runs for runs in rows if runs[0].configuration.latency_ms]
    single = next((runs for runs in latency if runs[0].configuration.workers == 1), None)
    if single is None:
        return None
    others = ", ".join(f"{median_run(runs).pools} with {runs[0].configuration.workers} workers"
                       + ("" if runs[0].configuration.by_definition else " and pytest-xdist's own scheduling")
                       for runs in latency if runs[0].configuration.workers > 1)
    return f"user pools: {median_run(single).pools} with 1 worker (one per distinct definition)" + (
        f"; {others}" if others else "")


def report(rows: list[list[Measurement]]) -> str:
    notes = speedups(rows) + [note for note in [pools_note(rows)] if note]
    return table(rows) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer latency rows (1 and 8 workers)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run every configuration N times, in N rounds of the plan (default 1)")
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    plan = default_plan(args.quick)
    rows: list[list[Measurement]] = [[] for _ in plan]
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(max(1, args.repeat)):
            for configuration, runs in zip(plan, rows):
                measurement = measure(configuration, Path(folder))
                runs.append(measurement)
                print(f"measured {configuration} (round {round_ + 1}): {measurement.wall_seconds:.1f} s, "
                      f"{measurement.pools} pools, exit {measurement.exit_code}", file=sys.stderr, flush=True)
    text = report(rows)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0 if all(m.exit_code == 0 for runs in rows for m in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
