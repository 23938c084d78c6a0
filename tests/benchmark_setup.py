"""How long the main job takes on a fresh clone, environment creation included.

    python3 tests/benchmark_setup.py [--runs 3] [--cache cold warm installed] [--rev main --rev HEAD]

Each run clones this repository (``--rev`` checks out another revision, to compare) into a new
temporary folder and times the main command that the clone's own README.md gives, part by part
(the parts of ``a && b`` one after the other, as the shell runs them). A run starts from an
interpreter that has nothing but pip, as on a fresh machine: a new virtual environment of the Python
running this script, whose ``bin`` comes first on PATH, so the README's ``python3 -m pip install …``
installs into it and never into the machine's own Python.

Caches (pip's, uv's and virtualenv's, each in its own folder; the machine's are never touched):

- ``cold``: empty for every run, as on a fresh CI machine: every package is downloaded;
- ``warm``: primed by one run that is not counted, then shared by the counted runs; each counted
  run still starts from a new interpreter and a new clone, so it installs the tools and creates the
  environment again, from the caches;
- ``installed``: as ``warm``, but the interpreter keeps what the priming run installed, as on a
  machine where the tools are already there: only the clone and its ``.tox`` are new.

The runs of the revisions take turns, so that the load of other processes falls on each alike. It
prints each run, then per revision and cache the median and the range (fastest to slowest) of the
whole command's wall time and CPU time (user and system, of every process it ran: steadier than the
wall time when other processes share the machine), of the install step(s) before tox, and of tox's
own ``setup`` and ``cmd`` times.
Nothing here is a test: it is not collected by pytest.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHES = ("cold", "warm", "installed")
TOX_TIMES = re.compile(r"(?P<env>[\w.-]+): (?:OK|FAIL) \((?P<total>[\d.]+)=setup\[(?P<setup>[\d.]+)\]"
                       r"\+cmd\[(?P<cmd>[\d.]+)\] seconds\)")
# Variables that would make a run use something other than its fresh interpreter and its own caches.
CLEARED = ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH", "PIP_CACHE_DIR", "PIP_NO_CACHE_DIR", "PIP_USER",
           "UV_CACHE_DIR", "UV_NO_CACHE", "VIRTUALENV_OVERRIDE_APP_DATA", "TOX_WORK_DIR", "CONDA_PREFIX")


def main_command(readme: str) -> str:
    """The README's main-job command: the first command after the comment that begins "# The main job"."""
    lines = readme.splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("# The main job"):
            for following in lines[index + 1:]:
                if following.strip() and not following.strip().startswith("#"):
                    return following.strip()
    raise SystemExit("README.md has no '# The main job' comment followed by a command")


@dataclass
class Run:
    rev: str
    cache: str
    total: float = 0.0
    cpu: float = 0.0  # user and system time of every process the command ran
    steps: list[tuple[str, float]] = field(default_factory=list)
    tox_setup: float | None = None
    tox_cmd: float | None = None
    ok: bool = True

    @property
    def install(self) -> float:
        """The parts before the last one, which runs tox: installing the tools."""
        return sum(seconds for _, seconds in self.steps[:-1])


