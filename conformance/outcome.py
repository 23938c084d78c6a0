"""What one call under test produced, and the judgements on it, with messages that tell an implementer
what their target did instead.

Of a masked destination (see :func:`email_leaks` and :func:`phone_leaks`): of an email address a mask
may show the first character of the name (the part before the ``@``), the first character of the
domain and, as AWS's CLI example ``j***@e***.com`` does, the top-level domain. Of a phone number it
may show the ``+`` and the last four digits. Every other character it shows must be a mask character:
``h*llo@m*company.com`` and ``+155555*6828`` give the address away.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from conformance.clients.errors import AuthError


@dataclass
class Outcome:
    value: Any = None
    error: AuthError | None = None
    service_calls: int = 0
    # What the backend definition, as synthesized, says about this call (e.g. the password policy),
    # so that a failure shows the value a seed-versus-code disagreement turns on.
    context: str = ""

    @property
    def succeeded(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        if self.error is not None:
            text = f"failed with {self.error.name}: {self.error.message}"
        else:
            text = f"succeeded with {self.value!r}"
        return f"{text} ({self.context})" if self.context else text


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


MASK_CHARACTERS = frozenset("*")
# One visible character, stars, '@', one visible character, stars, and perhaps a top-level domain.
_MASKED_EMAIL = re.compile(r"^[^*@]\*+@[^*@.]\*+(?P<top_level>\.[^*@.]+)?$")


def email_leaks(destination: str, address: str) -> list[str]:
    """The characters ``destination`` shows beyond what a mask of ``address`` may keep, per side of the ``@``."""
    local, _, domain = address.rpartition("@")
    shown_local, at, shown_domain = destination.rpartition("@")
    if not at:
        shown_local, shown_domain = destination, ""
    leaks = [_shown_beyond(shown_local, local[:1], ""), _shown_beyond(shown_domain, domain[:1], _top_level(domain))]
    return [leak for leak in leaks if leak]


def phone_leaks(destination: str, number: str) -> list[str]:
    """The characters ``destination`` shows beyond the ``+`` and the last four digits of ``number``."""
    last_four = re.sub(r"\D", "", number)[-4:]
    leak = _shown_beyond(destination, "+", last_four)
    return [leak] if leak else []


def simulated_email_flaws(destination: str, name: str) -> list[str]:
    """Why ``destination``, given for the unknown user ``name``, does not pass for a real mask.

    It must have a mask's shape, and show no more of ``name`` than a real mask would: its two visible
    characters may be any (Cognito has been seen to answer ``u***@y***`` whatever the name), and a
    top-level domain, if shown, must be the name's own.
    """
    shape = _MASKED_EMAIL.match(destination)
    if shape is None:
        return ["is not shaped like a masked address (a character, stars, '@', a character, stars)"]
    top_level = shape["top_level"]
    if top_level and top_level.lower() != _top_level(name.rpartition("@")[2]).lower():
        return [f"ends in {top_level!r}, which a mask of the name would not show"]
    return []


def _top_level(domain: str) -> str:
    return "." + domain.rsplit(".", 1)[1] if "." in domain else ""


def _shown_beyond(shown: str, first: str, last: str) -> str:
    """What ``shown`` holds besides mask characters, a leading ``first`` and a trailing ``last`` (any case)."""
    if last and shown.lower().endswith(last.lower()):
        shown = shown[: -len(last)]
    if first and shown.lower().startswith(first.lower()):
        shown = shown[len(first):]
    return "".join(char for char in shown if char not in MASK_CHARACTERS)
