"""How the reference masks the destination a code was sent to."""
from __future__ import annotations

import pytest

from targets.reference.masking import mask_destination, mask_email, mask_phone


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("test@test.com", "t***@t***"),
        ("alice.smith@example.org", "a***@e***"),
        ("Bob@Mail.Example.com", "B***@M***"),
        ("x@y.z", "x***@y***"),
        ('"odd@local"@example.com', '"***@e***'),  # split at the last @
        ("no-at-sign", "n***"),
    ],
)
def test_email_shows_first_character_of_each_side(address: str, masked: str) -> None:
    assert mask_email(address) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+15555556828", "+*******6828"),
        ("+447700900123", "+********0123"),
        ("+12345", "+*2345"),
        ("+1234", "+1234"),
    ],
)
def test_phone_shows_only_the_last_four_digits(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_masked_destinations_never_contain_the_full_value() -> None:
    for attribute, value in [("email", "someone@example.com"), ("phone_number", "+15555556828")]:
        masked = mask_destination(attribute, value)
        assert value not in masked
        assert "*" in masked


def test_mask_destination_dispatches_on_attribute() -> None:
    assert mask_destination("email", "test@test.com") == "t***@t***"
    assert mask_destination("phone_number", "+15555556828") == "+*******6828"
    with pytest.raises(ValueError, match="no masking rule"):
        mask_destination("address", "1 Main St")
