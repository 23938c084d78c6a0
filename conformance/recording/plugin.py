"""Recording what a service answered during a run (``--record``), or comparing it with a recording
(``--compare-recording``), per requirement.

``--record PATH`` keeps, for every Cognito response the scenarios observe, a redacted entry under the
requirement (and test item) that observed it, with the date. ``--compare-recording PATH`` makes the
same observations on any target (an emulator, typically) and diffs them against the recording; the
deviations are printed per requirement and written as JSON beside the results, so an emulator's
differences from real Cognito are named even where no scenario asserts them.

Set-up operations (creating pools, users, passwords) are recorded only when they fail: their
successful answers describe the suite's own fixtures, not a behaviour under test.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable

import pytest

from conformance.catalogue import requirement_of
from conformance.results.outputs import unwritable
from reports.build import beside
from targets.contract import ACCOUNT_DETAIL, Target
from conformance.recording.compare import compare, summary_lines, write_comparison
from conformance.recording.redact import AnswerRedactor, entry_of
from conformance.recording.store import FAILED, NOT_APPLICABLE, PASSED, load, merge, write


COMPARISON_FILE = "recording-comparison.json"
SETUP_OPERATIONS = frozenset({
    "CreateUserPool", "CreateUserPoolClient", "DeleteUserPool", "AdminCreateUser", "AdminSetUserPassword",
    "AdminGetUser", "AdminDisableUser", "AdminDeleteUser", "ListUserPools",
})


class Recorder:
    """Watches a target's client during test items; records (``--record``) or compares (``--compare-recording``).

    Register it as a plugin and call :meth:`attach` with the target's Cognito client. Under
    pytest-xdist each worker observes its own items and hands them to the controller, which writes.
    """

    def __init__(self, path: Path, *, mode: str, target: str, comparison_path: Path | None = None,
                 today: str | None = None) -> None:
        if mode not in {"record", "compare"}:
            raise ValueError(f"unknown recording mode {mode!r}")
        self.path = path
        self.mode = mode
        self.target = target
        self.comparison_path = comparison_path
        self.today = today or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
        self.observed: dict[str, dict[str, Any]] = {}  # requirement -> {"items": {item: {...}}}
        self.deviations: dict[str, list[dict[str, Any]]] | None = None
        self._current: tuple[str, str] | None = None
        self._redactor = AnswerRedactor()
        self._nodes: dict[str, tuple[str, str]] = {}
        self.made_at: dict[str, str | None] = {}  # where the answers come from: endpoint, Region, account hash
        if mode == "compare":
            if not path.is_file():
                raise ValueError(f"--compare-recording={path} does not exist; name a recording made with --record")
            self.recording = load(path)  # fail early on a malformed file

    # --- what the client does ---------------------------------------------------------------

    def attach(self, client: Any, account_hash: str | None = None) -> None:
        """Watch ``client`` (the target's boto3 client); ``account_hash`` names the AWS account, hashed."""
        self.made_at = {"endpoint": client.meta.endpoint_url, "region": client.meta.region_name,
                        "account_sha256": account_hash}
        client.meta.events.register("before-parameter-build.cognito-idp", self._request)
        client.meta.events.register("after-call.cognito-idp", self._answer)
        client.meta.events.register("after-call-error.cognito-idp", self._failure)

    def _request(self, params: dict[str, Any], **_: Any) -> None:
        if self._current is not None:
            self._redactor.learn_request(params)

    def _answer(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if self._current is None:
            return
        failed = bool(parsed.get("Error"))
        if model.name in SETUP_OPERATIONS and not failed:
            return
        self._calls().append(entry_of(model.name, http_response.status_code, parsed, self._redactor))

    def _failure(self, exception: BaseException, model: Any, **_: Any) -> None:
        if self._current is not None:
            self._calls().append({"operation": model.name, "http_status": None, "response": {},
                                  "error": {"code": type(exception).__name__, "message": "no answer (network error)"}})

    def _calls(self) -> list[dict[str, Any]]:
        requirement, item = self._current  # type: ignore[misc]
        items = self.observed.setdefault(requirement, {"items": {}})["items"]
        return items.setdefault(item, {"outcome": None, "calls": []})["calls"]

    # --- which item is running --------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        requirement = requirement_of(item)
        self._current = None if requirement is None else (requirement, item.name)
        self._redactor = AnswerRedactor()
        if self._current is not None:
            self._nodes[item.nodeid] = self._current
            self.observed.setdefault(requirement, {"items": {}})["items"].setdefault(
                item.name, {"outcome": None, "calls": []})

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        self._current = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        where = self._nodes.get(report.nodeid)
        if where is None:
            return
        entry = self.observed[where[0]]["items"][where[1]]
        outcome = _outcome(report)
        if outcome is not None and entry["outcome"] != FAILED:
            entry["outcome"] = outcome if entry["outcome"] is None or outcome == FAILED else entry["outcome"]

    # --- the end of the run -----------------------------------------------------------------

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = session.config
        if hasattr(config, "workeroutput"):  # a pytest-xdist worker: the controller writes
            config.workeroutput["conformance_recording"] = json.dumps(self.observed)
            config.workeroutput["conformance_recording_made_at"] = json.dumps(self.made_at)
            return
        if not self.observed:
            return
        if self.mode == "record":
            write(merge(load(self.path), self._recorded()), self.path)
        else:
            self.deviations = compare(self.recording, self.observed)
            if self.comparison_path is not None:
                write_comparison(self.deviations, self.path, self.target, self.comparison_path)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        made_at = getattr(node, "workeroutput", {}).get("conformance_recording_made_at")
        if made_at:
            self.made_at = json.loads(made_at)
        data = getattr(node, "workeroutput", {}).get("conformance_recording")
        if data:
            for requirement, seen in json.loads(data).items():
                self.observed.setdefault(requirement, {"items": {}})["items"].update(seen["items"])

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.mode == "record" and self.observed:
            terminalreporter.write_line(f"recording: {len(self.observed)} requirement(s) recorded in {self.path}")
        if self.mode == "compare" and self.deviations is not None:
            for line in summary_lines(self.deviations):
                terminalreporter.write_line(line)
            if self.comparison_path is not None:
                terminalreporter.write_line(f"recording comparison written to {self.comparison_path}")

    def _recorded(self) -> dict[str, Any]:
        recorded = {}
        for requirement, seen in self.observed.items():
            outcomes = {item["outcome"] for item in seen["items"].values()}
            outcome = FAILED if FAILED in outcomes else PASSED if PASSED in outcomes else NOT_APPLICABLE
            recorded[requirement] = {"recorded": self.today, "target": self.target, "outcome": outcome,
                                     "made_at": self.made_at, "items": seen["items"]}
        return recorded


def _outcome(report: pytest.TestReport) -> str | None:
    if report.failed:
        return FAILED
    if report.skipped:
        if report.when == "call" and hasattr(report, "wasxfail"):  # a warning or an expected failure
            return FAILED
        return NOT_APPLICABLE
    if report.when == "call":
        return PASSED
    return None


RECORDER = pytest.StashKey()  # the run's Recorder, when --record or --compare-recording is given


def register(config: pytest.Config, target: str, results: Path) -> None:
    """Register a Recorder for ``--record`` or ``--compare-recording``; a mistake in them is a usage error."""
    record, compared = config.getoption("record"), config.getoption("compare_recording")
    if record and compared:
        raise pytest.UsageError("--record and --compare-recording exclude each other; give one")
    if not (record or compared):
        return
    problem = unwritable(Path(record), "--record") if record else None
    if problem:
        raise pytest.UsageError(problem)
    try:
        recorder = Recorder(Path(record or compared), mode="record" if record else "compare", target=target,
                            comparison_path=beside(results, COMPARISON_FILE))
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    config.stash[RECORDER] = recorder
    config.pluginmanager.register(recorder, "conformance-recording")


def attach(config: pytest.Config, service: Callable[[], Any], target: Target) -> None:
    """Let the run's Recorder, if any, watch the target's client (``service()`` gives it)."""
    if RECORDER in config.stash:
        account = target.info().details.get(ACCOUNT_DETAIL)  # hashed; only the cognito target has one
        config.stash[RECORDER].attach(service(), account)
