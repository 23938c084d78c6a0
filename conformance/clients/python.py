"""Amplify Auth's password-management API, mapped onto Cognito in Python the way amplify-js does.

What it reproduces from amplify-js v6 (``packages/auth/src/providers/cognito/apis``):
- client-side validation of empty inputs, before any request, in amplify-js's order;
- outputs shaped as amplify-js returns them (``resetPassword`` always reports the code step);
- service errors surfacing as ``AuthError`` with the Cognito error type as ``name`` and the
  service's message unchanged;
- up to three attempts for throttling (LimitExceeded, TooManyRequests, HTTP 429), server errors and
  network failures, as the real library was seen to retry, waiting 0.2 s then 0.4 s on the target's
  time (``Target.wait``: real time, except on a target whose clock stands still until advanced);
- no client-side password policy check and no SecretHash;
- ``options.clientMetadata`` of resetPassword and confirmResetPassword sent unchanged as the
  request's ``ClientMetadata`` (updatePassword has no such option: ChangePassword takes none).

Sessions send through the target's own boto3 client (``Target.cognito_client()``), so that the
target's code oracle and the run's recording see their requests like the harness's. Each session
counts its own requests, and their time is taken on that boto3 client in the same window as the
run takes the harness's; the driver totals both for the run.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

from botocore.exceptions import BotoCoreError, ClientError

from conformance.clients.contract import RequestTally, sending_session_tally, sent_by_a_session
from conformance.clients.errors import AuthError, auth_error_from

if TYPE_CHECKING:
    from targets.contract import ProvisionedPool, Target

RETRYABLE_ERRORS = frozenset({"LimitExceededException", "TooManyRequestsException"})
MAX_ATTEMPTS = 3


class PythonAmplifyClient:
    """One app session of Amplify Auth, bound to a user pool app client on a target."""

    def __init__(self, cognito: Any, client_id: str, sleep: Callable[[float], None] = time.sleep,
                 tally: RequestTally | None = None) -> None:
        self._cognito = cognito
        self._client_id = client_id
        self._sleep = sleep
        self._tally = RequestTally() if tally is None else tally  # shared with the driver's other sessions
        self._tokens: dict[str, str] | None = None
        self._pending_sign_in: dict[str, str] | None = None
        self.requests_sent = 0

    # --- the calls under test -------------------------------------------------------------

    def reset_password(self, username: str, client_metadata: dict[str, str] | None = None) -> dict[str, Any]:
        _require(username, "EmptyResetPasswordUsername", "username is required to reset a password")
        response = self._call("forgot_password", ClientId=self._client_id, Username=username,
                              **_metadata(client_metadata))
        details = response.get("CodeDeliveryDetails") or {}
        delivery = {
            key: details[source]
            for key, source in (
                ("destination", "Destination"),
                ("deliveryMedium", "DeliveryMedium"),
                ("attributeName", "AttributeName"),
            )
            if source in details
        }
        # amplify-js reports the code step whatever the service says; 'DONE' is never produced here.
        return {
            "isPasswordReset": False,
            "nextStep": {"resetPasswordStep": "CONFIRM_RESET_PASSWORD_WITH_CODE", "codeDeliveryDetails": delivery},
        }

    def confirm_reset_password(self, username: str, confirmation_code: str, new_password: str,
                               client_metadata: dict[str, str] | None = None) -> None:
        _require(username, "EmptyConfirmResetPasswordUsername", "username is required to confirm a reset")
        _require(new_password, "EmptyConfirmResetPasswordNewPassword", "newPassword is required to confirm a reset")
        _require(
            confirmation_code,
            "EmptyConfirmResetPasswordConfirmationCode",
            "confirmationCode is required to confirm a reset",
        )
        self._call(
            "confirm_forgot_password",
            ClientId=self._client_id,
            Username=username,
            ConfirmationCode=confirmation_code,
            Password=new_password,
            **_metadata(client_metadata),
        )
        return None

    def update_password(self, old_password: str, new_password: str) -> None:
        _require(old_password and new_password, "EmptyUpdatePassword", "oldPassword and newPassword are required")
        if self._tokens is None:
            raise AuthError("UserUnAuthenticatedException", "User needs to be authenticated to call this API.")
        self._call(
            "change_password",
            AccessToken=self._tokens["AccessToken"],
            PreviousPassword=old_password,
            ProposedPassword=new_password,
        )
        return None

    # --- the session the calls need -------------------------------------------------------

    def sign_in(self, username: str, password: str) -> dict[str, Any]:
        """Sign in with USER_PASSWORD_AUTH (see the definitions mapping for why not SRP)."""
        try:
            response = self._call(
                "initiate_auth",
                ClientId=self._client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
        except AuthError as error:
            # amplify-js reports an administrator's reset as a next step, not as an error.
            if error.name == "PasswordResetRequiredException":
                return {"isSignedIn": False, "nextStep": {"signInStep": "RESET_PASSWORD"}}
            raise
        if "AuthenticationResult" in response:
            self._tokens = dict(response["AuthenticationResult"])
            return {"isSignedIn": True, "nextStep": {"signInStep": "DONE"}}
        if response.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            self._pending_sign_in = {"Session": response.get("Session", ""), "USERNAME": username}
            return {"isSignedIn": False, "nextStep": {"signInStep": "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
                                                      "missingAttributes": []}}
        raise AuthError("UnsupportedChallenge", f"the service asked for {response.get('ChallengeName')!r}")

    def confirm_sign_in(self, challenge_response: str) -> dict[str, Any]:
        """Answer the pending NEW_PASSWORD_REQUIRED challenge with a new password, as confirmSignIn does."""
        if self._pending_sign_in is None:
            raise AuthError("SignInException", "An error occurred during the sign in process. "
                                               "Please call signIn before confirmSignIn.")
        _require(challenge_response, "EmptyChallengeResponse", "challengeResponse is required to confirmSignIn")
        response = self._call(
            "respond_to_auth_challenge",
            ClientId=self._client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=self._pending_sign_in["Session"],
            ChallengeResponses={"USERNAME": self._pending_sign_in["USERNAME"], "NEW_PASSWORD": challenge_response},
        )
        self._pending_sign_in = None
        self._tokens = dict(response["AuthenticationResult"])
        return {"isSignedIn": True, "nextStep": {"signInStep": "DONE"}}

    def sign_up(self, username: str, password: str, attributes: dict[str, str]) -> dict[str, Any]:
        """signUp with user attributes; the output as amplify-js shapes it."""
        _require(username, "EmptySignUpUsername", "username is required to signUp")
        _require(password, "EmptySignUpPassword", "password is required to signUp")
        response = self._call(
            "sign_up",
            ClientId=self._client_id,
            Username=username,
            Password=password,
            UserAttributes=[{"Name": name, "Value": value} for name, value in attributes.items()],
        )
        confirmed = bool(response.get("UserConfirmed"))
        step = {"signUpStep": "DONE"} if confirmed else {"signUpStep": "CONFIRM_SIGN_UP"}
        return {"isSignUpComplete": confirmed, "userId": response.get("UserSub"), "nextStep": step}

    @property
    def access_token(self) -> str | None:
        return None if self._tokens is None else self._tokens["AccessToken"]

    # --- plumbing ---------------------------------------------------------------------------

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return self._send(operation, params)
            except ClientError as error:
                name = error.response.get("Error", {}).get("Code", "Unknown")
                status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
                retryable = name in RETRYABLE_ERRORS or status == 429 or status >= 500
                if retryable and attempt < MAX_ATTEMPTS:
                    self._back_off(attempt)
                    continue
                raise auth_error_from(error) from None
            except BotoCoreError as error:
                if attempt < MAX_ATTEMPTS:
                    self._back_off(attempt)
                    continue
                raise AuthError("NetworkError", str(error)) from None
        raise AssertionError("unreachable")

    def _send(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """One request, counted here and timed by :class:`_RequestTimer` (the run's count passes over it)."""
        self.requests_sent += 1
        self._tally.count += 1
        with sent_by_a_session(self._tally):
            return getattr(self._cognito, operation)(**params)

    def _back_off(self, attempt: int) -> None:
        started = time.perf_counter()
        self._sleep(0.1 * 2**attempt)
        self._tally.backoff_seconds += time.perf_counter() - started  # the client's time, not the harness's


class PythonDriver:
    """``--client python``: sessions of :class:`PythonAmplifyClient` (or ``session_class``) on the target."""

    name = "python"

    def __init__(self, session_class: type[PythonAmplifyClient] | None = None,
                 sleep: Callable[[float], None] | None = None) -> None:
        self._session_class = session_class or PythonAmplifyClient
        self._sleep = sleep
        self._target: Target | None = None
        self._tally = RequestTally()  # what this run's sessions sent, and the seconds they slept before retrying

    def check_available(self) -> None:
        return None  # boto3 is a dependency of the suite

    def start(self, target: Target) -> None:
        self._target = target
        self._tally = RequestTally()

    def session(self, pool: ProvisionedPool) -> PythonAmplifyClient:
        """A session for ``pool``, through the target's boto3 client."""
        if self._target is None:
            raise RuntimeError("the python client driver was asked for a session before start()")
        cognito = self._target.cognito_client()
        _RequestTimer().attach(cognito)
        wait = self._target.wait if self._sleep is None else self._sleep  # a back-off passes on the target's time
        return self._session_class(cognito, pool.client_id, sleep=wait, tally=self._tally)

    def stop(self) -> RequestTally:
        tally, self._target, self._tally = self._tally, None, RequestTally()
        return tally


class _RequestTimer:
    """Times each request a session sends on a boto3 client, for the tally of the session's driver:
    from botocore's before-call to its after-call, the window in which the run times its own requests."""

    def __init__(self) -> None:
        self._started: float | None = None

    def attach(self, cognito: Any) -> None:
        """Time the sessions' requests on ``cognito``; once per client, however often it is called."""
        for event, handler in (("before-call", self._before), ("after-call", self._after),
                               ("after-call-error", self._after)):
            cognito.meta.events.register(f"{event}.cognito-idp", handler,
                                         unique_id=f"conformance-python-session-{event}")

    def _before(self, **_: Any) -> None:
        self._started = time.perf_counter() if sending_session_tally() is not None else None

    def _after(self, **_: Any) -> None:
        tally = sending_session_tally()
        if tally is not None and self._started is not None:
            tally.seconds += time.perf_counter() - self._started
        self._started = None


def _metadata(client_metadata: dict[str, str] | None) -> dict[str, Any]:
    """The ClientMetadata parameter for the caller's clientMetadata option: absent when not given."""
    return {} if client_metadata is None else {"ClientMetadata": client_metadata}


def _require(value: Any, name: str, message: str) -> None:
    if not value:
        raise AuthError(name, message)
