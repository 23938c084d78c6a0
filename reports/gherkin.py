"""The Gherkin of each scenario, as the results document carries it, to show beside its results."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass(frozen=True)
class ScenarioText:
    feature: str  # the feature file's name, as in a results item
    name: str
    text: str  # tags, the scenario line, steps and Examples
    background: str = ""  # the Background its steps run after, if any
    tags: tuple[str, ...] = ()


@dataclass
class Specification:
    """The scenarios a run read, by (feature file name, scenario name)."""

    scenarios: dict[tuple[str, str], ScenarioText] = field(default_factory=dict)
    feature_titles: dict[str, str] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # feature files the parser refused

    def scenario(self, feature: str, name: str) -> ScenarioText | None:
        return self.scenarios.get((feature, name))

    def of_requirement(self, requirement_id: str) -> list[ScenarioText]:
        return [s for s in self.scenarios.values() if requirement_id in s.tags]


def specification_of(document: dict[str, Any]) -> Specification:
    """The scenarios of the feature files the run read, from its document's ``specification``."""
    carried = document.get("specification") or {}
    specification = Specification(unreadable=[str(name) for name in carried.get("unreadable", [])])
    for feature in carried.get("features", []):
        specification.feature_titles[feature["file"]] = feature.get("title") or feature["file"]
        for scenario in feature.get("scenarios", []):
            specification.scenarios[(feature["file"], scenario["name"])] = ScenarioText(
                feature=feature["file"],
                name=scenario["name"],
                text=scenario.get("text", ""),
                background=scenario.get("background", ""),
                tags=tuple(scenario.get("tags", ())),
            )
    return specification


def merged(specifications: Iterable[Specification]) -> Specification:
    """Several runs' scenarios in one: a scenario or title the first run carries wins."""
    combined = Specification()
    for specification in specifications:
        for key, scenario in specification.scenarios.items():
            combined.scenarios.setdefault(key, scenario)
        for feature, title in specification.feature_titles.items():
            combined.feature_titles.setdefault(feature, title)
        combined.unreadable += [name for name in specification.unreadable if name not in combined.unreadable]
    return combined
