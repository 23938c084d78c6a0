"""The Gherkin of each scenario, as written in the feature files, for the results document to carry.

pytest-bdd's parser finds the scenarios, their line numbers and tags; the text kept is the file's own
lines (tags, steps, Examples), so a reader of the reports sees exactly what the specification says,
and each feature file's SHA-256 says which version of it the run read.
"""
from __future__ import annotations

import hashlib
import re
import textwrap
from pathlib import Path
from typing import Any

from pytest_bdd.parser import FeatureParser


def read_specification(features_dir: Path | None) -> dict[str, Any]:
    """The document's ``specification``: every *.feature file under the folder with its title, SHA-256 and
    scenarios (name, text, background, tags), and the files the parser refused; empty for a missing folder."""
    specification: dict[str, Any] = {"features": [], "unreadable": []}
    if features_dir is None or not Path(features_dir).is_dir():
        return specification
    for path in sorted(Path(features_dir).rglob("*.feature")):
        try:
            feature = FeatureParser(str(path.parent), path.name).parse()
            content = path.read_bytes()
            lines = content.decode("utf-8").splitlines()
        except Exception:  # noqa: BLE001 - a broken feature file must not stop the results; it is listed
            specification["unreadable"].append(path.name)
            continue
        specification["features"].append({
            "file": path.name,
            "title": feature.name or path.name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "scenarios": _scenarios(feature, lines),
        })
    return specification


def _scenarios(feature, lines: list[str]) -> list[dict[str, Any]]:
    templates = list(feature.scenarios.values())
    rule_keywords = {t.rule.keyword.strip() for t in templates if t.rule is not None}
    starts = [_block_start(lines, t.line_number) for t in templates]
    if feature.background is not None:
        starts.append(_block_start(lines, feature.background.line_number))
    starts += [number for number, line in enumerate(lines, start=1)
               if any(line.strip().startswith(keyword + ":") for keyword in rule_keywords)]
    backgrounds = {}
    if feature.background is not None:
        backgrounds[None] = _block(lines, feature.background.line_number, starts)
    scenarios = []
    for template in templates:
        rule = template.rule
        background = ""
        if rule is not None and rule.background is not None:
            background = _block(lines, rule.background.line_number, starts)
        scenarios.append({
            "name": template.name,
            "text": _block(lines, template.line_number, starts),
            "background": "\n".join(filter(None, [backgrounds.get(None, ""), background])),
            "tags": sorted(template.tags),
        })
    return scenarios


def _block_start(lines: list[str], line_number: int) -> int:
    """The first line of a block: its keyword line, or the tag and comment lines just above it."""
    start = line_number
    while start > 1 and re.match(r"\s*[@#]", lines[start - 2]):
        start -= 1
    return start


def _block(lines: list[str], line_number: int, starts: list[int]) -> str:
    begin = _block_start(lines, line_number)
    end = min((s for s in starts if s > line_number), default=len(lines) + 1)
    block = lines[begin - 1:end - 1]
    while block and not block[-1].strip():
        block.pop()
    return textwrap.dedent("\n".join(block))
