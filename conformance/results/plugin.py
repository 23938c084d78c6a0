"""A pytest plugin that turns test items into requirement results.

It runs where items run (attaching each item's requirement to its reports, and turning a failed
SHOULD-level item into a warning) and where reports arrive (building and writing the results
document), so it works the same in one process and under pytest-xdist.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

import pytest
from _pytest.junitxml import xml_key as junit_xml_key  # the one handle pytest gives on its JUnit file
from pytest_bdd.scenario import scenario_wrapper_template_registry

from conformance.catalogue import FEATURES_PATH, LEVELS, Requirement, read_scenarios, requirement_of
from conformance.results.expectations import Expectation, example_rows, find, suggest
from conformance.results.gherkin import read_specification
from conformance.results.messages import failure_message, shorten, traceback_text
from conformance.recording.store import apply_validations
from conformance.redaction import Redactor
from conformance.results.document import (
    ERROR,
    EXIT_CODES,
    EXPECTED_FAILURE,
    FAILED,
    NOT_APPLICABLE,
    PASSED,
    UNEXPECTED_PASS,
    VERDICT_ERROR,
    WARNING,
    ItemResult,
    build_document,
    write_document,
)
from conformance.run_errors import INTERRUPTED_EXIT_CODE, PLUMBING_EXIT_CODE, Breakdown, breakdown_of
from reports.build import write_run_reports

_PROPERTY = "conformance"
_EXPECTATION = pytest.StashKey[Expectation]()
WARNING_REASON = "SHOULD-level requirement failed: reported as a warning"
INTERRUPTED = Breakdown("interrupted", "the run was interrupted before it finished (Ctrl-C or a signal); "
                                       "run it again to get a verdict", INTERRUPTED_EXIT_CODE)



def example_id_of(item: pytest.Item) -> str | None:
    """The Examples row's ID: its values joined as pytest-bdd joins them (pytest's own test ID would spell a
    non-ASCII É as \\xc9)."""
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example") if callspec else None
    if example:
        return "-".join(example.values())
    return callspec.id if callspec else None


def example_of(item: pytest.Item) -> dict[str, str]:
    """The item's Examples row, cells by column; empty for a scenario that is not an outline."""
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params.get("_pytest_bdd_example", {})) if callspec else {}


def describe_item(item: pytest.Item) -> dict[str, Any]:
    """Where an item comes from: requirement, feature, scenario and Examples row."""
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))
    if template is not None:
        feature, scenario = Path(template.feature.filename).name, template.name
    else:
        feature, scenario = "", item.name
    return {
        "requirement": requirement_of(item),
        "feature": feature,
        "scenario": scenario,
        "example": example_of(item),
        "example_id": example_id_of(item),
        "level": next((m.name for m in item.iter_markers() if m.name in LEVELS), ""),
    }


def _skip_reason(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, reason)
        return str(report.longrepr[2])
    crash = getattr(report.longrepr, "reprcrash", None)
    return crash.message if crash is not None else str(report.longrepr or "")


