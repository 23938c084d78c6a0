"""The published JSON Schema of the results document, and what in a document breaks it.

The schema ships in the package (``reports/schemas/results-3.schema.json``); a results document names
it by its ``$id`` in its ``"$schema"`` field. Other tools can validate a run with it; this reader
refuses a document that breaks it, in one sentence.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "results-3.schema.json"
_JSON_TYPES = {"object": "a JSON object", "array": "a JSON array", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "true or false", "null": "null"}
_MESSAGE_LIMIT = 160  # characters of the validator's own message, which may quote a large value


@functools.cache
def results_schema() -> dict[str, Any]:
    """The schema, as shipped."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # imported on first use: a run that only writes never needs it

    return Draft202012Validator(results_schema())


def schema_violation(document: Any) -> str | None:
    """The most telling way ``document`` breaks the schema, as a phrase ("requirements[0] has no 'id'"), or None."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document))
    if error is None:
        return None
    return f"{_location(error.absolute_path)} {_complaint(error)}"


def _location(path: Any) -> str:
    parts = list(path)
    if not parts:
        return "the document"
    text = str(parts[0])
    for part in parts[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return repr(text) if len(parts) == 1 else text


def _complaint(error: Any) -> str:
    if error.validator == "required":
        missing = next((name for name in error.validator_value if name not in error.instance), "?")
        return f"has no {missing!r}"
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return "is not " + " or ".join(_JSON_TYPES.get(kind, kind) for kind in expected)
    message = error.message if len(error.message) <= _MESSAGE_LIMIT else error.message[:_MESSAGE_LIMIT - 1] + "…"
    return f"breaks the schema: {message}"
