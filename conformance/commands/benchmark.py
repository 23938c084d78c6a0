"""How the suite's cost grows: wall time, requests, pools and the harness's own overhead per target.

    python -m conformance.commands.benchmark [--quick] [--out FILE]

Every row is one full run of the specification in a fresh pytest process (start-up included in
the wall time). The harness overhead per item is the time items took minus the time spent waiting
for the service, divided by the items. The latency rows put a loopback proxy adding a fixed delay
to every request in front of the reference served over HTTP, as a distant Cognito region would.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conformance.commands.whole_run import run_in_subprocess


@dataclass(frozen=True)
class Configuration:
    target: str
    workers: int = 1
    latency_ms: int = 0


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
    return plan


def measure(configuration: Configuration, folder: Path) -> Measurement:
    results = folder / f"{configuration.target}-{configuration.workers}-{configuration.latency_ms}.json"
    options = [f"--target={configuration.target}"]
    if configuration.latency_ms:
        options.append(f"--latency-ms={configuration.latency_ms}")
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


def table(measurements: list[Measurement]) -> str:
    lines = [
        "| target | latency per request | workers | test items | wall time (s) | requests | requests per item "
        "| user pools | time in service (s) | harness overhead per item (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in measurements:
        c = m.configuration
        lines.append(
            f"| {c.target} | {c.latency_ms} ms | {c.workers} | {m.items} | {m.wall_seconds:.1f} | {m.service_calls} "
            f"| {m.calls_per_item:.1f} | {m.pools} | {m.service_seconds:.1f} | {m.overhead_ms_per_item:.1f} |"
        )
    return "\n".join(lines)


def speedups(measurements: list[Measurement]) -> list[str]:
    notes = []
    latency = [m for m in measurements if m.configuration.latency_ms]
    single = next((m for m in latency if m.configuration.workers == 1), None)
    for m in latency:
        if single is not None and m.configuration.workers > 1:
            notes.append(f"{m.configuration.latency_ms} ms latency: {m.configuration.workers} workers are "
                         f"{single.wall_seconds / m.wall_seconds:.1f}x faster than 1")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer latency rows (1 and 8 workers)")
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    measurements = []
    with tempfile.TemporaryDirectory() as folder:
        for configuration in default_plan(args.quick):
            measurement = measure(configuration, Path(folder))
            measurements.append(measurement)
            print(f"measured {configuration}: {measurement.wall_seconds:.1f} s, exit {measurement.exit_code}",
                  file=sys.stderr, flush=True)
    text = table(measurements) + "\n\n" + "\n".join(f"- {note}" for note in speedups(measurements)) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0 if all(m.exit_code == 0 for m in measurements) else 1


if __name__ == "__main__":
    raise SystemExit(main())
