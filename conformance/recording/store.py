"""The recording file: reading, writing and merging it, and what it validates.

A recording is one JSON file meant to be committed (``recordings/cognito.json``). Recording again
merges: the requirements of the new run replace their old entries, the others stay as they were.

Every recorded requirement states where it was made (``made_at``: the endpoint, the Region and a
hash of the AWS account). ``validations(PATH)`` turns a recording into the results document's
``validated_against_cognito`` values: the date of the recording when every recorded item of the
requirement passed, ``False`` when real Cognito failed it, ``None`` when it was never recorded.
Only entries made against Amazon Cognito's own endpoints count: a recording of the ``cognito``
target made against a stand-in (moto server) is refused with one sentence, never taken for the
real service.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from localhost.files import write_atomically


PASSED, FAILED, NOT_APPLICABLE = "passed", "failed", "not_applicable"  # a recorded requirement's outcome
SCHEMA = "amplify-password-conformance/recording"
SCHEMA_VERSION = 1
DEFAULT_PATH = Path("recordings") / "cognito.json"


def load(path: Path) -> dict[str, Any]:
    """A recording; a missing file is an empty recording, a malformed one an error naming the fix."""
    if not path.exists():
        return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "requirements": {}}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a readable recording ({error}); restore it from git or delete it") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ValueError(f"{path} is not a recording of this suite (its schema is not {SCHEMA!r})")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"{path} has recording schema version {document.get('schema_version')}; "
                         f"this suite reads version {SCHEMA_VERSION}")
    return document


def write(document: dict[str, Any], path: Path) -> None:
    write_atomically(path, json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def merge(document: dict[str, Any], requirements: dict[str, Any]) -> dict[str, Any]:
    merged = dict(document)
    merged["schema"], merged["schema_version"] = SCHEMA, SCHEMA_VERSION
    merged["note"] = ("Redacted answers of the service per requirement, written by pytest --record; "
                      "read by --compare-recording and by the reports' validated_against_cognito.")
    merged["requirements"] = {**document.get("requirements", {}), **requirements}
    return merged


def validation(recorded: dict[str, Any] | None) -> str | bool | None:
    """The ``validated_against_cognito`` value of one requirement's recording."""
    if not recorded:
        return None
    if recorded.get("outcome") == PASSED:
        return recorded.get("recorded")
    if recorded.get("outcome") == FAILED:
        return False
    return None


# Amazon Cognito's own user-pool endpoints (standard, FIPS, China), always over HTTPS.
_AWS_ENDPOINT = re.compile(r"^cognito-idp(?:-fips)?\.[a-z]{2}(?:-[a-z]+)+-\d\.amazonaws\.com(?:\.cn)?$")


def is_aws_endpoint(url: str | None) -> bool:
    """Whether ``url`` is one of Amazon Cognito's own endpoints (not a stand-in, a proxy or an emulator)."""
    parsed = urlparse(url or "")
    return parsed.scheme == "https" and bool(_AWS_ENDPOINT.match(parsed.hostname or ""))


def validations(path: Path | str = DEFAULT_PATH) -> dict[str, str | bool]:
    """``validated_against_cognito`` per requirement, from a recording of real Cognito (empty without one).

    Only what the ``cognito`` target recorded counts (an emulator's recording validates nothing), and
    only when it was made at Amazon Cognito's own endpoint; ValueError (one sentence) for a recording
    of the cognito target made anywhere else.
    """
    document = load(Path(path))
    values = {}
    for requirement, recorded in document.get("requirements", {}).items():
        if recorded.get("target") != "cognito":
            continue
        endpoint = (recorded.get("made_at") or {}).get("endpoint")
        if not is_aws_endpoint(endpoint):
            where = f"against {endpoint}" if endpoint else "without saying where"
            raise ValueError(f"{path} holds {requirement} recorded by the cognito target {where}, not at Amazon "
                             "Cognito's own endpoint, so it cannot validate requirements; record against real "
                             "Cognito, or move the file aside")
        value = validation(recorded)
        if value is not None:
            values[requirement] = value
    return values


def apply_validations(document: dict[str, Any], values: dict[str, str | bool]) -> dict[str, Any]:
    """Fill ``validated_against_cognito`` in a results document (in place; returns it)."""
    for requirement in document.get("requirements", []):
        requirement["validated_against_cognito"] = values.get(requirement["id"])
    return document
