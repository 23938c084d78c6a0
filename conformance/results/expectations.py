"""Known deviations of targets, kept outside the specification.

A TOML file in ``expectations/`` names the targets it describes and lists what they are known to get
wrong, each entry naming a requirement (or some Examples rows of it, by their cells), the behaviour
observed, and a link or reason::

    targets = ["moto", "moto-server"]          # the targets whose runs apply this file by default

    [[expected]]
    requirement = "req_minimum_length_boundaries"
    example = { minimum = "6", length = "5" }  # optional: the Examples rows with these cells; omit for every row
    observed = "5 characters are accepted under MinimumLength 6"
    link = "https://github.com/…/issues/123"   # or: reason = "…"
    fails_with = "InvalidPasswordException"    # optional: the error code the failure must name
    message_contains = "accepted"              # optional: words the failure's message must hold
    only = "moto-server"                       # optional: one of the file's targets, or a list of them

A run applies the file whose ``targets`` names its target (``--expectations FILE`` applies another,
``--no-expectations`` none). An ``example`` matches every Examples row of the requirement whose named
columns hold those values, so it survives a change to any other cell; the names are the columns of the
Examples table. An entry with ``only`` applies to the runs of those targets alone.

A run with expectations turns an expected failure into ``expected_failure`` and an expected
failure that passes into ``unexpected_pass``, which fails the gate like any failure: a stale entry
must be removed. A failure of another kind than the entry names (``fails_with``,
``message_contains``) stays a failure. An entry naming an unknown requirement, a column its
requirement's Examples lack or no row at all, repeating another entry, or sharing a row with another
entry for the same target, is an error. An expectation never turns an error (the run could not judge)
into anything else.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple

from conformance.catalogue import ScenarioTags

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "expectations.schema.json"
ROWS_SHOWN = 8  # rows a sentence lists when an example matches none
TABLE_FORM = ('example = { column = "cell", … } with the Examples table\'s column names, '
              'e.g. { minimum = "6", length = "5" }')


class ExpectationsError(ValueError):
    """The expectations file is malformed or names something that does not exist."""


Cells = tuple[tuple[str, str], ...]  # an Examples row's (column, cell) pairs, in the order written


@dataclass(frozen=True)
class Expectation:
    requirement: str
    observed: str
    example: Cells | None = None  # None: every item of the requirement
    link: str | None = None
    reason: str | None = None
    fails_with: str | None = None  # an error code the failure's message must name
    message_contains: str | None = None
    only: tuple[str, ...] | None = None  # the targets the entry applies to; None: every target of its file
    number: int = field(default=0, compare=False)  # its place in the file, from 1, for messages

    def matches(self, requirement: str, example: Mapping[str, str] | None) -> bool:
        """Whether this entry names the item of ``requirement`` with the Examples row ``example`` (cells by column)."""
        if self.requirement != requirement:
            return False
        return self.example is None or all((example or {}).get(column) == cell for column, cell in self.example)

    def applies_to(self, target: str) -> bool:
        return self.only is None or target in self.only

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

    def named(self) -> str:
        """The entry in a sentence: its requirement, and its example when it has one."""
        return self.requirement + (f" (example {inline_table(dict(self.example))})" if self.example else "")


@dataclass(frozen=True)
class ExpectationsFile:
    path: Path
    targets: tuple[str, ...]
    entries: list[Expectation]

    def for_target(self, target: str) -> list[Expectation]:
        return [entry for entry in self.entries if entry.applies_to(target)]


class AppliedExpectations(NamedTuple):
    """The entries a run applies, and what its results record of their file (None when no file applies)."""

    entries: list[Expectation]
    file: dict[str, object] | None


def describe_file(path: Path, entries: int) -> dict[str, object]:
    """What the results record of the expectations file a run applied: its path, content hash and size."""
    return {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "entries": entries}


def file_for_target(directory: Path, target: str) -> Path | None:
    """The file in ``directory`` whose ``targets`` names ``target``; None when none does."""
    claiming = [path for path in sorted(directory.glob("*.toml")) if target in _parse(path).get("targets", ())]
    if len(claiming) > 1:
        raise ExpectationsError(f"{' and '.join(str(p) for p in claiming)} both list the target {target!r} in "
                                "their targets; keep it in one file")
    return claiming[0] if claiming else None


def expectations_path(off: bool, given: str | None, target: str, directory: Path) -> Path | None:
    """The file a run applies: none with ``--no-expectations``, the one given, else the one naming the target."""
    if off:
        return None
    if given:
        return Path(given)
    return file_for_target(directory, target) if directory.is_dir() else None


def load_for_run(path: Path | None, known_requirements: Iterable[str], target: str,
                 root: Path) -> AppliedExpectations:
    """The entries of ``path`` that apply to ``target`` (none for None), and the file's description, its path
    shown relative to ``root``."""
    if path is None:
        return AppliedExpectations([], None)
    expectations = load_expectations(path, known_requirements, target)
    shown = path.resolve().relative_to(root) if path.resolve().is_relative_to(root) else path
    return AppliedExpectations(expectations, describe_file(path, len(expectations)) | {"path": str(shown)})


def load_expectations(path: Path, known_requirements: Iterable[str], target: str | None = None) -> list[Expectation]:
    """The entries of an expectations file (those that apply to ``target`` when given), checked against its
    schema and the catalogue's requirements."""
    expectations = read_file(path, known_requirements)
    return expectations.entries if target is None else expectations.for_target(target)


