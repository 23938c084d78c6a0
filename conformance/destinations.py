"""What a masked destination gives away about the address or number it stands for.

Of an email address, a mask may show the first character of the name (the part before the ``@``),
the first character of the domain and, as AWS's CLI example ``j***@e***.com`` does, the top-level
domain. Of a phone number it may show the ``+`` and the last four digits. Every other character it
shows must be a mask character: ``h*llo@m*company.com`` and ``+155555*6828`` give the address away.
"""
from __future__ import annotations

import re

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
