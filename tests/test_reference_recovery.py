"""How the reference picks the one channel a password-reset code goes to."""
from __future__ import annotations

import pytest

from targets.reference import recovery
from targets.reference.recovery import EMAIL, SMS, RecoverySettingError, choose_channel

EMAIL_ONLY = [{"Name": "verified_email", "Priority": 1}]
PHONE_ONLY = [{"Name": "verified_phone_number", "Priority": 1}]
EMAIL_THEN_PHONE = [
    {"Name": "verified_email", "Priority": 1},
    {"Name": "verified_phone_number", "Priority": 2},
]
# Listed out of order on purpose: Priority decides, not position.
PHONE_THEN_EMAIL = [
    {"Name": "verified_email", "Priority": 2},
    {"Name": "verified_phone_number", "Priority": 1},
]
ADMIN_ONLY = [{"Name": "admin_only", "Priority": 1}]


def user(email: str | None = None, phone: str | None = None) -> dict[str, str]:
    """Attributes of a user; 'v' marks a verified value, 'u' an unverified one."""
    attributes = {}
    if email:
        attributes["email"] = "someone@example.com"
        attributes["email_verified"] = "true" if email == "v" else "false"
    if phone:
        attributes["phone_number"] = "+15555556828"
        attributes["phone_number_verified"] = "true" if phone == "v" else "false"
    return attributes


@pytest.mark.parametrize(
    ("mechanisms", "attributes", "expected"),
    [
        (EMAIL_ONLY, user(email="v", phone="v"), EMAIL),
        (EMAIL_ONLY, user(email="u", phone="v"), None),
        (PHONE_ONLY, user(email="v", phone="v"), SMS),
        (PHONE_ONLY, user(email="v"), None),
        (EMAIL_THEN_PHONE, user(email="v", phone="v"), EMAIL),
        (EMAIL_THEN_PHONE, user(email="u", phone="v"), SMS),  # falls back to priority 2
        (EMAIL_THEN_PHONE, user(phone="v"), SMS),
        (EMAIL_THEN_PHONE, user(email="u", phone="u"), None),
        (PHONE_THEN_EMAIL, user(email="v", phone="v"), SMS),
        (PHONE_THEN_EMAIL, user(email="v", phone="u"), EMAIL),
        (None, user(email="v", phone="v"), SMS),  # no setting: phone first
        (None, user(email="v", phone="u"), EMAIL),
        (None, user(), None),
        (ADMIN_ONLY, user(email="v", phone="v"), None),
    ],
)
def test_first_applicable_mechanism_by_priority(mechanisms, attributes, expected) -> None:
    assert choose_channel(mechanisms, attributes) is expected


def test_verified_flag_without_the_attribute_does_not_apply() -> None:
    assert choose_channel(EMAIL_ONLY, {"email_verified": "true"}) is None


def test_channels_name_attribute_and_medium() -> None:
    assert (EMAIL.attribute_name, EMAIL.delivery_medium) == ("email", "EMAIL")
    assert (SMS.attribute_name, SMS.delivery_medium) == ("phone_number", "SMS")


def test_admin_only_is_recognised() -> None:
    assert recovery.is_admin_only(ADMIN_ONLY)
    assert not recovery.is_admin_only(EMAIL_THEN_PHONE)
    assert not recovery.is_admin_only(None)


def test_nominal_channel_ignores_users() -> None:
    assert recovery.nominal_channel(PHONE_THEN_EMAIL) is SMS
    assert recovery.nominal_channel(EMAIL_ONLY) is EMAIL
    assert recovery.nominal_channel(None) is SMS
    assert recovery.nominal_channel(ADMIN_ONLY) is None


@pytest.mark.parametrize(
    "mechanisms", [EMAIL_ONLY, PHONE_ONLY, EMAIL_THEN_PHONE, PHONE_THEN_EMAIL, ADMIN_ONLY,
                   [{"Name": "verified_email", "Priority": 2}]]
)
def test_valid_settings_are_accepted(mechanisms) -> None:
    recovery.validate_mechanisms(mechanisms)


@pytest.mark.parametrize(
    ("mechanisms", "message"),
    [
        ([], "length greater than or equal to 1"),
        (EMAIL_THEN_PHONE + ADMIN_ONLY, "length less than or equal to 2"),
        ([{"Name": "verified_address", "Priority": 1}], "enum value set"),
        ([{"Name": "verified_email", "Priority": 3}], "less than or equal to 2"),
        ([{"Name": "verified_email", "Priority": 0}], "greater than or equal to 1"),
        ([{"Name": "verified_email"}], "must not be null"),
        ([{"Name": "verified_email", "Priority": 1}, {"Name": "verified_phone_number",
                                                     "Priority": 1}], "its own priority"),
        ([{"Name": "verified_email", "Priority": 1}, {"Name": "verified_email",
                                                     "Priority": 2}], "more than once"),
        ([{"Name": "admin_only", "Priority": 1}, {"Name": "verified_email",
                                                 "Priority": 2}], "cannot be combined"),
    ],
)
def test_invalid_settings_are_refused(mechanisms, message: str) -> None:
    with pytest.raises(RecoverySettingError, match=message):
        recovery.validate_mechanisms(mechanisms)