def read_file(path: Path, known_requirements: Iterable[str]) -> ExpectationsFile:
    """An expectations file, checked against its schema and the catalogue's requirements."""
    raw = _parse(path)
    problem = _schema_problem(raw, path)
    if problem:
        raise ExpectationsError(problem)
    targets = tuple(raw["targets"])
    known = set(known_requirements)
    expectations: list[Expectation] = []
    for number, entry in enumerate(raw.get("expected", []), 1):
        requirement = entry["requirement"]
        where = f"{path}, entry {number} ({requirement})"
        if requirement not in known:
            raise ExpectationsError(f"{path}, entry {number} names the unknown requirement {requirement!r}")
        only = entry.get("only")
        only = (only,) if isinstance(only, str) else tuple(only) if only is not None else None
        strangers = [name for name in only or () if name not in targets]
        if strangers:
            raise ExpectationsError(f"{where}: only names {', '.join(map(repr, strangers))}, which the file's targets "
                                    f"({', '.join(targets)}) do not list; add it there or correct the name")
        expectation = Expectation(requirement, entry["observed"].strip(), _cells(entry.get("example")),
                                  entry.get("link"), entry.get("reason"), entry.get("fails_with"),
                                  entry.get("message_contains"), only, number)
        twin = next((e for e in expectations if (e.requirement, e.example) == (requirement, expectation.example)
                     and _share_a_target(e, expectation, targets)), None)
        if twin is not None:
            raise ExpectationsError(f"{path}, entry {number} repeats the entry {twin.number} for "
                                    f"{expectation.named()}; keep one")
        expectations.append(expectation)
    return ExpectationsFile(path, targets, expectations)


def _cells(example: dict[str, str] | None) -> Cells | None:
    return tuple(example.items()) if example is not None else None


def _share_a_target(one: Expectation, other: Expectation, targets: tuple[str, ...]) -> bool:
    return bool(set(one.only or targets) & set(other.only or targets))


