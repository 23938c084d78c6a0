"""Options, fixtures and result hooks that run the specification against a chosen target.

    pytest --target reference --client python --definitions reference

Each run has a name (--run-name, by default <target>-<client>-<definitions>) and writes results.json,
summary.md and report.html into a folder of its own: --output DIR, by default reports/output/<run name>
in a checkout (./conformance-output/<run name> when the suite runs installed). --results FILE names the
results file instead. A run never writes over another run's results (conformance.results.outputs).
"""
from __future__ import annotations

import gc
from pathlib import Path

import pytest
from pytest_bdd.exceptions import GherkinParseError

from conformance import options, scheduling
from conformance.catalogue import (
    LEVELS,
    NEEDS_PREFIX,
    PROVENANCES,
    CatalogueError,
    check,
    load_catalogue,
    read_scenarios,
    requirement_of,
)
from conformance.clients.contract import ClientUnavailable
from conformance.clients.registry import client_driver
from conformance.definitions import create_definitions
from conformance.harness import Harness
from conformance.phrases import WordingError
from conformance.recording import plugin as recording
from conformance.recording.store import validations
from conformance.results.expectations import ExpectationsError, expectation_problem, expectations_path, load_for_run
from conformance.results.outputs import (
    another_run,
    default_run_name,
    output_base,
    results_path,
    run_name_problem,
    unwritable,
)
from conformance.results.plugin import ResultCollector
from conformance.run_errors import FeatureFileMistake, RunError
from conformance.session import Session, run_info
from targets import create_target
from targets.contract import KNOWN_CAPABILITIES, TargetError
from targets.latency import LatencyTarget

pytest_plugins = [
    "steps.given",
    "steps.when",
    "steps.then_outcome",
    "steps.then_delivery",
    "steps.then_backend",
]

ROOT = Path(__file__).resolve().parent.parent
_TARGET = pytest.StashKey()
_COLLECTOR = pytest.StashKey()
_STATS = pytest.StashKey()  # what the run's target saw: pools, requests, time waiting for them
_EXPECTATIONS_FILE = pytest.StashKey()  # what the results say of the expectations file applied
_CLIENT = pytest.StashKey()  # this process's client driver, checked when --client is read


def pytest_addoption(parser: pytest.Parser) -> None:
    options.add_options(parser)


def _choices(config: pytest.Config) -> tuple[str, str, str]:
    return config.getoption("target"), config.getoption("client"), config.getoption("definitions")


def _runs_specification(config: pytest.Config) -> bool:
    steps = ROOT / "steps"
    for arg in config.args:
        path = Path(arg.split("::")[0]).resolve()
        if path == steps or steps in path.parents or path in steps.parents:
            return True
    return False


def _read_features() -> list:
    try:
        return read_scenarios()
    except GherkinParseError as error:
        where = f"{getattr(error, 'filename', '?')} line {getattr(error, 'line', '?')}"
        first = str(error).splitlines()[0]
        raise pytest.UsageError(f"{where} is not valid Gherkin ({first}); fix the feature file") from None


def _check_specification(catalogue, expectations: list) -> None:
    """Everything about the features that can be checked before a run starts, here where it runs once.

    Under pytest-xdist, pytest_configure runs in the controller before any worker starts, so a
    mistake found here ends the run with the same sentence and exit code with or without workers.
    """
    scenarios = _read_features()
    problems = check(catalogue, scenarios)
    if problems:
        raise pytest.UsageError("the features and the requirements catalogue disagree: " + "; ".join(problems[:5]))
    problem = expectation_problem(expectations, scenarios)
    if problem:
        raise pytest.UsageError(problem)


def pytest_configure(config: pytest.Config) -> None:
    problem = options.detached_value_problem(list(config.invocation_params.args), config.invocation_params.dir,
                                             config.rootpath, ROOT)
    if problem:
        raise pytest.UsageError(problem)
    try:
        catalogue = load_catalogue()
    except CatalogueError as error:
        raise pytest.UsageError(str(error)) from None
    for name in [*catalogue, *LEVELS, *PROVENANCES, *(NEEDS_PREFIX + c for c in KNOWN_CAPABILITIES)]:
        config.addinivalue_line("markers", f"{name}: a conformance tag")
    config.addinivalue_line("markers", "slow: takes more than a few seconds (deselect with -m 'not slow')")
    if not _runs_specification(config):
        return  # another test suite in this environment (the plugin is installed for every pytest run): stay out of its way
    target, client, definitions = _choices(config)
    try:
        config.stash[_CLIENT] = driver = client_driver(client)
        driver.check_available()
        create_definitions(definitions)
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    name = run_name(config)
    try:
        path = results_path(config.getoption("results"), config.getoption("output"), name,
                            output_base(ROOT, Path.cwd()))
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    problem = unwritable(path, "--results" if config.getoption("results") else "--output")
    problem = problem or another_run(path, name)
    if problem:
        raise pytest.UsageError(problem)
    expectations = _expectations(config, catalogue)
    _check_specification(catalogue, expectations)
    _target(config)  # an unknown or misconfigured target ends the run here, before any worker starts
    # Only the process that receives every report (not a pytest-xdist worker) writes the results.
    writes = not hasattr(config, "workerinput")
    collector = ResultCollector(catalogue, path, lambda: _run_info(config), writes=writes,
                                expectations=expectations,
                                suggests=config.getoption("suggest_expectations"),
                                validations=_validations())
    config.stash[_COLLECTOR] = collector
    config.pluginmanager.register(collector, "conformance-results")
    recording.register(config, target, path)
    scheduling.register(config)


def _validations() -> dict:
    """Which requirements a committed recording of real Cognito validates, and when."""
    try:
        return validations(ROOT / "recordings" / "cognito.json")
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


