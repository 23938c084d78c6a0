"""Recognising sign-in names and attribute values: emails, phone numbers, verification flags."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

EMAIL = "email"
PHONE = "phone_number"
VERIFIED_FLAGS = ("email_verified", "phone_number_verified")

MAX_USERNAME_LENGTH = 128
USERNAME_PATTERN = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"
# Deliberately loose: the suite needs "is this meant as an email", not RFC 5322.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
# E.164: a plus sign and up to 15 digits.
_PHONE = re.compile(r"\+[0-9]{4,15}")


class NameFormError(ValueError):
    """A username or attribute value has the wrong form; the message is Cognito's."""


def looks_like_email(value: str) -> bool:
    return _EMAIL.fullmatch(value) is not None


def looks_like_phone(value: str) -> bool:
    return _PHONE.fullmatch(value) is not None


def username_violations(name: str) -> list[str]:
    """The API-model constraints a Username breaks (empty, too long, or only spaces/controls)."""
    if not name:
        return ["Member must have length greater than or equal to 1"]
    broken = []
    # The model's pattern is matched anywhere in the value, so one letter, mark, symbol, number
    # or punctuation character satisfies it.
    if not any(unicodedata.category(char)[0] in "LMSNP" for char in name):
        broken.append(f"Member must satisfy regular expression pattern: {USERNAME_PATTERN}")
    if len(name) > MAX_USERNAME_LENGTH:
        broken.append(f"Member must have length less than or equal to {MAX_USERNAME_LENGTH}")
    return broken


def sign_in_attribute(username: str, username_attributes: Sequence[str]) -> str:
    """Which attribute a username given to a pool with UsernameAttributes stands for.

    Raises :class:`NameFormError` when it is neither of the attributes the pool signs in with.
    """
    if EMAIL in username_attributes and looks_like_email(username):
        return EMAIL
    if PHONE in username_attributes and looks_like_phone(username):
        return PHONE
    if EMAIL in username_attributes and PHONE in username_attributes:
        raise NameFormError("Username should be either an email or a phone number.")
    if EMAIL in username_attributes:
        raise NameFormError("Username should be an email.")
    raise NameFormError("Username should be a phone number.")


def check_attribute(name: str, value: str) -> str:
    """The value to store for attribute ``name``; raises :class:`NameFormError` if malformed."""
    if name == EMAIL and not looks_like_email(value):
        raise NameFormError("Invalid email address format.")
    if name == PHONE and not looks_like_phone(value):
        raise NameFormError("Invalid phone number format.")
    if name in VERIFIED_FLAGS:
        if value.lower() not in ("true", "false"):
            raise NameFormError(f"Invalid value for {name}: expected true or false.")
        return value.lower()
    return value
