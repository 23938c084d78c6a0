"""What one call under test produced: a value or an error, and how many requests it made."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.clients.errors import AuthError


@dataclass
class Outcome:
    value: Any = None
    error: AuthError | None = None
    service_calls: int = 0
    # What the backend definition, as synthesized, says about this call (e.g. the password policy),
    # so that a failure shows the value a seed-versus-code disagreement turns on.
    context: str = ""

    @property
    def succeeded(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        if self.error is not None:
            text = f"failed with {self.error.name}: {self.error.message}"
        else:
            text = f"succeeded with {self.value!r}"
        return f"{text} ({self.context})" if self.context else text
