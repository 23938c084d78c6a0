"""Judging an outcome, with messages that tell an implementer what their target did instead."""
from __future__ import annotations

from conformance.outcome import Outcome

# Errors Cognito may use to refuse a password: the policy's own error, or the API's input
# constraints (length over 256, surrounding whitespace), which come first.
PASSWORD_REFUSALS = ("InvalidPasswordException", "InvalidParameterException")


def require_outcome(outcome: Outcome | None) -> Outcome:
    if outcome is None:
        raise AssertionError("no call under test was made before this check")
    return outcome


def expect_success(outcome: Outcome | None) -> Outcome:
    outcome = require_outcome(outcome)
    if outcome.error is not None:
        raise AssertionError(f"expected the call to succeed, but it {outcome.describe()}")
    return outcome


def expect_failure(outcome: Outcome | None, *names: str, message: str | None = None) -> Outcome:
    """The call failed, with one of ``names`` when given, and exactly ``message`` when given."""
    outcome = require_outcome(outcome)
    if outcome.error is None:
        wanted = " or ".join(names) or "an error"
        raise AssertionError(f"expected the call to fail with {wanted}, but it {outcome.describe()}")
    if not names and outcome.error.is_server_error:
        raise AssertionError(f"expected the service to refuse the call, but it failed as a server "
                             f"(HTTP {outcome.error.http_status or '5xx'}): the call {outcome.describe()}")
    if names and outcome.error.name not in names:
        raise AssertionError(f"expected {' or '.join(names)}, but the call {outcome.describe()}")
    if message is not None and outcome.error.message != message:
        raise AssertionError(
            f"expected {outcome.error.name} with the message {message!r}, got {outcome.error.message!r}"
        )
    return outcome


def looks_like_a_delivery(output: dict) -> bool:
    """Whether a resetPassword output reports a code sent somewhere, as a real delivery would."""
    step = output.get("nextStep", {})
    details = step.get("codeDeliveryDetails") or {}
    return (step.get("resetPasswordStep") == "CONFIRM_RESET_PASSWORD_WITH_CODE"
            and details.get("deliveryMedium") in ("EMAIL", "SMS")
            and details.get("attributeName") in ("email", "phone_number")
            and bool(details.get("destination")))


def setting_mismatches(actual: dict, expected_rows: list[list[str]]) -> list[str]:
    """Each ``[setting, value]`` row whose value differs from ``actual``; "true"/"false" and digits are typed."""
    mismatches = []
    for setting, text in expected_rows:
        expected: object = {"true": True, "false": False}.get(text, text)
        if isinstance(expected, str) and expected.isdigit():
            expected = int(expected)
        if actual.get(setting) != expected:
            mismatches.append(f"{setting} is {actual.get(setting)!r}, expected {expected!r}")
    return mismatches


# Cognito's reasons for refusing a password, one per policy rule.
POLICY_REASONS = (
    "Password not long enough",
    "Password must have lowercase characters",
    "Password must have uppercase characters",
    "Password must have numeric characters",
    "Password must have symbol characters",
)


def reasons_named(message: str) -> list[str]:
    return [reason for reason in POLICY_REASONS if reason in message]
