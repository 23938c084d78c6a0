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
from pytest_bdd.scenario import scenario_wrapper_template_registry

from conformance.catalogue import LEVELS, REQUIREMENT_PREFIX, Requirement
from conformance.expectations import Expectation, suggest
from conformance.recording import apply_validations
from conformance.redaction import redact_secrets
from conformance.results import (
    EXPECTED_FAILURE,
    FAILED,
    NOT_APPLICABLE,
    PASSED,
    UNEXPECTED_PASS,
    WARNING,
    ItemResult,
    build_document,
    write_document,
)

_PROPERTY = "conformance"
_EXPECTATION = pytest.StashKey[Expectation]()
WARNING_REASON = "SHOULD-level requirement failed: reported as a warning"
_MESSAGE_LIMIT = 2000


def requirement_of(item: pytest.Item) -> str | None:
    for mark in item.iter_markers():
        if mark.name.startswith(REQUIREMENT_PREFIX):
            return mark.name
    return None


def describe_item(item: pytest.Item) -> dict[str, Any]:
    """Where an item comes from: requirement, feature, scenario and Examples row."""
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))
    if template is not None:
        feature, scenario = Path(template.feature.filename).name, template.name
    else:
        feature, scenario = "", item.name
    callspec = getattr(item, "callspec", None)
    example = dict(callspec.params.get("_pytest_bdd_example", {})) if callspec else {}
    return {
        "requirement": requirement_of(item),
        "feature": feature,
        "scenario": scenario,
        "example": example,
        "example_id": callspec.id if callspec else None,
        "level": next((m.name for m in item.iter_markers() if m.name in LEVELS), ""),
    }


def _message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        text = crash.message
    elif isinstance(report.longrepr, tuple):  # a skip: (path, line, reason)
        text = str(report.longrepr[2])
    else:
        text = str(report.longrepr or "")
    text = redact_secrets(text)
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


class ResultCollector:
    def __init__(
        self,
        catalogue: dict[str, Requirement],
        path: Path,
        run_info: Callable[[], dict[str, Any]],
        writes: bool = True,
        expectations: list[Expectation] | None = None,
        suggests: bool = False,
        validations: dict[str, str | bool] | None = None,
    ) -> None:
        self.validations = validations or {}
        self.catalogue = catalogue
        self.expectations = expectations or []
        self.suggests = suggests
        self.path = path
        self.run_info = run_info
        self.writes = writes
        self.items: dict[str, ItemResult] = {}
        self.started = time.time()

    def expect(self, item: pytest.Item, expectation: Expectation | None) -> None:
        """Mark ``item`` as expected to fail (at collection time), or leave it alone for None."""
        if expectation is not None:
            item.stash[_EXPECTATION] = expectation

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        description = describe_item(item)
        if description["requirement"] is None:
            return
        if report.longrepr is not None:
            # JUnit, Allure and the terminal show the raw failure: keep a target's quoted secrets out.
            text = str(report.longrepr)
            if redact_secrets(text) != text:
                report.longrepr = redact_secrets(text)
        expectation = item.stash.get(_EXPECTATION, None)
        if report.when == "call" and expectation is not None:
            if report.failed:
                description["expected"] = f"{expectation.describe()}; this run: {_message(report)}"
                report.outcome = "skipped"
                report.wasxfail = expectation.describe()
            elif report.passed:
                description["unexpected"] = (
                    f"unexpected pass: the expectations file says this fails ({expectation.observed}); "
                    "remove the entry if the target is fixed"
                )
                report.outcome = "failed"
                report.longrepr = description["unexpected"]
        elif report.when == "call" and report.failed and description["level"] == "should":
            description["warning"] = _message(report)
            report.outcome = "skipped"
            report.wasxfail = WARNING_REASON
        report.user_properties.append((_PROPERTY, description))

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
        if "unexpected" in description and report.when == "call":
            result.status, result.message = UNEXPECTED_PASS, description["unexpected"]
        elif report.failed:
            result.status, result.message = FAILED, _message(report)
        elif "expected" in description and report.when == "call":
            result.status, result.message = EXPECTED_FAILURE, description["expected"]
        elif "warning" in description and report.when == "call":
            result.status, result.message = WARNING, description["warning"]
        elif report.skipped and (report.when == "setup" or not hasattr(report, "wasxfail")):
            # Skipped before or while running (pytest.skip in a step): not applicable, never a pass.
            result.status, result.message = NOT_APPLICABLE, _message(report)
        elif result.status not in (FAILED, WARNING, NOT_APPLICABLE, EXPECTED_FAILURE, UNEXPECTED_PASS):
            result.status = PASSED

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        # An interrupted or aborted run (Ctrl-C, a feature-file mistake) leaves the last results alone.
        if not self.writes or not self.items or exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.USAGE_ERROR):
            return
        run = self.run_info()
        run["started"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started))
        run["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        document = build_document(run, self.catalogue, list(self.items.values()))
        apply_validations(document, self.validations)
        write_document(document, self.path)
        from reports import (
            write_run_reports,  # summary.md and report.html beside results.json
        )

        write_run_reports(document, self.path)
        self.document = document

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        document = getattr(self, "document", None)
        if document is None:
            return
        if self.suggests:
            self._print_suggestions(terminalreporter)
        summary = document["summary"]
        terminalreporter.write_line(
            f"conformance: requirements {summary['requirements']}, gate {summary['gate']}; results in {self.path}"
        )

    def _print_suggestions(self, reporter: Any) -> None:
        by_requirement: dict[str, list[ItemResult]] = {}
        for item in self.items.values():
            by_requirement.setdefault(item.requirement, []).append(item)
        failures = [
            (item.requirement, item.example_id,
             all(other.status == FAILED for other in by_requirement[item.requirement]), item.message)
            for item in self.items.values() if item.status == FAILED
        ]
        reporter.write_sep("=", "expectation entries for the failures of this run")
        reporter.write_line(suggest(failures) or "(no failures)")
