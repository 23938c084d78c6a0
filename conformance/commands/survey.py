"""Raw conformance of every target: the specification with expectations off, one run per target.

    python -m conformance.commands.survey [--targets reference moto ...] [--no-amplify-js] [--readme README.md]

The python client runs against every target and the real aws-amplify against those with an HTTP
endpoint; the command counts the test items whose status differs between the two clients on the same
target. Each run's results go to reports/output/survey/; the command then writes the per-target table into
README.md between the markers ``<!-- conformance-table:start -->`` and ``<!-- conformance-table:end -->``
and a side-by-side matrix (matrix.html, matrix.md) beside the results. A target that cannot run on
this machine (e.g. cognito-local without its npm package) gets a row saying why.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from conformance.commands.whole_run import ROOT, WholeRun, run_in_subprocess
from localhost.files import write_all_atomically
from reports.build import matrix_files

DEFAULT_TARGETS = ("reference", "reference-http", "moto", "moto-server", "cognito-local")
# The real library needs an HTTP endpoint, so it runs against the targets that have one.
AMPLIFY_JS_TARGETS = ("reference-http", "moto-server", "cognito-local")
OUTPUT = ROOT / "reports" / "output" / "survey"
START, END = "<!-- conformance-table:start -->", "<!-- conformance-table:end -->"
COLUMNS = ("passed", "failed", "warning", "not_applicable")


@dataclass(frozen=True)
class SurveyRow:
    target: str
    client: str
    definitions: str
    run: WholeRun

    def cells(self) -> list[str]:
        if not self.run.document:
            reason = next((line.removeprefix("ERROR: ") for line in self.run.output.splitlines()
                           if line.startswith("ERROR: ")), f"exit {self.run.exit_code}")
            return [self.target, self.client, self.definitions, "", "", "", "", "", "", f"did not run: {reason}"]
        document = self.run.document
        counts = document["summary"]["requirements"]
        items = document["summary"]["items"]
        version = document["run"]["target"].get("version", "")
        service = document["summary"].get("service_requirements", {})
        item_text = ", ".join(f"{items.get(status, 0)} {status.replace('_', ' ')}" for status in COLUMNS)
        return [f"{self.target} {version}".strip(), self.client, self.definitions,
                *(str(counts.get(status, 0)) for status in COLUMNS),
                f"{service.get('passed', 0)} / {service.get('failed', 0)}", item_text, f"{self.run.wall_seconds:.1f} s"]


def table(rows: list[SurveyRow], command: str) -> str:
    header = ["target", "client", "definitions", "requirements passed", "failed", "warnings (SHOULD)",
              "not applicable", "of the service's: passed / failed", "test items", "wall time"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    lines += ["", f"Produced by `{command}` with expectations off (raw conformance), one run per row; wall "
              "times are of that single run, start-up included (the benchmark measures times properly). "
              "\"Of the service's\" leaves out the requirements on the Amplify client and on backend "
              "definitions, which a target cannot fail."]
    return "\n".join(lines)


def replace_section(text: str, section: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"the README has no {START} ... {END} markers to write the table between")
    return pattern.sub(lambda _: f"{START}\n{section}\n{END}", text)


def plan(targets: list[str], with_amplify_js: bool) -> list[tuple[str, str]]:
    """(target, client) pairs: the python client on every target, the real library where it can run."""
    pairs = [(target, "python") for target in targets]
    if with_amplify_js:
        pairs += [(target, "amplify-js") for target in targets if target in AMPLIFY_JS_TARGETS]
    return pairs


def client_differences(rows: list[SurveyRow]) -> list[str]:
    """For each target run with both clients: how many test items got a different status."""
    notes = []
    by_target: dict[str, dict[str, SurveyRow]] = {}
    for row in rows:
        if row.run.document:
            by_target.setdefault(row.target, {})[row.client] = row
    for target, clients in by_target.items():
        if {"python", "amplify-js"} <= set(clients):
            python, real = clients["python"].run.item_statuses, clients["amplify-js"].run.item_statuses
            differing = sorted(n for n in set(python) | set(real) if python.get(n) != real.get(n))
            notes.append(f"{target}: {len(differing)} of {len(python)} test items differ in status between the "
                         f"python client and the real aws-amplify" + (f" ({', '.join(differing[:5])})" if differing else ""))
    return notes


def write_matrix(documents: list[tuple[str, dict]], out: Path) -> list[Path]:
    """matrix.html and matrix.md of the runs' documents, given as (where each was written, document),
    each column linked to its run's report page, as ``python -m reports matrix`` writes them."""
    return write_all_atomically(matrix_files(documents, out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", nargs="+", default=list(DEFAULT_TARGETS))
    parser.add_argument("--no-amplify-js", action="store_true", help="run the python client only")
    parser.add_argument("--definitions", default="reference")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="the file to write the table into")
    parser.add_argument("--no-readme", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for target, client in plan(args.targets, not args.no_amplify_js):
        results = OUTPUT / f"{target}-{client}-{args.definitions}.json"
        results.unlink(missing_ok=True)
        run = run_in_subprocess(results, f"--target={target}", f"--client={client}",
                                f"--definitions={args.definitions}", "--no-expectations")
        rows.append(SurveyRow(target, client, args.definitions, run))
        print(f"survey: {target} / {client}: exit {run.exit_code} in {run.wall_seconds:.1f} s", file=sys.stderr, flush=True)
    command = "python -m conformance.commands.survey" + ("" if args.targets == list(DEFAULT_TARGETS)
                                                 else " --targets " + " ".join(args.targets))
    text = table(rows, command)
    differences = client_differences(rows)
    if differences:
        text += "\n\nThe real library against the python client, same target:\n\n" + "\n".join(f"- {d}" for d in differences)
    print(text)
    finished = [(str(OUTPUT / f"{row.target}-{row.client}-{args.definitions}.json"), row.run.document)
                for row in rows if row.run.document]
    if len(finished) > 1:
        write_matrix(finished, OUTPUT)
    if not args.no_readme:
        args.readme.write_text(replace_section(args.readme.read_text(encoding="utf-8"), text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
