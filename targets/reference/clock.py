"""The service's notion of time, which the suite can move forward to expire codes and passwords."""
from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """A source of the current time in epoch seconds that can be advanced."""

    def now(self) -> float: ...

    def advance(self, seconds: float) -> None: ...

    def wait(self, seconds: float) -> None:
        """Let ``seconds`` pass, however this clock measures time."""


def _check_forward(seconds: float) -> None:
    if seconds < 0:
        raise ValueError(f"a clock only moves forward; got {seconds} seconds")


class ManualClock:
    """A clock that stands still until advanced, so boundaries (exactly 3600 s) are reproducible."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        _check_forward(seconds)
        self._now += seconds

    def wait(self, seconds: float) -> None:
        self.advance(seconds)  # nothing else moves this clock, so sleeping would pass no time for it


class OffsetClock:
    """Wall-clock time plus an offset: for long-lived servers whose clients watch token expiry."""

    def __init__(self) -> None:
        self._offset = 0.0

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        _check_forward(seconds)
        self._offset += seconds

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)
