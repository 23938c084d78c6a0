"""Data the suite makes up for a scenario: addresses no other scenario uses, and compliant passwords.

Scenarios share one user pool per definition, so every user needs addresses no other scenario
uses. Uniqueness is added where it does not change what the scenario observes: a ``+tag`` in the
local part of an email address (the masked form keeps only the first letters), and the middle
digits of a phone number (the masked form keeps only the last four).
"""
from __future__ import annotations

import itertools
import random
import re
import secrets

from conformance.phrases import WordingError


class AddressBook:
    """Hands out addresses that are unique within a run and unlikely to clash across runs."""

    def __init__(self, seed: int | None = None) -> None:
        start = random.Random(seed).randrange(10**6)
        self._numbers = (n % 10**6 for n in itertools.count(start))

    def email(self, template: str = "user@example.com") -> str:
        local, _, domain = template.partition("@")
        if not domain:
            raise WordingError(f"{template!r} is not an email address")
        return f"{local}+u{next(self._numbers):06d}@{domain}"

    def phone(self, template: str = "+15550000000") -> str:
        digits = re.sub(r"\D", "", template)
        if not template.startswith("+") or len(digits) < 11:
            raise WordingError(f"{template!r} is not a phone number in E.164 form with a country code")
        country = digits[: len(digits) - 10]
        return f"+{country}{next(self._numbers):06d}{digits[-4:]}"


# One of each class the strictest policy asks for; the rest is lowercase hex.
_STEM = "Aa1!"


def compliant_password(length: int) -> str:
    """A fresh password of exactly ``length`` characters that satisfies the default rules."""
    if length < len(_STEM):
        raise WordingError(f"a compliant password needs at least {len(_STEM)} characters")
    filler = secrets.token_hex(length)[: length - len(_STEM)]
    return _STEM + filler
