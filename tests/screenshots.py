"""Regenerate the README's screenshots from the current reports, in headless Chromium.

    python -m tests.screenshots [--reference RESULTS_JSON] [--moto RESULTS_JSON]

Builds report.html from a reference run's and a moto run's results (run the suite with --target
reference and --target moto first), and the matrix of the two, then writes docs/screenshots/
report-reference.png, report-moto.png and matrix.png, and screenshots.json: the number of
requirements in the catalogue the screenshots show. A test checks that number against the catalogue,
so screenshots older than the catalogue's count fail the tests.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from conformance.catalogue import load_catalogue
from localhost.files import write_all_atomically
from reports.build import matrix_files, run_report_files
from reports.document import ReportInputError, load_document
from tests.headless_chromium import Chromium, find_chromium

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "docs" / "screenshots"
RECORD = SCREENSHOTS / "screenshots.json"
OUTPUT = ROOT / "reports" / "output"
WIDTH, HEIGHT = 1280, 1400
RUN_PICTURES = ("reference", "moto")  # report-<name>.png of each; then matrix.png of both
MATRIX_PICTURE = "matrix.png"


def picture_names() -> list[str]:
    """The files the script writes into docs/screenshots/, besides screenshots.json."""
    return [f"report-{name}.png" for name in RUN_PICTURES] + [MATRIX_PICTURE]


def made_from(documents: list[dict]) -> dict:
    """What screenshots.json records: the catalogue's count and the runs the pictures show."""
    return {
        "requirements": len(load_catalogue()),
        "runs": [{"target": d["run"].get("target", {}).get("name"), "suite_revision": d["run"].get("suite_revision"),
                  "requirements": len(d["requirements"]), "gate": d["summary"]["gate"]} for d in documents],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=OUTPUT / "reference-python-reference" / "results.json")
    parser.add_argument("--moto", type=Path, default=OUTPUT / "moto-python-reference" / "results.json")
    arguments = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("screenshots: Chromium is not installed (apt-get install chromium), or set CHROMIUM", file=sys.stderr)
        return 2
    try:
        reference, moto = load_document(arguments.reference), load_document(arguments.moto)
    except ReportInputError as error:
        print(f"screenshots: {error} (run pytest --target reference and --target moto first)", file=sys.stderr)
        return 2
    record = made_from([reference, moto])
    stale = [run["target"] for run in record["runs"] if run["requirements"] != record["requirements"]]
    if stale:
        print(f"screenshots: the {', '.join(stale)} results hold another number of requirements than the catalogue's "
              f"{record['requirements']}; run the suite again first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        folder = Path(scratch)
        pages = {}
        runs = list(zip(RUN_PICTURES, (reference, moto)))
        for name, document in runs:
            write_all_atomically(run_report_files(document, folder / name))
            (folder / name / "results.json").write_text(json.dumps(document), encoding="utf-8")
            pages[f"report-{name}.png"] = folder / name / "report.html"
        write_all_atomically(matrix_files([(str(folder / name / "results.json"), document) for name, document in runs],
                                          folder / "matrix"))
        pages[MATRIX_PICTURE] = folder / "matrix" / "matrix.html"
        with Chromium(chromium, folder / "profile", width=WIDTH, height=HEIGHT) as browser:
            for picture, page in pages.items():
                browser.open(page.as_uri())
                print(browser.screenshot(SCREENSHOTS / picture))
    RECORD.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(RECORD)
    return 0


if __name__ == "__main__":
    sys.exit(main())
