"""Who speaks the Amplify API to the target: the client axis."""
from __future__ import annotations

from typing import Any, Protocol

from conformance.clients.amplify_js import AmplifyJsClient
from conformance.clients.client_run import ClientRun, ClientUnavailable, RequestTally
from conformance.clients.errors import AuthError
from conformance.importing import load_by_path
from conformance.clients.python import PythonAmplifyClient


class AmplifyClient(Protocol):
    """The Amplify Auth calls a scenario makes. Errors are raised as :class:`AuthError`.

    Clients are built by their class's ``for_target(target, pool)`` (see ``client_run``). Besides
    the calls, the harness reads ``access_token`` (the signed-in session's token, or None) and, when
    present, ``service_calls``: the requests the client sent without the target's boto3 client.
    ``client_metadata`` is the caller's ``options.clientMetadata``; the harness passes it only when a
    scenario gives one.
    """

    name: str

    def reset_password(self, username: str, client_metadata: dict[str, str] | None = None) -> dict[str, Any]: ...

    def confirm_reset_password(self, username: str, confirmation_code: str, new_password: str,
                               client_metadata: dict[str, str] | None = None) -> None: ...

    def update_password(self, old_password: str, new_password: str) -> None: ...

    def sign_in(self, username: str, password: str) -> dict[str, Any]: ...

    def confirm_sign_in(self, challenge_response: str) -> dict[str, Any]: ...

    def sign_up(self, username: str, password: str, attributes: dict[str, str]) -> dict[str, Any]: ...


CLIENTS = {"python": PythonAmplifyClient, "amplify-js": AmplifyJsClient}


def client_class(name: str) -> type:
    """The client class called ``name`` (or loaded from ``package.module:Class``).

    ValueError when unknown, and :class:`ClientUnavailable` (a ValueError) when the class says it
    cannot run on this machine; both messages name the fix.
    """
    if name in CLIENTS:
        cls = CLIENTS[name]
    elif ":" in name:
        try:
            cls = load_by_path(name)
        except ImportError as error:
            raise ValueError(f"cannot load client {name!r}: {error}") from None
    else:
        raise ValueError(f"unknown client {name!r}; choose one of {', '.join(sorted(CLIENTS))}")
    check = getattr(cls, "check_available", None)
    if check is not None:
        check()
    return cls


__all__ = ["AmplifyClient", "AmplifyJsClient", "AuthError", "ClientRun", "ClientUnavailable", "PythonAmplifyClient",
           "RequestTally", "client_class"]
