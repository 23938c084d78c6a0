"""Keeping the secrets a run handled out of results, reports and logs, and nothing else.

A target's error message may quote what it was sent: moto, for one, repeats a revoked access token.
Every failure message and traceback passes through a :class:`Redactor` before an artefact is
written. It replaces the values this run actually handled (the codes the oracle read, the tokens
the clients held, the passwords the harness generated) and anything shaped like a token, and leaves
the message around them whole: a pool ID, a duration or an address that happens to hold six digits
is not a secret.
"""
from __future__ import annotations

import re

# A JWT (three parts) or a JWE (five parts): Cognito's access, ID and refresh tokens, and the reference's.
TOKEN_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}")
_SHORTEST_SECRET = 4  # shorter values (an empty password, a one-digit code) would blank ordinary text


class Redactor:
    """The secrets one process of a run handled, and the text with them taken out."""

    def __init__(self) -> None:
        self._secrets: dict[str, str] = {}  # value -> placeholder
        self._pattern: re.Pattern[str] | None = None

    def remember(self, value: str | None, kind: str) -> None:
        """Keep ``value`` (a ``code``, ``token`` or ``password``) out of every artefact from now on."""
        if value and len(value) >= _SHORTEST_SECRET and value not in self._secrets:
            self._secrets[value] = f"<{kind}>"
            self._pattern = None

    def redact(self, text: str) -> str:
        text = TOKEN_PATTERN.sub("<token>", text)
        if not self._secrets:
            return text
        return self._secrets_pattern().sub(lambda match: self._secrets[match.group(0)], text)

    def _secrets_pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            # Longest first, so that a secret containing another is replaced whole; a value is replaced
            # only where it stands alone, not inside a longer word or number.
            values = sorted(self._secrets, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<![A-Za-z0-9])(?<!\d\.)(?:" + "|".join(re.escape(v) for v in values) + r")(?![A-Za-z0-9]|\.\d)")
        return self._pattern
