"""Who speaks the Amplify API to the target: the client axis."""
from __future__ import annotations

from typing import Any, Protocol

from conformance.clients.errors import AuthError
from conformance.importing import load_by_path
from conformance.clients.python_client import PythonAmplifyClient


class AmplifyClient(Protocol):
    """The Amplify Auth calls a scenario makes. Errors are raised as :class:`AuthError`."""

    name: str

    def reset_password(self, username: str) -> dict[str, Any]: ...

    def confirm_reset_password(self, username: str, confirmation_code: str, new_password: str) -> None: ...

    def update_password(self, old_password: str, new_password: str) -> None: ...

    def sign_in(self, username: str, password: str) -> dict[str, Any]: ...

    def sign_out(self) -> None: ...


CLIENTS = {"python": PythonAmplifyClient}


def client_class(name: str) -> type:
    """The client class called ``name`` (or loaded from ``package.module:Class``); ValueError when unknown."""
    if name in CLIENTS:
        return CLIENTS[name]
    if ":" in name:
        try:
            return load_by_path(name)
        except ImportError as error:
            raise ValueError(f"cannot load client {name!r}: {error}") from None
    raise ValueError(f"unknown client {name!r}; choose one of {', '.join(sorted(CLIENTS))}")


__all__ = ["AmplifyClient", "AuthError", "PythonAmplifyClient", "client_class"]
