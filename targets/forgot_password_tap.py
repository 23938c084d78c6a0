"""The one pairing of a ForgotPassword request with its answer, for the targets' code oracles.

moto and cognito-local send no message a test could read. What they say about a reset code is in
their answer to ForgotPassword (moto hands the code back in a response header) or in their store
right after it (cognito-local). So their oracles watch the ForgotPassword exchanges themselves, and
this module pairs each request with its answer, for both, in :meth:`ForgotPasswordTap.see`.

The exchanges come from where the target can see them whoever the client is: a
:class:`~localhost.loopback.ForwardingProxy` in front of the emulator, which is the target's
endpoint (moto server, cognito-local: boto3, the real aws-amplify in Node and a latency proxy in
front all pass through it), or botocore's events on the target's own client where the target has
no URL (in-process moto). The ``cognito`` target's oracle counts the successful requests through it
too, to know how many codes its capture table should hold for a user.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from localhost.loopback import Exchange
from targets.contract import TargetError

OPERATION = "ForgotPassword"
_CONTEXT_KEY = "amplify_password_conformance.forgot_password"


@dataclass(frozen=True)
class ForgotPasswordAnswer:
    """A successful ForgotPassword exchange about an app client of a provisioned pool."""

    pool_id: str
    username: str  # the name the request gave (a Username, or an email address or phone number)
    headers: Mapping[str, Any]  # the answer's headers, names in lower case
    medium: str  # CodeDeliveryDetails.DeliveryMedium
    attribute: str  # CodeDeliveryDetails.AttributeName
    destination: str  # CodeDeliveryDetails.Destination, as the service masked it


class ForgotPasswordTap:
    """Pairs each ForgotPassword request with its answer and hands the successful ones to ``keep``.

    Answers about app clients the tap was not told of (:meth:`app_client_of`, at provisioning) are
    left out. ``keep`` runs before the client gets the answer, one exchange at a time. What it raises
    is kept, and raised as a TargetError by :meth:`check`, which an oracle calls before it answers:
    a broken oracle must end the run as an error, not pass for a target that delivered nothing.
    """

    def __init__(self, keep: Callable[[ForgotPasswordAnswer], None]) -> None:
        self._keep = keep
        self._pool_of_client: dict[str, str] = {}
        self._lock = threading.Lock()
        self._failure: str | None = None

    def app_client_of(self, pool_id: str, client_id: str) -> None:
        """Tell the tap which pool an app client belongs to."""
        self._pool_of_client[client_id] = pool_id

    def see(self, request: Mapping[str, Any], status: int, headers: Mapping[str, Any] | Iterable[tuple[str, Any]],
            response: Mapping[str, Any]) -> None:
        """One ForgotPassword request (its JSON parameters) and the answer to it (status, headers, JSON)."""
        client_id, username = request.get("ClientId"), request.get("Username")
        if status != 200 or not isinstance(client_id, str) or not isinstance(username, str):
            return
        pool_id = self._pool_of_client.get(client_id)
        if pool_id is None:
            return
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        details = response.get("CodeDeliveryDetails") or {}
        answer = ForgotPasswordAnswer(
            pool_id=pool_id,
            username=username,
            headers={key.lower(): value for key, value in pairs},
            medium=details.get("DeliveryMedium", ""),
            attribute=details.get("AttributeName", ""),
            destination=details.get("Destination", ""),
        )
        with self._lock:
            try:
                self._keep(answer)
            except Exception as error:  # raised again, in the oracle's own call, by check()
                self._failure = self._failure or f"{type(error).__name__}: {error}"

    def check(self) -> None:
        """Raise TargetError when keeping an answer failed, so that the oracle does not answer wrongly."""
        if self._failure is not None:
            raise TargetError(f"the code oracle could not keep a ForgotPassword answer ({self._failure})")

    # --- where the exchanges come from ------------------------------------------------------

    def exchange(self, exchange: Exchange) -> None:
        """For ``ForwardingProxy(on_exchange=...)``: ForgotPassword exchanges go to :meth:`see`."""
        if (exchange.request_header("X-Amz-Target") or "").rpartition(".")[2] != OPERATION:
            return
        try:
            request = json.loads(exchange.request_body or b"{}")
            response = json.loads(exchange.response_body or b"{}")
        except ValueError:
            return  # not an answer the service meant as JSON: nothing was delivered through it
        if isinstance(request, dict) and isinstance(response, dict):
            self.see(request, exchange.status, exchange.response_headers, response)

    def attach(self, client: Any) -> None:
        """Watch the ForgotPassword calls of a botocore client, for a target without an endpoint to tap."""
        client.meta.events.register(f"before-parameter-build.cognito-idp.{OPERATION}", self._remember_request)
        client.meta.events.register(f"after-call.cognito-idp.{OPERATION}", self._after_call)

    def _remember_request(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context[_CONTEXT_KEY] = dict(params)

    def _after_call(self, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        self.see(context.get(_CONTEXT_KEY, {}), http_response.status_code, http_response.headers, parsed)
