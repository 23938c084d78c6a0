"""``--client amplify-js``: the scenarios' Amplify calls made by the real aws-amplify library in Node.

The library version is pinned in ``conformance/clients/amplify_js/package.json`` (with its lock
file); ``npm ci --prefix conformance/clients/amplify_js`` installs it and ``tox -e amplify-js`` does
that for you.

One Node process (``bridge.mjs``) serves the whole run. Each client the suite builds is one app
session in it: Amplify is configured with
``{Auth: {Cognito: {userPoolId, userPoolClientId, userPoolEndpoint}}}`` for that client and its
tokens live in a storage of its own, so the second client the harness builds to try a password
never disturbs the first one's session. ``signIn`` uses ``authFlowType: 'USER_PASSWORD_AUTH'``
(see the definitions mapping for why not SRP). Outputs and errors (``name``, ``message``) come back
as the library produced them. The library sends its requests to the target's endpoint, where the
target sees whatever its code oracle needs; the bridge counts them per call, which is how "no request
reached the service" is judged for this client.
"""
from __future__ import annotations

import itertools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.clients.contract import ClientUnavailable, RequestTally
from conformance.clients.errors import AuthError
from localhost.node import BridgeError, NodeBridge, NpmPins
from localhost.processes import log_file
from targets.contract import ProvisionedPool, Target

PACKAGE_DIR = Path(__file__).resolve().parent
BRIDGE_SCRIPT = PACKAGE_DIR / "bridge.mjs"
FIX = "run npm ci --prefix conformance/clients/amplify_js, or use tox -e amplify-js"
# Seconds one Amplify call may take, retries included, before the Node process is declared hung.
CALL_TIMEOUT = float(os.environ.get("CONFORMANCE_AMPLIFY_JS_TIMEOUT", "60"))
MINIMUM_NODE_MAJOR = 18


PINS = NpmPins(PACKAGE_DIR, ("aws-amplify",))


def pinned_version() -> str:
    """The aws-amplify version package.json pins."""
    return PINS.pinned()["aws-amplify"]


def installed_version() -> str | None:
    """The aws-amplify version installed under conformance/clients/amplify_js, or None."""
    return PINS.installed()["aws-amplify"]


def unavailable_reason() -> str | None:
    """Why the amplify-js client cannot run here (one sentence naming the fix), or None."""
    problem = PINS.unavailable(f"the amplify-js client needs Node.js {MINIMUM_NODE_MAJOR}+")
    return f"{problem}; {FIX}" if problem else None


@dataclass
class _RunState:
    """What one run's sessions share: the target's endpoint, and the Node process."""

    endpoint: str
    bridge: NodeBridge


class AmplifyJsDriver:
    """``--client amplify-js``: app sessions of the real aws-amplify, in one Node process per run."""

    name = "amplify-js"

    def __init__(self) -> None:
        self._run: _RunState | None = None
        self._tally = RequestTally()  # what this run's sessions sent
        self._handles = itertools.count(1)

    def check_available(self) -> None:
        reason = unavailable_reason()
        if reason:
            raise ClientUnavailable(reason)

    def start(self, target: Target) -> None:
        """Start the Node process for a run against ``target`` (already started)."""
        self.check_available()
        upstream = target.endpoint_url()
        if upstream is None:
            raise ClientUnavailable(
                f"target {target.name!r} has no HTTP endpoint, which the amplify-js client needs; "
                "use --target reference-http, moto-server, cognito-local or endpoint")
        self.stop()
        try:
            bridge = _start_bridge()
        except BridgeError as error:
            raise ClientUnavailable(str(error)) from None
        self._run = _RunState(upstream, bridge)

    def stop(self) -> RequestTally:
        """Stop the Node process; the requests the library sent during the run."""
        run, self._run = self._run, None
        if run is not None:
            run.bridge.stop()
        tally, self._tally = self._tally, RequestTally()
        return tally

    @property
    def bridge(self) -> NodeBridge | None:
        """The Node process serving this run's sessions, while the driver runs."""
        return None if self._run is None else self._run.bridge

    def session(self, pool: ProvisionedPool) -> AmplifyJsClient:
        """A new app session configured for ``pool``, with empty token storage."""
        run = self._run
        if run is None:
            raise RuntimeError("the amplify-js client driver was asked for a session before start()")
        if not run.bridge.alive:  # a crash costs the scenario that saw it, not the rest of the run
            run.bridge.stop()
            run.bridge = _start_bridge()
        handle = f"client-{next(self._handles)}"
        config = {"Auth": {"Cognito": {"userPoolId": pool.pool_id, "userPoolClientId": pool.client_id,
                                       "userPoolEndpoint": run.endpoint}}}
        run.bridge.request("open", client=handle, config=config)
        return AmplifyJsClient(run.bridge, handle, self._tally)


