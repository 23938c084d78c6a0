"""When the run, not the target, is at fault: what makes a run's verdict ``error``.

A run judges a target only by what the target answers through its API. Everything else that can go
wrong (the target or the client cannot start, the code oracle or the clock breaks, a local server
stops answering, the harness itself raises, a feature file has a mistake, the run is interrupted)
means the run could not judge. Such a run never passes and never blames the target: it ends with
the verdict ``error`` and one sentence naming the part that broke.

Where each case falls:

- ``AssertionError`` (a Then step, or a set-up step that found the target misbehaving) and a
  service's own refusal (a botocore ``ClientError``, an Amplify ``AuthError``) are conformance
  evidence: the item **fails**. That includes 4xx and 5xx answers: a service that answers HTTP 500
  where a refusal is required fails that requirement.
- A connection refused, reset or timed out, and a client's ``NetworkError``, mean the target stopped
  answering: **error** (part: the target), with what the target knows about why (a server process
  that exited, and where its log is).
- :class:`RunError` raised by the harness around a target's plumbing, or by the run's set-up:
  **error** (its part).
- Any other exception is a defect of the suite or of a target's plumbing: **error** (part: the
  harness), naming the exception and where it was raised.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Callable

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ReadTimeoutError,
)

from conformance.clients.errors import AuthError

PLUMBING_EXIT_CODE = 3  # the run could not judge: something other than the target broke
MISTAKE_EXIT_CODE = 4  # a usage or feature-file mistake: fix the input and run again
INTERRUPTED_EXIT_CODE = 2  # pytest's own code for an interrupted run

# The Amplify error a client raises when no answer came back (amplify-js and the python client alike).
NETWORK_ERROR = "NetworkError"
CONNECTION_ERRORS = (EndpointConnectionError, ConnectionClosedError, ConnectTimeoutError, ReadTimeoutError,
                     HTTPClientError, ConnectionError)


class RunError(Exception):
    """The run could not judge: ``part`` broke, and ``sentence`` says how and what to do about it."""

    exit_code = PLUMBING_EXIT_CODE

    def __init__(self, part: str, sentence: str) -> None:
        super().__init__(sentence)
        self.part = part
        self.sentence = sentence


class FeatureFileMistake(RunError):
    """A feature file says something the suite cannot run: fix the feature file, not the target."""

    exit_code = MISTAKE_EXIT_CODE

    def __init__(self, sentence: str) -> None:
        super().__init__("feature file", sentence)


@dataclass(frozen=True)
class Breakdown:
    """Why an item could not be judged: the part that broke, one sentence, the exit code it sets."""

    part: str
    message: str
    exit_code: int = PLUMBING_EXIT_CODE

    def as_dict(self) -> dict[str, object]:
        return {"part": self.part, "message": self.message, "exit_code": self.exit_code}


def is_network_error(error: BaseException) -> bool:
    return isinstance(error, CONNECTION_ERRORS) or (isinstance(error, AuthError) and error.name == NETWORK_ERROR)


def unreachable(target_name: str, detail: str, health: str | None) -> RunError:
    """The error for a target that stopped answering; ``health`` is what the target knows about why."""
    why = health or f"nothing answered ({detail})"
    return RunError(f"target {target_name!r}", f"target {target_name!r} stopped answering: {why}")


def breakdown_of(error: BaseException, *, target_name: str = "?",
                 health: Callable[[], str | None] = lambda: None) -> Breakdown | None:
    """The breakdown ``error`` stands for, or None when it is conformance evidence (the item fails)."""
    if isinstance(error, RunError):
        return Breakdown(error.part, error.sentence, error.exit_code)
    if is_network_error(error):
        found = unreachable(target_name, f"{type(error).__name__}: {error}", _safely(health))
        return Breakdown(found.part, found.sentence)
    if isinstance(error, (AssertionError, ClientError, AuthError)):
        return None
    part = getattr(error, "breakdown_part", None)  # a plumbing error that names its own part (e.g. a Node bridge)
    if part:
        return Breakdown(part, f"{part} broke: {error}")
    return Breakdown("harness", f"the suite broke, not the target: {type(error).__name__}: {error}"
                                f"{_raised_at(error)}; please report it with the log of this run")


def _safely(health: Callable[[], str | None]) -> str | None:
    try:
        return health()
    except Exception:  # a diagnosis that fails must not hide the breakdown it explains
        return None


def _raised_at(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    where = "/".join(last.filename.replace("\\", "/").split("/")[-2:])
    return f" (raised at {where}:{last.lineno} in {last.name})"