class Bench:
    def __init__(self, work: Path, keep: bool):
        self.work = work
        self.keep = keep
        self.counter = 0

    def folder(self, name: str) -> Path:
        self.counter += 1
        path = self.work / f"{self.counter:02d}-{name}"
        path.mkdir(parents=True)
        return path

    def interpreter(self, where: Path) -> Path:
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(where)], check=True)
        return where / "bin"

    def clone(self, rev: str, where: Path) -> Path:
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(where)], check=True)
        subprocess.run(["git", "-C", str(where), "checkout", "--quiet", rev], check=True)
        return where

    def environment(self, bin_dir: Path, caches: Path) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if name not in CLEARED and not name.startswith("TOX_")}
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
        env["PIP_CACHE_DIR"] = str(caches / "pip")
        env["UV_CACHE_DIR"] = str(caches / "uv")
        env["VIRTUALENV_OVERRIDE_APP_DATA"] = str(caches / "virtualenv")
        return env

    def run(self, rev: str, cache: str, bin_dir: Path, caches: Path, quiet: bool = False) -> Run:
        clone = self.clone(rev, self.folder(f"clone-{cache}") / "suite")
        command = main_command((clone / "README.md").read_text())
        env = self.environment(bin_dir, caches)
        result = Run(rev, cache)
        log = clone.parent / "output.log"
        cpu_before = _children_cpu()
        started = time.perf_counter()
        with log.open("w") as output:
            for part in command.split(" && "):
                part_started = time.perf_counter()
                completed = subprocess.run(["bash", "-c", part], cwd=clone, env=env, stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT, text=True)
                result.steps.append((part, time.perf_counter() - part_started))
                output.write(f"$ {part}\n{completed.stdout}")
                for match in TOX_TIMES.finditer(completed.stdout):
                    result.tox_setup = float(match["setup"])
                    result.tox_cmd = float(match["cmd"])
                if completed.returncode != 0:
                    result.ok = False
                    print(f"  `{part}` exited with status {completed.returncode}; its output is in {log}",
                          file=sys.stderr)
                    break
        result.total = time.perf_counter() - started
        result.cpu = _children_cpu() - cpu_before
        if not quiet:
            tox = (f"tox setup {result.tox_setup:5.1f} s, cmd {result.tox_cmd:4.1f} s"
                   if result.tox_setup is not None else "no tox timings")
            print(f"{rev:>12} {cache:>9}: {result.total:5.1f} s, CPU {result.cpu:5.1f} s  (install {result.install:4.1f} s, {tox})"
                  f"{'' if result.ok else '  FAILED'}  `{command}`", flush=True)
        if not self.keep and result.ok:
            shutil.rmtree(clone.parent, ignore_errors=True)
        return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def spread(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.1f} ({min(values):.1f} to {max(values):.1f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="counted runs per revision and cache (default 3)")
    parser.add_argument("--cache", nargs="+", choices=CACHES, default=["cold", "warm"],
                        help="which caches to measure (default: cold warm)")
    parser.add_argument("--rev", action="append", help="a revision to measure (repeatable; default HEAD)")
    parser.add_argument("--keep", action="store_true", help="keep the clones, interpreters and caches")
    options = parser.parse_args(argv)
    revs = options.rev or ["HEAD"]
    work = Path(tempfile.mkdtemp(prefix="setup-benchmark-"))
    bench = Bench(work, options.keep)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; working in {work}", flush=True)
    runs: list[Run] = []
    try:
        for cache in options.cache:
            shared: dict[str, tuple[Path, Path]] = {}
            if cache != "cold":
                for rev in revs:  # priming: not counted
                    caches = bench.folder(f"caches-{cache}")
                    bin_dir = bench.interpreter(bench.folder("python") / "venv")
                    print(f"{rev:>12} {cache:>9}: priming the caches (not counted)", flush=True)
                    primed = bench.run(rev, cache, bin_dir, caches, quiet=True)
                    if not primed.ok:
                        return 1
                    shared[rev] = (bin_dir, caches)
            for _ in range(options.runs):
                for rev in revs:
                    if cache == "cold":
                        bin_dir, caches = bench.interpreter(bench.folder("python") / "venv"), bench.folder("caches")
                    elif cache == "warm":
                        bin_dir, caches = bench.interpreter(bench.folder("python") / "venv"), shared[rev][1]
                    else:
                        bin_dir, caches = shared[rev]
                    runs.append(bench.run(rev, cache, bin_dir, caches))
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("| revision | caches | runs | whole command (s): median (fastest to slowest) | its CPU time (s) "
          "| install step (s) | tox setup (s) | tox cmd (s) |")
    print("|---|---|---|---|---|---|---|---|")
    for cache in options.cache:
        for rev in revs:
            group = [run for run in runs if run.rev == rev and run.cache == cache and run.ok]
            failed = sum(1 for run in runs if run.rev == rev and run.cache == cache and not run.ok)
            print(f"| {rev} | {cache} | {len(group)}{f' ({failed} failed)' if failed else ''} "
                  f"| {spread([run.total for run in group])} | {spread([run.cpu for run in group])} "
                  f"| {spread([run.install for run in group])} "
                  f"| {spread([run.tox_setup for run in group if run.tox_setup is not None])} "
                  f"| {spread([run.tox_cmd for run in group if run.tox_cmd is not None])} |")
    return 0 if all(run.ok for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