def _parse(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ExpectationsError(f"cannot read the expectations file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ExpectationsError(f"the expectations file {path} is not valid TOML: {error}") from None


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # imported on first use: most targets have no expectations file

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _schema_problem(raw: dict[str, Any], path: Path) -> str | None:
    """The first way the parsed file breaks the schema, as a sentence naming the entry and the fix; or None."""
    for number, entry in enumerate(raw.get("expected", []) if isinstance(raw.get("expected"), list) else [], 1):
        if isinstance(entry, dict) and isinstance(entry.get("example"), str):
            named = entry.get("requirement")
            return (f"{path}, entry {number}" + (f" ({named})" if isinstance(named, str) and named else "")
                    + f" names its example by a test ID ({entry['example']!r}), which changes when any cell "
                    f"changes; name the row by its cells instead: {TABLE_FORM}")
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(raw))
    if error is None:
        return None
    where, trail = str(path), list(error.absolute_path)
    if len(trail) >= 2 and trail[0] == "expected":
        entry = raw["expected"][trail[1]]
        named = entry.get("requirement") if isinstance(entry, dict) else None
        where += f", entry {trail[1] + 1}" + (f" ({named})" if isinstance(named, str) and named else "")
        trail = trail[2:]
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if not list(error.absolute_path):
            return f"{where}: unknown top-level key(s) {unknown}; use targets = [...] and [[expected]] entries"
        return f"{where} has unknown key(s) {unknown}"
    if error.validator == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        return f"{where} needs '{missing}': {error.schema['properties'][missing]['description']}"
    if error.validator == "anyOf" and all("required" in branch for branch in error.validator_value):
        return f"{where} needs " + " or ".join(f"a '{branch['required'][0]}'" for branch in error.validator_value)
    what = f": '{_location(trail)}'" if trail else ""
    return f"{where}{what} must be {error.schema.get('description', 'as the schema says')}"


def _location(trail: list[Any]) -> str:
    """A place in the parsed file: example.minimum, targets[0]."""
    text = str(trail[0])
    for part in trail[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


# --- entries against the scenarios -----------------------------------------------------------------

def example_rows(scenarios: Iterable[ScenarioTags]) -> dict[str, list[dict[str, str]]]:
    """Each requirement's Examples rows (cells by column), over all its scenario outlines."""
    rows: dict[str, list[dict[str, str]]] = {}
    for scenario in scenarios:
        for tag in scenario.tags:
            rows.setdefault(tag, []).extend(scenario.example_rows)
    return rows


def expectation_problem(expectations: list[Expectation], scenarios: list[ScenarioTags]) -> str | None:
    """The first entry whose example names a column or row its requirement's Examples lack, or two entries
    naming the same row, as a sentence; or None."""
    rows = example_rows(scenarios)
    for entry in expectations:
        if entry.example is None:
            continue
        found = rows.get(entry.requirement, [])
        if not found:
            return (f"the expectation for {entry.named()} gives an example, but {entry.requirement} has no Examples "
                    "rows (it is not an outline); remove the example")
        columns = list(dict.fromkeys(column for row in found for column in row))
        unknown = [column for column, _ in entry.example if column not in columns]
        if unknown:
            return (f"the expectation for {entry.named()} names the column(s) {', '.join(map(repr, unknown))}, which "
                    f"the Examples of {entry.requirement} do not have; its columns are {', '.join(map(repr, columns))}")
        if not any(entry.matches(entry.requirement, row) for row in found):
            named = [column for column, _ in entry.example]
            seen = list(dict.fromkeys(inline_table({c: row[c] for c in named}) for row in found
                                      if all(c in row for c in named)))
            more = f" and {len(seen) - ROWS_SHOWN} more" if len(seen) > ROWS_SHOWN else ""
            return (f"the expectation for {entry.named()} matches no Examples row of {entry.requirement}; "
                    f"its rows have {', '.join(seen[:ROWS_SHOWN])}{more}")
    for requirement in dict.fromkeys(e.requirement for e in expectations):
        entries = [e for e in expectations if e.requirement == requirement]
        for row in rows.get(requirement) or [{}]:
            matching = [e for e in entries if e.matches(requirement, row)]
            if len(matching) > 1:
                both = f"the expectation entries {matching[0].number} and {matching[1].number}"
                return (f"{both} for {requirement} both match its Examples row {inline_table(row)}" if row
                        else f"{both} both name {requirement}") + "; keep one, or narrow an example or an only"
    return None


def row_key(row: Mapping[str, str], rows: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """The fewest leading cells of ``row`` that match no other row of ``rows`` (all its cells when none do)."""
    others = [dict(other) for other in rows if dict(other) != dict(row)]
    columns = list(row)
    for length in range(1, len(columns) + 1):
        key = {column: row[column] for column in columns[:length]}
        if not any(all(other.get(c) == v for c, v in key.items()) for other in others):
            return key
    return dict(row)


# --- writing entries ------------------------------------------------------------------------------

def find(expectations: list[Expectation], requirement: str, example: Mapping[str, str] | None) -> Expectation | None:
    return next((e for e in expectations if e.matches(requirement, example)), None)


def unused(expectations: list[Expectation], used: set[Expectation]) -> list[Expectation]:
    return [e for e in expectations if e not in used]


def suggest(failures: list[tuple[str, Mapping[str, str] | None, bool, str]], target: str | None = None,
            rows: Mapping[str, list[dict[str, str]]] | None = None) -> str:
    """Ready-to-paste entries for failures given as (requirement, example cells, whole_requirement, message),
    after a ``targets`` line for ``target``; an example is named by the fewest leading cells of its row that
    no other row of the requirement (in ``rows``) shares."""
    blocks = []
    seen = set()
    for requirement, example, whole, message in failures:
        key_cells = None
        if not whole and example:
            key_cells = row_key(example, (rows or {}).get(requirement, [example]))
        key = (requirement, None if key_cells is None else tuple(key_cells.items()))
        if key in seen:
            continue
        seen.add(key)
        lines = ["[[expected]]", f"requirement = {toml_string(requirement)}"]
        if key_cells:
            lines.append(f"example = {inline_table(key_cells)}")
        lines.append(f"observed = {toml_string(_one_line(message))}")
        lines.append('reason = "TODO: link to the issue or explain"')
        blocks.append("\n".join(lines))
    if blocks and target:
        blocks.insert(0, f"targets = [{toml_string(target)}]")
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def inline_table(cells: Mapping[str, str]) -> str:
    """Cells as a TOML inline table: { minimum = "6", "login option" = "phone" }."""
    pairs = [f"{_toml_key(column)} = {toml_string(cell)}" for column, cell in cells.items()]
    return "{ " + ", ".join(pairs) + " }" if pairs else "{}"


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else toml_string(name)


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "failed"
    return first.removeprefix("AssertionError: ")[:200]


def toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    escaped = re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'
