"""What a failed, warned or errored test item records: its own sentence first, the traceback apart.

The message is what an implementer reads first in every artefact: what the scenario expected, what
the target did, the error code and message it answered. It is a few lines at most; the traceback,
which says where in the suite it was raised, is kept in a field of its own.
"""
from __future__ import annotations

import traceback

from botocore.exceptions import ClientError

from conformance.clients.errors import AuthError

MESSAGE_LIMIT = 1500
MESSAGE_LINES = 12
TRACEBACK_LIMIT = 6000


def failure_message(error: BaseException) -> str:
    """The sentence of a failure: the assertion's own words, or the service's refusal of a set-up call."""
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        text = (f"the service refused {error.operation_name}, which the scenario needs to set up, with "
                f"{details.get('Code', 'an error')}: {details.get('Message', '')}")
    elif isinstance(error, AuthError):
        text = f"the service refused a call the scenario needs to set up, with {error.name}: {error.message}"
    else:
        text = str(error).strip() or f"{type(error).__name__} with no message"
    return shorten(text)


def shorten(text: str) -> str:
    """At most MESSAGE_LINES lines and MESSAGE_LIMIT characters, saying so when cut."""
    lines = text.strip().splitlines()
    cut = len(lines) > MESSAGE_LINES
    text = "\n".join(lines[:MESSAGE_LINES])
    if len(text) > MESSAGE_LIMIT:
        text, cut = text[: MESSAGE_LIMIT - 40], True
    return text + (" … (cut; the traceback has the rest)" if cut else "")


def traceback_text(error: BaseException) -> str:
    """Where ``error`` was raised, innermost last; the end is kept when it is long."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip()
    return text if len(text) <= TRACEBACK_LIMIT else "…" + text[-(TRACEBACK_LIMIT - 1):]
