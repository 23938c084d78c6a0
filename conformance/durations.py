"""Reading spans of time written in scenarios, such as "6 days and 23 hours"."""
from __future__ import annotations

import re

from conformance.wording import WordingError

_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_PART = re.compile(r"^(\d+) (second|minute|hour|day)s?$")


def parse_duration(text: str) -> int:
    """Seconds in ``text``: parts like "7 days", joined by "and" or commas."""
    parts = [p.strip() for p in re.split(r",|\band\b", text) if p.strip()]
    if not parts:
        raise WordingError(f"cannot read a duration from {text!r}")
    total = 0
    for part in parts:
        match = _PART.match(part)
        if not match:
            raise WordingError(f"cannot read a duration from {text!r}: {part!r}")
        total += int(match[1]) * _UNIT_SECONDS[match[2]]
    return total
