"""Which channel a password-reset code goes to: a pool's recovery setting applied to one user."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

VERIFIED_EMAIL = "verified_email"
VERIFIED_PHONE = "verified_phone_number"
ADMIN_ONLY = "admin_only"
MECHANISM_NAMES = (VERIFIED_EMAIL, VERIFIED_PHONE, ADMIN_ONLY)
# Without an AccountRecoverySetting Cognito prefers a verified phone, then a verified email.
LEGACY_ORDER = (VERIFIED_PHONE, VERIFIED_EMAIL)
PRIORITY_RANGE = (1, 2)
MECHANISMS_PATH = "accountRecoverySetting.recoveryMechanisms"


class RecoverySettingError(ValueError):
    """An AccountRecoverySetting Cognito would refuse; the message says why."""


@dataclass(frozen=True)
class Channel:
    """Where a code can be delivered: the user attribute holding the address and the medium."""

    mechanism: str
    attribute_name: str
    verified_attribute: str
    delivery_medium: str


EMAIL = Channel(VERIFIED_EMAIL, "email", "email_verified", "EMAIL")
SMS = Channel(VERIFIED_PHONE, "phone_number", "phone_number_verified", "SMS")
CHANNELS = {EMAIL.mechanism: EMAIL, SMS.mechanism: SMS}


def _validation_error(detail: str) -> RecoverySettingError:
    return RecoverySettingError(f"1 validation error detected: {detail}")


def validate_mechanisms(mechanisms: Sequence[Mapping[str, Any]]) -> None:
    """Raise :class:`RecoverySettingError` unless ``mechanisms`` is a setting Cognito accepts.

    1-2 entries, names from :data:`MECHANISM_NAMES`, distinct priorities 1..2, distinct names, and
    ``admin_only`` alone.
    """
    if len(mechanisms) < 1:
        raise _validation_error(
            f"Value at '{MECHANISMS_PATH}' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    if len(mechanisms) > 2:
        raise _validation_error(
            f"Value at '{MECHANISMS_PATH}' failed to satisfy constraint: "
            "Member must have length less than or equal to 2"
        )
    for position, mechanism in enumerate(mechanisms, start=1):
        name = mechanism.get("Name")
        if name not in MECHANISM_NAMES:
            raise _validation_error(
                f"Value '{name}' at '{MECHANISMS_PATH}.{position}.member.name' failed to satisfy "
                f"constraint: Member must satisfy enum value set: [{', '.join(MECHANISM_NAMES)}]"
            )
        priority = mechanism.get("Priority")
        low, high = PRIORITY_RANGE
        if not isinstance(priority, int) or isinstance(priority, bool):
            constraint = "Member must not be null"
        elif priority < low:
            constraint = f"Member must have value greater than or equal to {low}"
        elif priority > high:
            constraint = f"Member must have value less than or equal to {high}"
        else:
            continue
        raise _validation_error(
            f"Value '{priority}' at '{MECHANISMS_PATH}.{position}.member.priority' failed to "
            f"satisfy constraint: {constraint}"
        )
    names = [mechanism["Name"] for mechanism in mechanisms]
    priorities = [mechanism["Priority"] for mechanism in mechanisms]
    if len(set(priorities)) != len(priorities):
        raise RecoverySettingError(
            "Invalid account recovery setting: each recovery mechanism needs its own priority."
        )
    if len(set(names)) != len(names):
        raise RecoverySettingError(
            "Invalid account recovery setting: a recovery mechanism is listed more than once."
        )
    if ADMIN_ONLY in names and len(names) > 1:
        raise RecoverySettingError(
            "Invalid account recovery setting: admin_only cannot be combined with another "
            "recovery mechanism."
        )


def ordered_mechanisms(mechanisms: Sequence[Mapping[str, Any]] | None) -> tuple[str, ...]:
    """Mechanism names by ascending Priority; Cognito's legacy order when there is no setting."""
    if not mechanisms:
        return LEGACY_ORDER
    return tuple(mechanism["Name"] for mechanism in sorted(mechanisms, key=lambda m: m["Priority"]))


def is_admin_only(mechanisms: Sequence[Mapping[str, Any]] | None) -> bool:
    """Whether only an administrator may reset passwords in this pool."""
    return ADMIN_ONLY in ordered_mechanisms(mechanisms)


def channel_applies(channel: Channel, attributes: Mapping[str, str]) -> bool:
    """A channel applies when the user has the attribute and it is verified ("true")."""
    return bool(attributes.get(channel.attribute_name)) and (
        attributes.get(channel.verified_attribute, "").lower() == "true"
    )


def excluded_by_mfa(
    channel: Channel, mechanisms: Sequence[Mapping[str, Any]] | None, sms_mfa: bool
) -> bool:
    """Whether a pool's recovery setting keeps ``channel`` from a user with SMS multi-factor authentication.

    With an AccountRecoverySetting, a phone that is the user's SMS MFA method does not qualify for
    recovery; without one (Cognito's legacy order) it still does.
    """
    return channel is SMS and sms_mfa and bool(mechanisms)


def choose_channel(
    mechanisms: Sequence[Mapping[str, Any]] | None,
    attributes: Mapping[str, str],
    sms_mfa: bool = False,
) -> Channel | None:
    """The single channel that gets the code: the first mechanism by priority that applies.

    ``sms_mfa`` says the user has SMS as a multi-factor authentication method.
    """
    for name in ordered_mechanisms(mechanisms):
        channel = CHANNELS.get(name)
        if channel is None or excluded_by_mfa(channel, mechanisms, sms_mfa):
            continue
        if channel_applies(channel, attributes):
            return channel
    return None


def nominal_channel(mechanisms: Sequence[Mapping[str, Any]] | None) -> Channel | None:
    """The channel a pool would use first, regardless of any user (None for admin_only)."""
    for name in ordered_mechanisms(mechanisms):
        if name in CHANNELS:
            return CHANNELS[name]
    return None
