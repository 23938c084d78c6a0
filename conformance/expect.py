"""Judging an outcome, with messages that tell an implementer what their target did instead."""
from __future__ import annotations

from conformance.outcome import Outcome

# Errors Cognito may use to refuse a password: the policy's own error, or the API's input
# constraints (length over 256, surrounding whitespace), which come first.
PASSWORD_REFUSALS = ("InvalidPasswordException", "InvalidParameterException")


def _require_outcome(outcome: Outcome | None) -> Outcome:
    if outcome is None:
        raise AssertionError("no call under test was made before this check")
    return outcome


def expect_success(outcome: Outcome | None) -> Outcome:
    outcome = _require_outcome(outcome)
    if outcome.error is not None:
        raise AssertionError(f"expected the call to succeed, but it {outcome.describe()}")
    return outcome


def expect_failure(outcome: Outcome | None, *names: str, message: str | None = None) -> Outcome:
    """The call failed, with one of ``names`` when given, and exactly ``message`` when given."""
    outcome = _require_outcome(outcome)
    if outcome.error is None:
        wanted = " or ".join(names) or "an error"
        raise AssertionError(f"expected the call to fail with {wanted}, but it {outcome.describe()}")
    if names and outcome.error.name not in names:
        raise AssertionError(f"expected {' or '.join(names)}, but the call {outcome.describe()}")
    if message is not None and outcome.error.message != message:
        raise AssertionError(
            f"expected {outcome.error.name} with the message {message!r}, got {outcome.error.message!r}"
        )
    return outcome
