"""Passwords the suite makes up: compliant with every policy the features use, at a given length."""
from __future__ import annotations

import secrets

from conformance.wording import WordingError

# One of each class the strictest policy asks for; the rest is lowercase hex.
_STEM = "Aa1!"


def compliant_password(length: int) -> str:
    """A fresh password of exactly ``length`` characters that satisfies the default rules."""
    if length < len(_STEM):
        raise WordingError(f"a compliant password needs at least {len(_STEM)} characters")
    filler = secrets.token_hex(length)[: length - len(_STEM)]
    return _STEM + filler


def surround(password: str, whitespace: str, where: str) -> str:
    """``password`` with a space or tab placed before it, after it, or both."""
    character = {"space": " ", "tab": "\t"}[whitespace]
    before = character if where in ("before", "before and after") else ""
    after = character if where in ("after", "before and after") else ""
    if not (before or after):
        raise WordingError(f"unknown position {where!r}")
    return before + password + after
