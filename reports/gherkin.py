"""The Gherkin of each scenario, as written in the feature files, to show beside its results.

pytest-bdd's parser finds the scenarios, their line numbers and tags; the text shown is the file's own
lines (tags, steps, Examples), so a reader sees exactly what the specification says.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from pytest_bdd.parser import FeatureParser

REQUIREMENT_PREFIX = "req_"


@dataclass(frozen=True)
class ScenarioText:
    feature: str  # the feature file's name, as in a results item
    name: str
    text: str  # tags, the scenario line, steps and Examples
    background: str = ""  # the Background its steps run after, if any
    tags: tuple[str, ...] = ()


@dataclass
class Specification:
    """The scenarios of a features folder, by (feature file name, scenario name)."""

    scenarios: dict[tuple[str, str], ScenarioText] = field(default_factory=dict)
    feature_titles: dict[str, str] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # feature files the parser refused

    def scenario(self, feature: str, name: str) -> ScenarioText | None:
        return self.scenarios.get((feature, name))

    def of_requirement(self, requirement_id: str) -> list[ScenarioText]:
        return [s for s in self.scenarios.values() if requirement_id in s.tags]


def read_specification(features_dir: Path | None) -> Specification:
    """Read every *.feature file under the folder; a missing folder gives an empty specification."""
    specification = Specification()
    if features_dir is None or not Path(features_dir).is_dir():
        return specification
    for path in sorted(Path(features_dir).rglob("*.feature")):
        try:
            feature = FeatureParser(str(path.parent), path.name).parse()
            lines = path.read_text(encoding="utf-8").splitlines()
        except Exception:  # noqa: BLE001 - a broken feature file must not stop the report; it is listed
            specification.unreadable.append(path.name)
            continue
        specification.feature_titles[path.name] = feature.name or path.name
        _add_scenarios(specification, path.name, feature, lines)
    return specification


def _add_scenarios(specification: Specification, file_name: str, feature, lines: list[str]) -> None:
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
    for template in templates:
        rule = template.rule
        background = ""
        if rule is not None and rule.background is not None:
            background = _block(lines, rule.background.line_number, starts)
        combined = "\n".join(filter(None, [backgrounds.get(None, ""), background]))
        specification.scenarios[(file_name, template.name)] = ScenarioText(
            feature=file_name,
            name=template.name,
            text=_block(lines, template.line_number, starts),
            background=combined,
            tags=tuple(sorted(template.tags)),
        )


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
