"""The contact details a scenario gives a user, and the unique addresses the suite makes from them.

Scenarios share one user pool per definition, so every user needs addresses no other scenario
uses. Uniqueness is added where it does not change what the scenario observes: a ``+tag`` in the
local part of an email address (the masked form keeps only the first letters), and the middle
digits of a phone number (the masked form keeps only the last four).
"""
from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

from conformance.wording import WordingError

_PHRASE = re.compile(
    r"^(?:(?P<none>no verified email address or phone number)"
    r"|(?:(?:a|an) (?P<email>verified|unverified) email address)?"
    r"(?:(?(email) and )(?:a|an) (?P<phone>verified|unverified) phone number)?)$"
)


@dataclass(frozen=True)
class ContactDetails:
    """Which of email and phone a user has, and whether each is verified."""

    email: bool = False
    email_verified: bool = False
    phone: bool = False
    phone_verified: bool = False

    @classmethod
    def from_phrase(cls, phrase: str) -> ContactDetails:
        """Read phrases such as "a verified email address and an unverified phone number"."""
        match = _PHRASE.match(phrase.strip())
        if not match or not phrase.strip():
            raise WordingError(f"cannot read contact details from {phrase!r}")
        if match["none"]:
            return cls()
        email, phone = match["email"], match["phone"]
        if email is None and phone is None:
            raise WordingError(f"cannot read contact details from {phrase!r}")
        return cls(
            email=email is not None,
            email_verified=email == "verified",
            phone=phone is not None,
            phone_verified=phone == "verified",
        )


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
