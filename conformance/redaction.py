"""Keeping secrets that a target put in its own messages out of results, reports and logs.

A target's error message may quote what it was sent: moto, for one, repeats a revoked access token.
Failure messages pass through :func:`redact_secrets` before any artefact is written.
"""
from __future__ import annotations

import re

# A JWT (access, ID and refresh tokens of Cognito and of the reference), header to signature.
TOKEN_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# A six-digit confirmation code, not part of a longer number or a decimal.
CODE_PATTERN = re.compile(r"(?<![\d.])\d{6}(?![\d.])")


def redact_secrets(text: str) -> str:
    """``text`` with tokens and six-digit codes replaced by placeholders."""
    return CODE_PATTERN.sub("<code>", TOKEN_PATTERN.sub("<token>", text))