class ResultCollector:
    """Judges each item (pass, fail, warning, expected failure, not applicable, error) and writes the run's verdict.

    ``health`` says, where the run's target knows, why it stopped answering; the ``run`` fixture sets
    it. ``redactor`` holds the secrets this process handled; the harness adds to it.
    """

    def __init__(
        self,
        catalogue: dict[str, Requirement],
        path: Path,
        run_info: Callable[[], dict[str, Any]],
        writes: bool = True,
        expectations: list[Expectation] | None = None,
        suggests: bool = False,
        validations: dict[str, str | bool] | None = None,
        features: Path | None = FEATURES_PATH,
    ) -> None:
        self.features = features  # the folder whose Gherkin the results carry
        self.validations = validations or {}
        self.catalogue = catalogue
        self.expectations = expectations or []
        self.suggests = suggests
        self.path = path
        self.run_info = run_info
        self.writes = writes
        self.items: dict[str, ItemResult] = {}
        self.started = time.time()
        self.redactor = Redactor()
        self.target_name = "?"
        self.health: Callable[[], str | None] = lambda: None
        self.breakdown: Breakdown | None = None  # the first thing that broke; the run's verdict is then error
        self.document: dict[str, Any] | None = None

    def expect(self, item: pytest.Item, expectation: Expectation | None) -> None:
        """Mark ``item`` as expected to fail (at collection time), or leave it alone for None."""
        if expectation is not None:
            item.stash[_EXPECTATION] = expectation

    def apply_expectations(self, items: list[pytest.Item]) -> None:
        """Attach each item's expectation at collection (the entries were checked against the features at start)."""
        for item in items:
            self.expect(item, find(self.expectations, requirement_of(item), example_of(item)))

    # --- where items run ----------------------------------------------------------------------

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        description = describe_item(item)
        if description["requirement"] is None:
            return
        error = call.excinfo.value if call.excinfo is not None and report.failed else None
        breakdown = None if error is None else breakdown_of(error, target_name=self.target_name, health=self.health)
        if breakdown is not None:
            self._break_down(item, report, description, breakdown, error)
        elif error is not None:
            self._fail(item, report, description, error)
        elif report.when == "call" and report.passed:
            expectation = item.stash.get(_EXPECTATION, None)
            if expectation is not None:
                description["unexpected"] = (
                    f"unexpected pass: the expectations file says this fails ({expectation.observed}); "
                    "remove the entry if the target is fixed"
                )
                report.outcome = "failed"
                report.longrepr = description["unexpected"]
        report.user_properties.append((_PROPERTY, description))

    def _break_down(self, item: pytest.Item, report: pytest.TestReport, description: dict[str, Any],
                    breakdown: Breakdown, error: BaseException) -> None:
        """The item could not be judged: record why, and stop the run (its verdict is error)."""
        message = self.redactor.redact(breakdown.message)
        description["error"] = Breakdown(breakdown.part, message, breakdown.exit_code).as_dict()
        description["traceback"] = self.redactor.redact(traceback_text(error)) if breakdown.part == "harness" else ""
        report.longrepr = _console_text(item, f"error: {message}", description["traceback"])
        # Nothing after a breakdown can be judged either: stop (under pytest-xdist this worker stops,
        # and the controller stops the others).
        item.session.shouldstop = f"stopped: the run could not judge ({breakdown.part} broke)"

    def _fail(self, item: pytest.Item, report: pytest.TestReport, description: dict[str, Any],
              error: BaseException) -> None:
        """A judgement against the target: a failure, a warning (SHOULD) or an expected failure."""
        message = self.redactor.redact(failure_message(error))
        description["message"] = message
        description["traceback"] = self.redactor.redact(traceback_text(error))
        report.longrepr = _console_text(item, message, description["traceback"])
        expectation = item.stash.get(_EXPECTATION, None)
        if report.when != "call":
            return
        if expectation is not None and expectation.accepts(message):
            description["expected"] = f"{expectation.describe()}; this run: {message}"
            report.outcome = "skipped"
            report.wasxfail = expectation.describe()
        elif expectation is not None:
            description["message"] = shorten(
                f"a failure of another kind than expected ({expectation.describe()}): {message}")
            report.longrepr = _console_text(item, description["message"], description["traceback"])
        elif description["level"] == "should":
            description["warning"] = message
            report.outcome = "skipped"
            report.wasxfail = WARNING_REASON

    # --- where reports arrive -------------------------------------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        description = dict(report.user_properties).get(_PROPERTY)
        if description is None:
            return
        result = self.items.get(report.nodeid)
        if result is None:
            result = self.items[report.nodeid] = ItemResult(
                requirement=description["requirement"],
                feature=description["feature"],
                scenario=description["scenario"],
                nodeid=report.nodeid,
                example=description["example"],
                example_id=description.get("example_id"),
            )
        result.duration = round(result.duration + report.duration, 6)
        if "error" in description and self.breakdown is None:
            self.breakdown = Breakdown(**description["error"])
        if result.status in (ERROR, FAILED, UNEXPECTED_PASS):
            return  # a later phase (tear-down) never improves on a failure or an error
        if "error" in description:
            result.status, result.message = ERROR, description["error"]["message"]
            result.traceback = description.get("traceback", "")
        elif "unexpected" in description:
            result.status, result.message = UNEXPECTED_PASS, description["unexpected"]
        elif report.failed:
            result.status, result.message = FAILED, description.get("message") or _skip_reason(report)
            result.traceback = description.get("traceback", "")
        elif "expected" in description:
            result.status, result.message = EXPECTED_FAILURE, description["expected"]
            result.traceback = description.get("traceback", "")
        elif "warning" in description:
            result.status, result.message = WARNING, description["warning"]
            result.traceback = description.get("traceback", "")
        elif report.skipped and result.status != WARNING and result.status != EXPECTED_FAILURE:
            # Skipped before or while running (pytest.skip in a step): not applicable, never a pass.
            result.status, result.message = NOT_APPLICABLE, self.redactor.redact(_skip_reason(report))
        elif report.when == "call" and report.passed:
            result.status = PASSED  # only a call phase that ran to the end passes an item

    # --- the end of the run -----------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)  # before JUnit writes its file, so that it carries the verdict
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.writes:
            return
        if self.breakdown is None and exitstatus == pytest.ExitCode.INTERRUPTED:
            self.breakdown = INTERRUPTED
        if self.breakdown is None and exitstatus == pytest.ExitCode.INTERNAL_ERROR:
            self.breakdown = Breakdown("harness", "the test runner failed inside the suite (INTERNALERROR above); "
                                                  "please report it with the output of this run", PLUMBING_EXIT_CODE)
        if not self.items and self.breakdown is None:
            return  # nothing was selected, or a usage error stopped the run before it began
        run = self.run_info()
        run["started"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started))
        run["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        breakdown = self.breakdown.as_dict() if self.breakdown else None
        document = build_document(run, self.catalogue, list(self.items.values()), breakdown,
                                  self._expectation_notes(), read_specification(self.features))
        apply_validations(document, self.validations)
        write_document(document, self.path)
        write_run_reports(document, self.path)  # summary.md and report.html beside results.json
        self.document = document
        summary = document["summary"]
        session.exitstatus = summary["error"]["exit_code"] if summary["error"] else EXIT_CODES[summary["gate"]]
        _tell_junit(session.config, document)

    def _expectation_notes(self) -> list[str]:
        """Entries this run could not check: every item they name was not applicable on this target."""
        notes = []
        for entry in self.expectations:
            named = [i for i in self.items.values() if entry.matches(i.requirement, i.example)]
            if named and all(i.status == NOT_APPLICABLE for i in named):
                notes.append(f"the expectation for {entry.named()} names test items that are not applicable on this "
                             "target, so it was not checked; remove it, or limit it to the targets it is for with only")
        return notes

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.document is not None and self.suggests:
            self._print_suggestions(terminalreporter)
        if self.document is not None:
            for note in self.document["summary"]["expectation_notes"]:
                terminalreporter.write_line(f"conformance: note: {note}")

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Allure results redacted (in every process that wrote some); the verdict as the console's last line."""
        allure_dir = getattr(config.option, "allure_report_dir", None)
        if allure_dir:
            self.redactor.redact_files(Path(allure_dir), since=self.started - 1)
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if self.document is None or reporter is None:
            return
        reporter.write_line(verdict_line(self.document, self.path))

    def _print_suggestions(self, reporter: Any) -> None:
        by_requirement: dict[str, list[ItemResult]] = {}
        for item in self.items.values():
            by_requirement.setdefault(item.requirement, []).append(item)
        failures = [
            (item.requirement, item.example,
             all(other.status == FAILED for other in by_requirement[item.requirement]), item.message)
            for item in self.items.values() if item.status == FAILED
        ]
        target = (self.document or {}).get("run", {}).get("target", {}).get("name")
        reporter.write_sep("=", "expectation entries for the failures of this run")
        reporter.write_line(suggest(failures, target, example_rows(read_scenarios())) or "(no failures)")


def _console_text(item: pytest.Item, message: str, traceback: str) -> str:
    """What the console, JUnit and Allure show of a failure: the message, and the traceback when
    asked for one (``--tb=long`` or ``--tb=native``)."""
    if traceback and item.config.getoption("tbstyle", "auto") in ("long", "native"):
        return f"{message}\n\n{traceback}"
    return message


def verdict_line(document: dict[str, Any], path: Path) -> str:
    """One line: the verdict, why when it is error, and where the results are."""
    summary = document["summary"]
    verdict = summary["gate"]
    if verdict == VERDICT_ERROR:
        return f"conformance: gate error: {summary['error']['message']}; results in {path}"
    expected = summary.get("expected_failures", 0)
    applied = (document["run"].get("expectations") or {}).get("path")
    why = f" with {expected} expected failures from {applied}" if verdict == "pass" and expected and applied else ""
    return f"conformance: requirements {summary['requirements']}, gate {verdict}{why}; results in {path}"


def _tell_junit(config: pytest.Config, document: dict[str, Any]) -> None:
    """JUnit carries the verdict (and why, when it is error) as properties of its test suite."""
    xml = config.stash.get(junit_xml_key, None)  # set by pytest's JUnit plugin when --junitxml is given
    if xml is None:
        return
    summary = document["summary"]
    xml.add_global_property("conformance_gate", summary["gate"])
    if summary["error"]:
        xml.add_global_property("conformance_error", summary["error"]["message"])
