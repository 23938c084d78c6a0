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
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


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


def load_expectations(path: Path, known_requirements: Iterable[str]) -> list[Expectation]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ExpectationsError(f"cannot read the expectations file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ExpectationsError(f"the expectations file {path} is not valid TOML: {error}") from None
    known = set(known_requirements)
    unexpected_keys = set(raw) - {"expected"}
    if unexpected_keys:
        raise ExpectationsError(f"{path}: unknown top-level key(s) {sorted(unexpected_keys)}; use [[expected]] entries")
    entries = raw.get("expected", [])
    if not isinstance(entries, list):
        raise ExpectationsError(f"{path}: 'expected' must be a list of [[expected]] tables")
    expectations = []
    for number, entry in enumerate(entries, 1):
        where = f"{path}, entry {number}"
        if not isinstance(entry, dict):
            raise ExpectationsError(f"{where} is not a table")
        extra = set(entry) - {"requirement", "observed", "example", "link", "reason", "fails_with", "message_contains"}
        if extra:
            raise ExpectationsError(f"{where} has unknown key(s) {sorted(extra)}")
        requirement, observed = entry.get("requirement"), entry.get("observed")
        if not isinstance(requirement, str) or not requirement:
            raise ExpectationsError(f"{where} needs a requirement")
        if requirement not in known:
            raise ExpectationsError(f"{where} names the unknown requirement {requirement!r}")
        if not isinstance(observed, str) or not observed.strip():
            raise ExpectationsError(f"{where} ({requirement}) needs 'observed': the behaviour seen, in one line")
        if not (entry.get("link") or entry.get("reason")):
            raise ExpectationsError(f"{where} ({requirement}) needs a 'link' or a 'reason'")
        for key in ("example", "fails_with", "message_contains"):
            if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
                raise ExpectationsError(f"{where} ({requirement}): '{key}' must be a non-empty string")
        expectation = Expectation(requirement, observed.strip(), entry.get("example"), entry.get("link"),
                                  entry.get("reason"), entry.get("fails_with"), entry.get("message_contains"))
        twin = next((e for e in expectations if (e.requirement, e.example) == (requirement, expectation.example)), None)
        if twin is not None:
            raise ExpectationsError(f"{where} repeats the entry {expectations.index(twin) + 1} for {requirement}"
                                    + (f" (example {expectation.example!r})" if expectation.example else "")
                                    + "; keep one")
        expectations.append(expectation)
    return expectations


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
