"""The command line: one run's reports, or a matrix of several runs.

    python -m reports build RESULTS_JSON [--out DIR]
    python -m reports matrix A.json B.json ... [--out DIR]

A bad input ends in one sentence on stderr and exit code 2; nothing is written unless every input
was read and every output rendered.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from localhost.files import write_all_atomically
from reports.build import matrix_files, run_report_files
from reports.document import ReportInputError, load_document

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one sentence, not a usage dump
        raise ReportInputError(f"{message[0].upper()}{message[1:]} (see python -m reports --help).")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m reports", description="Build compliance reports from results JSON files.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    build = commands.add_parser("build", help="write summary.md and report.html for one run")
    build.add_argument("results", type=Path, help="a results.json written by a run of the suite")
    build.add_argument("--out", type=Path, help="folder to write into (default: the results file's folder)")
    matrix = commands.add_parser("matrix", help="write matrix.html and matrix.md comparing several runs")
    matrix.add_argument("results", type=Path, nargs="+", help="results.json files, one per run (column)")
    matrix.add_argument("--out", type=Path, default=Path("."),
                        help="folder to write into (default: the current folder)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        arguments = _parser().parse_args(argv)
        written = _build(arguments) if arguments.command == "build" else _matrix(arguments)
    except ReportInputError as error:
        print(f"reports: {error}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"reports: could not write{where} ({error.strerror or error}); choose another --out folder.",
              file=sys.stderr)
        return USAGE_ERROR
    for path in written:
        print(path)
    return 0


def _build(arguments: argparse.Namespace) -> list[Path]:
    document = load_document(arguments.results)
    out = arguments.out or arguments.results.parent
    return write_all_atomically(run_report_files(document, out))


def _matrix(arguments: argparse.Namespace) -> list[Path]:
    documents = [(str(path), load_document(path)) for path in arguments.results]
    return write_all_atomically(matrix_files(documents, arguments.out))
