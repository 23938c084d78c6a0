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


def declarations() -> list[tuple[str, dict]]:
    """Each option's name and its keywords for ``addoption``."""
    return [
        ("--target", dict(default="reference", help=f"the service under test: {', '.join(available_targets())}, "
                                                     "or package.module:Factory")),
        ("--client", dict(default="python", help=f"who speaks the Amplify API: {', '.join(available_clients())} "
                                                  "(amplify-js: the real library, in Node), or package.module:Factory")),
        ("--definitions", dict(default="reference", help="how defineAuth props become a user pool: reference, or "
                                                         "amplify-backend (the real auth construct)")),
        ("--run-name", dict(default=None, metavar="NAME",
                            help="the run's name in its results, reports and a matrix, and its folder's name "
                                 "(default <target>-<client>-<definitions>); letters, digits, '-', '_' and '.'")),
        ("--output", dict(default=None, metavar="DIR",
                          help="the folder the run writes results.json, summary.md and report.html into "
                               "(default reports/output/<run name>, or ./conformance-output/<run name> when installed)")),
        ("--results", dict(default=None, metavar="FILE",
                           help="where to write the results JSON instead; the reports go beside it "
                                "(run-a.json: run-a.summary.md, run-a.report.html)")),
        ("--expectations", dict(default=None, help="the target's known deviations (default: the file in "
                                                   "expectations/ whose targets name it)")),
        ("--no-expectations", dict(action="store_true",
                                   help="ignore expectations files, to see the target's raw conformance")),
        ("--latency-ms", dict(type=float, default=0,
                              help="put a loopback proxy adding this delay to every request in front of the target "
                                   "(targets with an HTTP endpoint only, e.g. reference-http)")),
        ("--suggest-expectations", dict(action="store_true",
                                        help="print ready-to-paste expectation entries for this run's failures")),
        ("--record", dict(default=None, metavar="PATH", help="save the service's answers, redacted, per requirement "
                                                             "into PATH (e.g. recordings/cognito.json)")),
        ("--compare-recording", dict(default=None, metavar="PATH",
                                     help="diff this run's service answers against the recording PATH, per requirement")),
    ]


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, "Amplify Auth password-management conformance")
    for name, keywords in declarations():
        group.addoption(name, **keywords)


def detached_value_problem(args: list[str], invocation_dir: Path, rootpath: Path, suite_root: Path) -> str | None:
    """Why pytest's root folder is not the suite's, when an option's value written apart from it (an
    existing path) is the cause; None when the value did no harm or every value was written with '='."""
    if rootpath == suite_root or any(arg == "--rootdir" or arg.startswith("--rootdir=") for arg in args):
        return None
    valued = {name for name, keywords in declarations() if keywords.get("action") != "store_true"}
    for option, value in zip(args, args[1:]):
        if option in valued and (invocation_dir / value).exists():
            return (f"write {option}={value} with '=': written apart, pytest took {value} for a test path "
                    f"before it knew the suite's options, and its root folder became {rootpath}")
    return None
