"""The error an Amplify caller catches."""
from __future__ import annotations


class AuthError(Exception):
    """Amplify's ``AuthError``: ``name`` is the error type a caller switches on."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
