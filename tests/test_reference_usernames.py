"""How the reference recognises sign-in names and attribute values."""
from __future__ import annotations

import pytest

from targets.reference import usernames
from targets.reference.usernames import NameFormError

PATTERN_BROKEN = (
    "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+"
)


@pytest.mark.parametrize(
    ("name", "broken"),
    [
        ("alice", []),
        ("a", []),
        ("a b", []),  # the model's pattern matches anywhere in the value
        ("é", []),
        ("x" * 128, []),
        ("", ["Member must have length greater than or equal to 1"]),
        ("x" * 129, ["Member must have length less than or equal to 128"]),
        (" ", [PATTERN_BROKEN]),
        ("\t\n", [PATTERN_BROKEN]),
    ],
)
def test_username_model_constraints(name: str, broken: list[str]) -> None:
    assert usernames.username_violations(name) == broken


@pytest.mark.parametrize(
    ("username", "attributes", "expected"),
    [
        ("a@example.com", ["email"], "email"),
        ("+15555550100", ["phone_number"], "phone_number"),
        ("a@example.com", ["email", "phone_number"], "email"),
        ("+15555550100", ["email", "phone_number"], "phone_number"),
    ],
)
def test_sign_in_attribute(username: str, attributes: list[str], expected: str) -> None:
    assert usernames.sign_in_attribute(username, attributes) == expected


@pytest.mark.parametrize(
    ("username", "attributes", "message"),
    [
        ("bob", ["email", "phone_number"], "Username should be either an email or a phone number."),
        ("+15555550100", ["email"], "Username should be an email."),
        ("a@example.com", ["phone_number"], "Username should be a phone number."),
        ("5555550100", ["phone_number"], "Username should be a phone number."),
    ],
)
def test_sign_in_attribute_refuses_other_names(username, attributes, message) -> None:
    with pytest.raises(NameFormError) as raised:
        usernames.sign_in_attribute(username, attributes)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("name", "value", "stored"),
    [
        ("email", "a@example.com", "a@example.com"),
        ("phone_number", "+447700900123", "+447700900123"),
        ("email_verified", "True", "true"),
        ("phone_number_verified", "FALSE", "false"),
        ("name", "anything at all", "anything at all"),
    ],
)
def test_attribute_values_are_checked_and_normalised(name: str, value: str, stored: str) -> None:
    assert usernames.check_attribute(name, value) == stored


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("email", "no-at-sign"),
        ("email", "two@@example.com"),
        ("phone_number", "5555550100"),
        ("phone_number", "+1 555 555 0100"),
        ("email_verified", "yes"),
    ],
)
def test_malformed_attribute_values_are_refused(name: str, value: str) -> None:
    with pytest.raises(NameFormError):
        usernames.check_attribute(name, value)
