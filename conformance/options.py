"""The specification's command-line options, and the one way pytest can misread them.

pytest decides its root folder and settings file from the arguments that look like test paths before
it loads plugins, so the value of a suite option written apart from it (``--output DIR``) counts as a
test path at that moment when it names an existing file or folder. A run whose root folder came out
elsewhere than the suite's would collect the wrong tests; :func:`detached_value_problem` names the fix.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conformance.clients.registry import available_clients
from targets import available_targets

GROUP = "conformance"
# The options that take a value (the others are flags); tests/test_options.py keeps this list true.
VALUED_OPTIONS = ("--target", "--client", "--definitions", "--run-name", "--output", "--results", "--expectations",
                  "--latency-ms", "--record", "--compare-recording")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, "Amplify Auth password-management conformance")
    group.addoption("--target", default="reference",
                    help=f"the service under test: {', '.join(available_targets())}, or package.module:Factory")
    group.addoption("--client", default="python",
                    help=f"who speaks the Amplify API: {', '.join(available_clients())} (amplify-js: the real "
                         "library, in Node), or package.module:Factory")
    group.addoption("--definitions", default="reference",
                    help="how defineAuth props become a user pool: reference, or amplify-backend (the real auth construct)")
    group.addoption("--run-name", default=None, metavar="NAME",
                    help="the run's name in its results, reports and a matrix, and its folder's name "
                         "(default <target>-<client>-<definitions>); letters, digits, '-', '_' and '.'")
    group.addoption("--output", default=None, metavar="DIR",
                    help="the folder the run writes results.json, summary.md and report.html into "
                         "(default reports/output/<run name>, or ./conformance-output/<run name> when installed)")
    group.addoption("--results", default=None, metavar="FILE",
                    help="where to write the results JSON instead; the reports go beside it "
                         "(run-a.json: run-a.summary.md, run-a.report.html)")
    group.addoption("--expectations", default=None,
                    help="the target's known deviations (default: the file in expectations/ whose targets name it)")
    group.addoption("--no-expectations", action="store_true",
                    help="ignore expectations files, to see the target's raw conformance")
    group.addoption("--latency-ms", type=float, default=0,
                    help="put a loopback proxy adding this delay to every request in front of the target "
                         "(targets with an HTTP endpoint only, e.g. reference-http)")
    group.addoption("--suggest-expectations", action="store_true",
                    help="print ready-to-paste expectation entries for this run's failures")
    group.addoption("--record", default=None, metavar="PATH",
                    help="save the service's answers, redacted, per requirement into PATH (e.g. recordings/cognito.json)")
    group.addoption("--compare-recording", default=None, metavar="PATH",
                    help="diff this run's service answers against the recording PATH, per requirement")



def detached_value_problem(args: list[str], invocation_dir: Path, rootpath: Path, suite_root: Path) -> str | None:
    """Why pytest's root folder is not the suite's, when an option's value written apart from it (an
    existing path) is the cause; None when the value did no harm or every value was written with '='."""
    if rootpath == suite_root or any(arg == "--rootdir" or arg.startswith("--rootdir=") for arg in args):
        return None
    for option, value in zip(args, args[1:]):
        if option in VALUED_OPTIONS and (invocation_dir / value).exists():
            return (f"write {option}={value} with '=': written apart, pytest took {value} for a test path "
                    f"before it knew the suite's options, and its root folder became {rootpath}")
    return None
