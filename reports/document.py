"""Reading a results document (reports/SCHEMA.md) and the facts every view shows from it.

The views (Markdown, HTML, matrix) only read the document: nothing here knows about targets beyond
the run's metadata, and nothing reaches back into the harness.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from reports.results_schema import schema_violation

SCHEMA = "amplify-password-conformance/results"
SUPPORTED_VERSIONS = (3,)
GATES = ("pass", "fail", "error")


class ReportInputError(Exception):
    """A results file that cannot be read; the message is one sentence naming the fix."""


@dataclass(frozen=True)
class Status:
    name: str
    label: str
    symbol: str
    conforms: bool  # the target behaves as the requirement says
    attention: bool  # listed first: someone has to look at it
    scored: bool = True  # counted in a score


@dataclass(frozen=True)
class Vocabulary:
    """The words a document gives for its statuses (worst first), levels and provenances."""

    statuses: dict[str, Status]
    levels: dict[str, dict[str, str]]  # name -> label, meaning
    provenances: dict[str, str]  # name -> label

    def status(self, name: str) -> Status:
        """The presentation of a status; one the document does not name is shown as it is, and needs a look."""
        return self.statuses.get(name) or Status(name, name.replace("_", " "), "?", conforms=False, attention=True)

    def rank(self, name: str) -> int:
        order = list(self.statuses)
        return order.index(name) if name in order else -1  # unknown statuses first: they need a look

    def ordered_counts(self, counts: dict[str, int]) -> list[tuple[str, int]]:
        """Status counts worst first, zeros left out."""
        return sorted(((s, n) for s, n in counts.items() if n), key=lambda pair: self.rank(pair[0]))

    def counts_text(self, counts: dict[str, int]) -> str:
        """Status counts in words, worst first: "1 failed, 3 passed"."""
        return ", ".join(f"{n} {self.status(name).label}" for name, n in self.ordered_counts(counts))

    def level_label(self, level: str) -> str:
        known = self.levels.get(level)
        return known["label"] if known else (level or "no level")

    def level_meaning(self, level: str) -> str:
        known = self.levels.get(level)
        return known["meaning"] if known else ""

    def provenance_label(self, name: str) -> str:
        return self.provenances.get(str(name), str(name))

    def provenance_text(self, provenance: Any) -> str:
        names = provenance if isinstance(provenance, list) else []
        return ", ".join(self.provenance_label(p) for p in names) or "no provenance"


def vocabulary(document: dict[str, Any]) -> Vocabulary:
    """The words of a document's statuses, levels and provenances, as it carries them."""
    words = document["vocabulary"]
    return Vocabulary(
        statuses={s["name"]: Status(s["name"], s["label"], s["symbol"], s["conforms"], s["attention"], s["scored"])
                  for s in words["statuses"]},
        levels={level["name"]: {"label": level["label"], "meaning": level["meaning"]} for level in words["levels"]},
        provenances={p["name"]: p["label"] for p in words["provenances"]},
    )


def merged(vocabularies: Iterable[Vocabulary]) -> Vocabulary:
    """Several runs' words in one, for a matrix: the first run that names a status, level or provenance wins."""
    statuses: dict[str, Status] = {}
    levels: dict[str, dict[str, str]] = {}
    provenances: dict[str, str] = {}
    for words in vocabularies:
        for name, status in words.statuses.items():
            statuses.setdefault(name, status)
        for name, level in words.levels.items():
            levels.setdefault(name, level)
        for name, label in words.provenances.items():
            provenances.setdefault(name, label)
    return Vocabulary(statuses, levels, provenances)


