"""What a masked destination gives away about the address or number it stands for."""
from __future__ import annotations

import re


def revealed_email_parts(destination: str, address: str) -> list[str]:
    """Parts of ``address`` that ``destination`` shows beyond the first character of each side.

    Two characters in a row from the start of the local part or of the domain already say more
    than Cognito's mask (first character, stars) does.
    """
    local, _, domain = address.lower().partition("@")
    shown = destination.lower()
    return [part[:2] for part in (local, domain) if len(part) >= 2 and part[:2] in shown]


def revealed_phone_digits(destination: str, number: str) -> list[str]:
    """The digits of ``number`` before its last four, if ``destination`` shows them all."""
    digits = re.sub(r"\D", "", number)
    hidden = digits[:-4]
    return [hidden] if hidden and hidden in re.sub(r"\D", "", destination) else []
