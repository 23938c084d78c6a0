"""The error an Amplify caller catches."""
from __future__ import annotations

from typing import Any


class AuthError(Exception):
    """Amplify's ``AuthError``: ``name`` is the error type a caller switches on."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def auth_error_from(error: Any) -> AuthError:
    """The AuthError a botocore ``ClientError`` becomes: the service's error type and message, unchanged."""
    details = error.response.get("Error", {})
    return AuthError(details.get("Code", "Unknown"), details.get("Message", ""))