class AmplifyJsClient:
    """One app session of the real aws-amplify library, bound to a user pool app client on a target."""

    def __init__(self, bridge: NodeBridge, handle: str, tally: RequestTally) -> None:
        self._bridge = bridge
        self._handle = handle
        self._run_tally = tally  # the driver's, shared with the run's other sessions
        self.requests_sent = 0  # requests this session sent to the service

    # --- the calls under test -------------------------------------------------------------

    def reset_password(self, username: str, client_metadata: dict[str, str] | None = None) -> dict[str, Any]:
        return self._call("resetPassword", {"username": username, **_options(client_metadata)})

    def confirm_reset_password(self, username: str, confirmation_code: str, new_password: str,
                               client_metadata: dict[str, str] | None = None) -> None:
        return self._call("confirmResetPassword", {"username": username, "confirmationCode": confirmation_code,
                                                   "newPassword": new_password, **_options(client_metadata)})

    def update_password(self, old_password: str, new_password: str) -> None:
        return self._call("updatePassword", {"oldPassword": old_password, "newPassword": new_password})

    # --- the session the calls need -------------------------------------------------------

    def sign_in(self, username: str, password: str) -> dict[str, Any]:
        return self._call("signIn", {"username": username, "password": password,
                                     "options": {"authFlowType": "USER_PASSWORD_AUTH"}})

    def confirm_sign_in(self, challenge_response: str) -> dict[str, Any]:
        return self._call("confirmSignIn", {"challengeResponse": challenge_response})

    def sign_up(self, username: str, password: str, attributes: dict[str, str]) -> dict[str, Any]:
        return self._call("signUp", {"username": username, "password": password,
                                     "options": {"userAttributes": attributes}})

    @property
    def access_token(self) -> str | None:
        """The access token this session's storage holds (read without a request or a refresh)."""
        return self._bridge.request("accessToken", client=self._handle)["value"]

    # --- plumbing ---------------------------------------------------------------------------

    def _call(self, api: str, arguments: dict[str, Any]) -> Any:
        reply = self._bridge.request("call", client=self._handle, api=api, input=arguments)
        self.requests_sent += reply.get("requests", 0)
        self._run_tally.add(reply.get("requests", 0), reply.get("seconds", 0.0))
        if not reply["ok"]:
            raise AuthError(reply["error"]["name"], reply["error"]["message"])
        return reply["value"]


def _options(client_metadata: dict[str, str] | None) -> dict[str, Any]:
    """The ``options`` of an input carrying the caller's clientMetadata; nothing when there is none."""
    return {} if client_metadata is None else {"options": {"clientMetadata": client_metadata}}


def _start_bridge() -> NodeBridge:
    node = shutil.which("node")
    if node is None:
        raise BridgeError(unavailable_reason() or "node is not on PATH")
    bridge = NodeBridge(node, BRIDGE_SCRIPT, log_path=log_file("amplify-js"), name="the amplify-js bridge",
                        call_timeout=CALL_TIMEOUT)
    info = bridge.start()
    major = int(str(info.get("node", "0")).split(".")[0] or 0)
    if major < MINIMUM_NODE_MAJOR:
        bridge.stop()
        raise BridgeError(f"the amplify-js client needs Node.js {MINIMUM_NODE_MAJOR}+, found {info.get('node')}")
    return bridge
