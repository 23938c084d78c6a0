"""The error an Amplify caller catches."""
from __future__ import annotations

from typing import Any


class AuthError(Exception):
    """Amplify's ``AuthError``: ``name`` is the error type a caller switches on."""

    def __init__(self, name: str, message: str, http_status: int | None = None) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.http_status = http_status  # the service's HTTP status, where the client saw it

    @property
    def is_server_error(self) -> bool:
        """The service failed (HTTP 5xx, InternalErrorException) rather than refused the request."""
        return self.name in SERVER_ERRORS or (self.http_status or 0) >= 500


# Error types with which a service says that it failed, not that it refused the request.
SERVER_ERRORS = frozenset({"InternalErrorException", "InternalFailure", "InternalServerError", "ServiceUnavailable"})


def auth_error_from(error: Any) -> AuthError:
    """The AuthError a botocore ``ClientError`` becomes: the service's error type and message, unchanged."""
    details = error.response.get("Error", {})
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return AuthError(details.get("Code", "Unknown"), details.get("Message", ""), status)
