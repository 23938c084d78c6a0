"""Allure labels for a conformance run: requirement ID, level and the run (target, client, definitions).

allure-pytest-bdd already turns every Gherkin tag into a ``tag`` label (``req_…``, ``must``, ``seed``)
and the feature's name into a ``feature`` label. This plugin adds named labels that Allure can group
and filter by, and writes the run's identity to ``environment.properties`` in the results folder.

Load it only together with allure-pytest-bdd (never allure-pytest):

    pytest -p reports.allure_labels --alluredir=reports/output/allure-results
"""
from __future__ import annotations

import platform
from pathlib import Path

import pytest

REQUIREMENT_PREFIX = "req_"
LEVELS = ("must", "should")
# Allure's severity decides the default sort and colour: a MUST failure is critical, a SHOULD one minor.
SEVERITY = {"must": "critical", "should": "minor"}


def _run(config: pytest.Config) -> tuple[str, str, str]:
    return tuple(str(config.getoption(name, default="?")) for name in ("target", "client", "definitions"))


def _alluredir(config: pytest.Config) -> str | None:
    return config.getoption("allure_report_dir", default=None)


def labels_of(item: pytest.Item, run: tuple[str, str, str]) -> list[tuple[str, str]]:
    """(label name, value) pairs for one scenario item."""
    names = [mark.name for mark in item.iter_markers()]
    requirement = next((n for n in names if n.startswith(REQUIREMENT_PREFIX)), None)
    level = next((n for n in names if n in LEVELS), None)
    target, client, definitions = run
    labels = [("target", target), ("client", client), ("definitions", definitions),
              ("parentSuite", f"{target} / {client} / {definitions}")]
    if requirement:
        labels += [("requirement", requirement), ("story", requirement), ("subSuite", requirement)]
    if level:
        labels += [("level", level), ("severity", SEVERITY[level])]
    return labels


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _alluredir(config):
        return
    run = _run(config)
    for item in items:
        if not any(mark.name.startswith(REQUIREMENT_PREFIX) for mark in item.iter_markers()):
            continue
        for name, value in labels_of(item, run):
            item.add_marker(pytest.mark.allure_label(value, label_type=name))


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Written at the end, after allure-pytest-bdd may have cleaned the folder; only once under xdist.
    directory = _alluredir(session.config)
    if not directory or hasattr(session.config, "workerinput"):
        return
    target, client, definitions = _run(session.config)
    properties = {"target": target, "client": client, "definitions": definitions,
                  "python": platform.python_version()}
    path = Path(directory) / "environment.properties"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{key}={_escape(value)}\n" for key, value in properties.items()), encoding="utf-8")


def _escape(value: str) -> str:
    """A value for a Java properties file: backslashes, line breaks and non-ASCII escaped."""
    escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    return "".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in escaped)