def load_document(path: Path) -> dict[str, Any]:
    """Read and check one results file, or raise ReportInputError with one sentence."""
    path = Path(path)
    if not path.exists():
        raise ReportInputError(f"{path} does not exist: pass the results.json a run of the suite wrote.")
    if not path.is_file():
        raise ReportInputError(f"{path} is not a file: pass the results.json a run of the suite wrote.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReportInputError(f"{path} is not UTF-8 text, so it cannot be a results document.") from None
    except OSError as error:
        raise ReportInputError(f"{path} cannot be read ({error.strerror}).") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportInputError(
            f"{path} is not JSON (line {error.lineno}, column {error.colno}: {error.msg}).") from None
    problem = schema_problem(document)
    if problem:
        raise ReportInputError(f"{path} is not a results document this reader understands: {problem}.")
    return document


def schema_problem(document: Any) -> str | None:
    """What makes a value unusable as a results document (reports/schemas/results-3.schema.json), or None."""
    if not isinstance(document, dict):
        return "the top level is not a JSON object"
    if document.get("schema") != SCHEMA:
        return f"its \"schema\" is {document.get('schema')!r}, expected {SCHEMA!r}"
    version = document.get("schema_version")
    if version in (1, 2) and not isinstance(version, bool):
        return (f"its schema_version is {version}, written by an older suite whose documents lack the Gherkin and the "
                "status words reports are built from; run the suite again to get a version 3 document")
    if version not in SUPPORTED_VERSIONS or isinstance(version, bool):
        supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        return f"its schema_version is {version!r}, and this reader supports {supported} (update the suite)"
    return schema_violation(document)


# --- facts shared by the views ---------------------------------------------------------------------

def run_label(run: dict[str, Any]) -> str:
    """target / client / definitions: what a run chose."""
    return f"{target_name(run)} / {run.get('client', '?')} / {run.get('definitions', '?')}"


def run_name(run: dict[str, Any]) -> str | None:
    """The run's name (``--run-name``), or None for a document written before runs had names."""
    name = run.get("name")
    return name if isinstance(name, str) and name else None


def run_title(run: dict[str, Any]) -> str:
    """What a run is called in a title or a matrix column: its name, else target / client / definitions."""
    return run_name(run) or run_label(run)


def target_name(run: dict[str, Any]) -> str:
    target = run.get("target")
    return str(target.get("name", "?")) if isinstance(target, dict) else str(target or "?")


def target_version(run: dict[str, Any]) -> str:
    target = run.get("target")
    return str(target.get("version", "")) if isinstance(target, dict) else ""


def capabilities(run: dict[str, Any]) -> list[str]:
    target = run.get("target")
    found = target.get("capabilities", []) if isinstance(target, dict) else []
    return [str(c) for c in found] if isinstance(found, list) else []


def gate(document: dict[str, Any]) -> str:
    """"pass", "fail" or "error", as the run decided it."""
    return document["summary"]["gate"]


@dataclass(frozen=True)
class RunError:
    """What broke in a run whose gate is "error"."""

    part: str  # a few words: "code oracle", "target 'moto-server'", "interrupted"; empty when not said
    message: str  # one sentence: what broke and where its log is
    exit_code: int | None


def run_error(document: dict[str, Any]) -> RunError | None:
    """Why the run could not judge, or None when its gate is not "error"."""
    if gate(document) != "error":
        return None
    found = document.get("summary", {}).get("error")
    found = found if isinstance(found, dict) else {}
    exit_code = found.get("exit_code")
    return RunError(
        part=str(found.get("part") or ""),
        message=str(found.get("message") or _unexplained_error(document)),
        exit_code=exit_code if isinstance(exit_code, int) and not isinstance(exit_code, bool) else None,
    )


def _unexplained_error(document: dict[str, Any]) -> str:
    errors = sum(1 for r in document["requirements"] if r.get("status") == "error")
    if errors:
        return f"{errors} requirement{'s' if errors != 1 else ''} could not be judged; their messages say why."
    return "The run could not judge, and its results document does not say why."


def expectations(run: dict[str, Any]) -> dict[str, Any] | None:
    """The expectations file the run applied ({"path", "sha256", "entries"}), or None."""
    applied = run.get("expectations")
    return applied if isinstance(applied, dict) and applied.get("path") else None


def expectations_text(run: dict[str, Any]) -> str:
    """The expectations file for the run's details."""
    applied = expectations(run)
    if applied is None:
        return "none applied"
    facts = [f"sha256 {str(applied.get('sha256') or '?')[:12]}"]
    if isinstance(applied.get("entries"), int):
        facts.append(f"{applied['entries']} entr{'ies' if applied['entries'] != 1 else 'y'}")
    return f"{applied['path']} ({', '.join(facts)})"


def expectation_notes(document: dict[str, Any]) -> list[str]:
    """Sentences about expectations entries the run could not check."""
    notes = document.get("summary", {}).get("expectation_notes")
    return [str(note) for note in notes if str(note).strip()] if isinstance(notes, list) else []


def expected_failures(document: dict[str, Any]) -> int:
    """Test items whose failure the expectations file expected."""
    return document["summary"]["expected_failures"]


def verdict_text(document: dict[str, Any]) -> str:
    """The verdict in words; a pass says whether expected failures made it green, and from which file."""
    verdict = gate(document)
    applied = expectations(document["run"])
    if verdict != "pass" or applied is None:
        return f"gate {verdict}"
    expected = expected_failures(document)
    if not expected:
        return f"gate pass (expectations {applied['path']} applied, none needed)"
    return f"gate pass with {expected} expected failure{'s' if expected != 1 else ''} from {applied['path']}"


def requirement_counts(requirements: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for requirement in requirements:
        counts[requirement.get("status", "?")] = counts.get(requirement.get("status", "?"), 0) + 1
    return counts


def item_counts(requirements: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for requirement in requirements:
        for item in requirement.get("items", []):
            counts[item.get("status", "?")] = counts.get(item.get("status", "?"), 0) + 1
    return counts


@dataclass(frozen=True)
class Score:
    """Requirements whose behaviour conforms, out of those scored (an error is scored, and does not conform)."""

    level: str
    conforming: int
    scored: int
    counts: dict[str, int]

    @property
    def text(self) -> str:
        if not self.scored:
            return "nothing scored"
        return f"{self.conforming}/{self.scored} ({self.percent}%)"

    @property
    def percent(self) -> int:
        # Floor, so that 99.6 % is never shown as 100 %.
        return (100 * self.conforming) // self.scored if self.scored else 0


def score(requirements: Iterable[dict[str, Any]], words: Vocabulary, level: str = "all") -> Score:
    chosen = [r for r in requirements if level == "all" or r.get("level") == level]
    counts = requirement_counts(chosen)
    scored = sum(n for s, n in counts.items() if words.status(s).scored)
    conforming = sum(n for s, n in counts.items() if words.status(s).conforms)
    return Score(level, conforming, scored, counts)


def scores(document: dict[str, Any]) -> list[Score]:
    requirements, words = document["requirements"], vocabulary(document)
    found = [score(requirements, words, level) for level in words.levels]
    others = sorted({str(r.get("level", "")) for r in requirements} - set(words.levels))
    found += [score(requirements, words, level) for level in others]
    return [s for s in found if s.counts] + [score(requirements, words)]


def features_of(requirement: dict[str, Any]) -> list[str]:
    """The feature files a requirement's items came from, in order of first appearance."""
    return list(dict.fromkeys(str(i.get("feature") or "") for i in requirement.get("items", []) if i.get("feature")))


def scenarios_of(requirement: dict[str, Any]) -> list[tuple[str, str]]:
    """(feature, scenario) pairs of a requirement's items, in order of first appearance."""
    return list(dict.fromkeys((str(i.get("feature") or ""), str(i.get("scenario") or ""))
                              for i in requirement.get("items", [])))


def disagreement_pairs(document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any] | None, str]]:
    """Each seed-versus-code disagreement once: (one side, the other side or None if absent, its ID)."""
    by_id = {r["id"]: r for r in document["requirements"]}
    seen: set[frozenset[str]] = set()
    pairs = []
    for requirement in document["requirements"]:
        for other_id in requirement.get("disagrees") or []:
            key = frozenset((requirement["id"], other_id))
            if key in seen:
                continue
            seen.add(key)
            other = by_id.get(other_id)
            left, right, right_id = requirement, other, other_id
            # The seed page's claim on the left, the code's on the right.
            if other is not None and _is_seed_claim(other) and not _is_seed_claim(requirement):
                left, right, right_id = other, requirement, requirement["id"]
            pairs.append((left, right, right_id))
    return pairs


def _is_seed_claim(requirement: dict[str, Any]) -> bool:
    return "seed" in (requirement.get("provenance") or [])


def validation_text(value: Any) -> str:
    """How honestly to say whether a requirement was ever checked against real Amazon Cognito."""
    if value is None:
        return "never validated against real Amazon Cognito"
    if value is True:
        return "validated against real Amazon Cognito"
    if value is False:
        return "not confirmed by real Amazon Cognito"
    return f"validated against real Amazon Cognito: {value}"


def never_validated(document: dict[str, Any]) -> int:
    return sum(1 for r in document["requirements"] if r.get("validated_against_cognito") is None)


def duration_text(run: dict[str, Any]) -> str:
    started, finished = _instant(run.get("started")), _instant(run.get("finished"))
    if started is None or finished is None:
        return ""
    seconds = int((finished - started).total_seconds())
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def first_line(text: str, limit: int) -> str:
    line = next((part.strip() for part in str(text).splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def example_text(example: Any) -> str:
    if not isinstance(example, dict) or not example:
        return ""
    return ", ".join(f"{key} = {value}" for key, value in example.items())