def run_name(config: pytest.Config) -> str:
    """The run's name: --run-name, checked, or <target>-<client>-<definitions> made safe for a folder."""
    name = config.getoption("run_name")
    if name is None:
        return default_run_name(*_choices(config))
    problem = run_name_problem(name)
    if problem:
        raise pytest.UsageError(problem)
    return name


def _expectations_path(config: pytest.Config) -> Path | None:
    return expectations_path(config.getoption("no_expectations"), config.getoption("expectations"),
                             config.getoption("target"), ROOT / "expectations")


def _expectations(config: pytest.Config, catalogue) -> list:
    try:
        applied = load_for_run(_expectations_path(config), catalogue, config.getoption("target"), ROOT)
    except ExpectationsError as error:
        raise pytest.UsageError(str(error)) from None
    if applied.file is not None:
        config.stash[_EXPECTATIONS_FILE] = applied.file
    return applied.entries


def _apply_expectations(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[_COLLECTOR].apply_expectations(items)


def _target(config: pytest.Config):
    if _TARGET not in config.stash:
        try:
            target = create_target(config.getoption("target"))
            latency = config.getoption("latency_ms")
            config.stash[_TARGET] = LatencyTarget(target, latency / 1000) if latency else target
        except TargetError as error:
            raise pytest.UsageError(str(error)) from None
    return config.stash[_TARGET]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    scenario_items = [item for item in items if requirement_of(item) is not None]
    if not scenario_items or _COLLECTOR not in config.stash:
        return  # not the specification's run (the plugin stayed out of it at configure time)
    _apply_expectations(config, scenario_items)
    target = _target(config)
    for item in scenario_items:
        for mark in item.iter_markers():
            capability = mark.name[len(NEEDS_PREFIX):] if mark.name.startswith(NEEDS_PREFIX) else None
            if capability and capability not in target.capabilities:
                item.add_marker(pytest.mark.skip(
                    reason=f"not applicable: target {target.name!r} lacks the capability {capability!r}"))


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Start-up is over, and what it built (modules, parsed features, items) lives as long as the run:
    frozen out of the cyclic garbage collector's reach, it is no longer walked again by every full
    collection while the scenarios run, nor by those pytest makes at the end."""
    if _runs_specification(session.config):
        gc.freeze()


@pytest.fixture(scope="session")
def run(pytestconfig: pytest.Config):
    target = _target(pytestconfig)
    _, client, definitions = _choices(pytestconfig)
    collector = pytestconfig.stash[_COLLECTOR]
    collector.target_name, collector.health = target.name, target.health
    try:
        target.start()
    except Exception as error:  # whatever the target raises, the run could not judge it
        _stop_quietly(target)
        raise RunError(f"target {target.name!r}", f"target {target.name!r} could not start: {_said(error)}") from error
    driver = pytestconfig.stash[_CLIENT]
    try:
        driver.start(target)
    except Exception as error:
        _stop_quietly(target)
        raise RunError(f"client {client!r}", f"client {client!r} could not start: {_said(error)}") from error
    the_run = Session(
        target=target,
        definitions=create_definitions(definitions),
        client_driver=driver,
        secrets=collector.redactor,
    )
    recording.attach(pytestconfig, the_run.service, target)
    yield the_run
    sent = driver.stop()  # what the client's sessions sent; the run counted the harness's own requests
    target.stop()
    _add_stats(pytestconfig, {"pools_created": the_run.pools_created, "service_calls": the_run.calls.count + sent.count,
                              "service_seconds": round(the_run.calls.seconds + sent.seconds, 6),
                              "client_backoff_seconds": round(sent.backoff_seconds, 6)})


def _stop_quietly(target) -> None:
    """Release what a target that failed to start may hold; its own failure is what the run reports."""
    try:
        target.stop()
    except Exception:
        pass


def _said(error: BaseException) -> str:
    """A start-up error in words: a TargetError's own sentence, anything else with its type."""
    return str(error) if isinstance(error, (TargetError, ClientUnavailable)) else f"{type(error).__name__}: {error}"


def _add_stats(config: pytest.Config, stats: dict) -> None:
    total = config.stash.setdefault(_STATS, {})
    for key, value in stats.items():
        total[key] = round(total.get(key, 0) + value, 6)


def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception) -> None:
    """A step no definition matches is a mistake in the feature file: stop, rather than blame the target."""
    raise FeatureFileMistake(f"{feature.rel_filename}, scenario {scenario.name!r}: the step {step.keyword.strip()} "
                             f"{step.name!r} matches no step definition; fix its wording or add the step")


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    if isinstance(exception, WordingError):
        raise FeatureFileMistake(f"{feature.rel_filename}, scenario {scenario.name!r}: {exception}; "
                                 "fix the feature file") from exception


def pytest_sessionfinish(session: pytest.Session) -> None:
    if hasattr(session.config, "workeroutput"):  # a pytest-xdist worker reports to the controller
        session.config.workeroutput["conformance_stats"] = dict(session.config.stash.get(_STATS, {}))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    _add_stats(node.config, node.workeroutput.get("conformance_stats", {}))


@pytest.fixture
def harness(run: Session) -> Harness:
    return Harness(run)


def _run_info(config: pytest.Config) -> dict:
    target_name, client, definitions = _choices(config)
    try:
        target = _target(config)
    except pytest.UsageError:
        target = None
    return run_info(target_name, target, client, definitions, name=run_name(config), stats=config.stash.get(_STATS, {}),
                    workers=getattr(config.option, "numprocesses", None) or 1,
                    expectations=config.stash.get(_EXPECTATIONS_FILE, None))
