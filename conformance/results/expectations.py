"""Known deviations of a target, kept outside the specification.

One TOML file per target (``expectations/<target>.toml``) lists what the target is known to get
wrong, each entry naming a requirement (or one Examples row of it), the behaviour observed, and a
link or reason::

    [[expected]]
    requirement = "req_email_destination_masked"
    example = "test@test.com-t***@t***"      # optional: the row's test ID; omit for every row
    observed = "the destination comes back unmasked"
    link = "https://github.com/…/issues/123"   # or: reason = "…"
    fails_with = "InvalidParameterException"   # optional: the error code the failure must name
    message_contains = "unmasked"              # optional: words the failure's message must hold

A run with expectations turns an expected failure into ``expected_failure`` and an expected
failure that passes into ``unexpected_pass``, which fails the gate like any failure: a stale entry
must be removed. A failure of another kind than the entry names (``fails_with``,
``message_contains``) stays a failure. An entry naming an unknown requirement, matching no test
item, or repeating another entry, is an error. An expectation never turns an error (the run could
not judge) into anything else.

The file's structure is defined by a JSON Schema of its parsed form,
``conformance/results/schemas/expectations.schema.json``, for other tools too; the loader checks it and the
catalogue (an unknown requirement, a repeated entry), and says what is wrong in one sentence.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from conformance.catalogue import ScenarioTags

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "expectations.schema.json"


class ExpectationsError(ValueError):
    """The expectations file is malformed or names something that does not exist."""


@dataclass(frozen=True)
class Expectation:
    requirement: str
    observed: str
    example: str | None = None
    link: str | None = None
    reason: str | None = None
    fails_with: str | None = None  # an error code the failure's message must name
    message_contains: str | None = None

    def matches(self, requirement: str, example: str | None) -> bool:
        return self.requirement == requirement and (self.example is None or self.example == example)

    def accepts(self, failure: str) -> bool:
        """Whether ``failure`` (an item's failure message) is the kind of failure this entry expects."""
        if self.fails_with and not re.search(rf"(?<![A-Za-z0-9]){re.escape(self.fails_with)}(?![A-Za-z0-9])", failure):
            return False
        return not self.message_contains or self.message_contains in failure

    def describe(self) -> str:
        source = self.link or self.reason or ""
        kind = f" with {self.fails_with}" if self.fails_with else ""
        kind += f" saying {self.message_contains!r}" if self.message_contains else ""
        return f"expected failure{kind}: {self.observed}" + (f" ({source})" if source else "")


def describe_file(path: Path, entries: int) -> dict[str, object]:
    """What the results record of the expectations file a run applied: its path, content hash and size."""
    return {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "entries": entries}


class AppliedExpectations(NamedTuple):
    """The entries a run applies, and what its results record of their file (None when no file applies)."""

    entries: list[Expectation]
    file: dict[str, object] | None


def expectations_path(off: bool, given: str | None, default: Path) -> Path | None:
    """The file a run applies: none with ``--no-expectations``, the one given, else the target's when it exists."""
    if off:
        return None
    if given:
        return Path(given)
    return default if default.exists() else None


def load_for_run(path: Path | None, known_requirements: Iterable[str], root: Path) -> AppliedExpectations:
    """The entries of ``path`` (none for None), and the file's description, its path shown relative to ``root``."""
    if path is None:
        return AppliedExpectations([], None)
    expectations = load_expectations(path, known_requirements)
    shown = path.resolve().relative_to(root) if path.resolve().is_relative_to(root) else path
    return AppliedExpectations(expectations, describe_file(path, len(expectations)) | {"path": str(shown)})


def expectation_problem(expectations: list[Expectation], scenarios: list[ScenarioTags]) -> str | None:
    """The first entry naming an Examples row no scenario of its requirement has, as a sentence; or None."""
    rows: dict[str, list[str]] = {}
    for scenario in scenarios:
        for tag in scenario.tags:
            rows.setdefault(tag, []).extend(scenario.example_ids)
    for entry in expectations:
        found = rows.get(entry.requirement, [])
        if entry.example is not None and not any(entry.matches(entry.requirement, row) for row in found):
            return (f"the expectation for {entry.requirement} names the example {entry.example!r}, which no test "
                    f"item has; its rows are {', '.join(repr(r) for r in found) or 'none (it is not an outline)'}")
    return None


def load_expectations(path: Path, known_requirements: Iterable[str]) -> list[Expectation]:
    """The entries of an expectations file, checked against its schema and the catalogue's requirements."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ExpectationsError(f"cannot read the expectations file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ExpectationsError(f"the expectations file {path} is not valid TOML: {error}") from None
    problem = _schema_problem(raw, path)
    if problem:
        raise ExpectationsError(problem)
    known = set(known_requirements)
    expectations = []
    for number, entry in enumerate(raw.get("expected", []), 1):
        requirement = entry["requirement"]
        if requirement not in known:
            raise ExpectationsError(f"{path}, entry {number} names the unknown requirement {requirement!r}")
        expectation = Expectation(requirement, entry["observed"].strip(), entry.get("example"), entry.get("link"),
                                  entry.get("reason"), entry.get("fails_with"), entry.get("message_contains"))
        twin = next((e for e in expectations if (e.requirement, e.example) == (requirement, expectation.example)), None)
        if twin is not None:
            raise ExpectationsError(f"{path}, entry {number} repeats the entry {expectations.index(twin) + 1} for "
                                    f"{requirement}" + (f" (example {expectation.example!r})" if expectation.example
                                                        else "") + "; keep one")
        expectations.append(expectation)
    return expectations


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # imported on first use: most targets have no expectations file

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _schema_problem(raw: dict[str, Any], path: Path) -> str | None:
    """The first way the parsed file breaks the schema, as a sentence naming the entry and the fix; or None."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(raw))
    if error is None:
        return None
    where, trail = str(path), list(error.absolute_path)
    if len(trail) >= 2:
        entry = raw["expected"][trail[1]]
        named = entry.get("requirement") if isinstance(entry, dict) else None
        where += f", entry {trail[1] + 1}" + (f" ({named})" if isinstance(named, str) and named else "")
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if not trail:
            return f"{where}: unknown top-level key(s) {unknown}; use [[expected]] entries"
        return f"{where} has unknown key(s) {unknown}"
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        return f"{where} needs '{missing}': {error.schema['properties'][missing]['description']}"
    if error.validator == "anyOf":
        return f"{where} needs " + " or ".join(f"a '{branch['required'][0]}'" for branch in error.validator_value)
    what = f": '{trail[-1]}'" if trail and isinstance(trail[-1], str) else ""
    return f"{where}{what} must be {error.schema.get('description', 'as the schema says')}"


def find(expectations: list[Expectation], requirement: str, example: str | None) -> Expectation | None:
    return next((e for e in expectations if e.matches(requirement, example)), None)


def unused(expectations: list[Expectation], used: set[Expectation]) -> list[Expectation]:
    return [e for e in expectations if e not in used]


def suggest(failures: list[tuple[str, str | None, bool, str]]) -> str:
    """Ready-to-paste entries for failures given as (requirement, example, whole_requirement, message)."""
    blocks = []
    seen = set()
    for requirement, example, whole, message in failures:
        key = (requirement, None if whole else example)
        if key in seen:
            continue
        seen.add(key)
        lines = ["[[expected]]", f'requirement = "{requirement}"']
        if not whole and example is not None:
            lines.append(f"example = {_toml_string(example)}")
        lines.append(f"observed = {_toml_string(_one_line(message))}")
        lines.append('reason = "TODO: link to the issue or explain"')
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "failed"
    return first.removeprefix("AssertionError: ")[:200]


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return f'"{escaped}"'
