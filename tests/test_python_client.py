"""The Python Amplify client's mapping of Amplify semantics onto Cognito, against a fake service."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from botocore.hooks import HierarchicalEmitter

from conformance.clients import AuthError, RequestTally
from conformance.clients.python import MAX_ATTEMPTS, PythonAmplifyClient

CLIENT_ID = "client-123"
TOKENS = {"AccessToken": "access-1", "IdToken": "id-1", "RefreshToken": "refresh-1"}


def service_error(code: str, message: str = "the service's message", status: int = 400) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "Operation",
    )


class FakeCognito:
    """Records every call; answers each operation from a queue of responses or errors.

    Like a boto3 client, it emits ``before-call`` and then ``after-call`` (or ``after-call-error``)
    around each request.
    """

    def __init__(self, **answers: Any) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._answers = {name: list(value) if isinstance(value, list) else [value] for name, value in answers.items()}
        self.meta = SimpleNamespace(events=HierarchicalEmitter())

    def __getattr__(self, operation: str):
        if operation.startswith("_"):
            raise AttributeError(operation)

        def call(**params: Any) -> dict[str, Any]:
            self.calls.append((operation, params))
            queue = self._answers.get(operation)
            if not queue:
                raise AssertionError(f"the fake has no answer for {operation}")
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            self.meta.events.emit(f"before-call.cognito-idp.{operation}")
            if isinstance(answer, Exception):
                self.meta.events.emit(f"after-call-error.cognito-idp.{operation}", exception=answer)
                raise answer
            self.meta.events.emit(f"after-call.cognito-idp.{operation}")
            return answer

        return call

    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(**answers: Any) -> tuple[PythonAmplifyClient, FakeCognito, Sleeps]:
    fake, sleeps = FakeCognito(**answers), Sleeps()
    return PythonAmplifyClient(fake, CLIENT_ID, sleep=sleeps), fake, sleeps


def signed_in_client(**answers: Any) -> tuple[PythonAmplifyClient, FakeCognito, Sleeps]:
    client, fake, sleeps = make_client(initiate_auth={"AuthenticationResult": TOKENS}, **answers)
    client.sign_in("user@example.com", "Password1!")
    fake.calls.clear()
    return client, fake, sleeps


# --- resetPassword -------------------------------------------------------------------------

def test_reset_password_maps_code_delivery_details():
    client, fake, _ = make_client(forgot_password={"CodeDeliveryDetails": {
        "Destination": "u***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}})
    result = client.reset_password("user@example.com")
    assert result == {
        "isPasswordReset": False,
        "nextStep": {
            "resetPasswordStep": "CONFIRM_RESET_PASSWORD_WITH_CODE",
            "codeDeliveryDetails": {"destination": "u***@e***", "deliveryMedium": "EMAIL", "attributeName": "email"},
        },
    }
    assert fake.calls == [("forgot_password", {"ClientId": CLIENT_ID, "Username": "user@example.com"})]


def test_reset_password_maps_sms_delivery():
    client, _, _ = make_client(forgot_password={"CodeDeliveryDetails": {
        "Destination": "+*******6828", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}})
    details = client.reset_password("+15555556828")["nextStep"]["codeDeliveryDetails"]
    assert details == {"destination": "+*******6828", "deliveryMedium": "SMS", "attributeName": "phone_number"}


@pytest.mark.parametrize("response", [{}, {"CodeDeliveryDetails": {}}, {"CodeDeliveryDetails": None}],
                         ids=["absent", "empty", "null"])
def test_reset_password_without_delivery_details_still_reports_the_code_step(response):
    client, _, _ = make_client(forgot_password=response)
    assert client.reset_password("user@example.com") == {
        "isPasswordReset": False,
        "nextStep": {"resetPasswordStep": "CONFIRM_RESET_PASSWORD_WITH_CODE", "codeDeliveryDetails": {}},
    }


def test_reset_password_sends_no_secret_hash_or_extra_parameters():
    client, fake, _ = make_client(forgot_password={})
    client.reset_password("user@example.com")
    (_, params), = fake.calls
    assert set(params) == {"ClientId", "Username"}


@pytest.mark.parametrize("username", ["", None])
def test_reset_password_with_empty_username_makes_no_request(username):
    client, fake, _ = make_client(forgot_password={})
    with pytest.raises(AuthError) as caught:
        client.reset_password(username)
    assert caught.value.name == "EmptyResetPasswordUsername"
    assert fake.calls == []


# --- confirmResetPassword ------------------------------------------------------------------

def test_confirm_reset_password_returns_nothing_and_sends_the_fields():
    client, fake, _ = make_client(confirm_forgot_password={})
    assert client.confirm_reset_password("user@example.com", "123456", "NewPassword1!") is None
    assert fake.calls == [("confirm_forgot_password", {
        "ClientId": CLIENT_ID, "Username": "user@example.com",
        "ConfirmationCode": "123456", "Password": "NewPassword1!"})]


@pytest.mark.parametrize(
    ("username", "code", "new_password", "name"),
    [
        ("", "", "", "EmptyConfirmResetPasswordUsername"),
        ("", "123456", "NewPassword1!", "EmptyConfirmResetPasswordUsername"),
        ("user", "", "", "EmptyConfirmResetPasswordNewPassword"),
        ("user", "123456", "", "EmptyConfirmResetPasswordNewPassword"),
        ("user", "", "NewPassword1!", "EmptyConfirmResetPasswordConfirmationCode"),
    ],
)
def test_confirm_reset_password_validates_in_amplify_order(username, code, new_password, name):
    client, fake, _ = make_client(confirm_forgot_password={})
    with pytest.raises(AuthError) as caught:
        client.confirm_reset_password(username, code, new_password)
    assert caught.value.name == name
    assert fake.calls == []


def test_confirm_reset_password_does_not_check_the_password_policy():
    client, fake, _ = make_client(confirm_forgot_password={})
    client.confirm_reset_password("user", "123456", "a")
    assert fake.operations() == ["confirm_forgot_password"]


# --- updatePassword ------------------------------------------------------------------------

def test_update_password_returns_nothing_and_sends_the_access_token():
    client, fake, _ = signed_in_client(change_password={})
    assert client.update_password("Old1!pass", "New1!pass") is None
    assert fake.calls == [("change_password", {
        "AccessToken": "access-1", "PreviousPassword": "Old1!pass", "ProposedPassword": "New1!pass"})]


@pytest.mark.parametrize(("old", "new"), [("", "New1!pass"), ("Old1!pass", ""), ("", "")])
def test_update_password_with_an_empty_field_fails_before_the_session_check(old, new):
    client, fake, _ = make_client(change_password={})  # signed out: the empty field is reported first
    with pytest.raises(AuthError) as caught:
        client.update_password(old, new)
    assert caught.value.name == "EmptyUpdatePassword"
    assert fake.calls == []


def test_update_password_while_signed_out():
    client, fake, _ = make_client(change_password={})
    with pytest.raises(AuthError) as caught:
        client.update_password("Old1!pass", "New1!pass")
    assert caught.value.name == "UserUnAuthenticatedException"
    assert fake.calls == []


# --- service errors and retries ------------------------------------------------------------

@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("CodeMismatchException", "Invalid verification code provided, please try again."),
        ("InvalidPasswordException", "Password does not conform to policy: Password not long enough"),
        ("UserNotFoundException", "Username/client id combination not found."),
        ("SomethingNewException", ""),
    ],
)
def test_service_errors_surface_unchanged_without_retry(code, message):
    client, fake, sleeps = make_client(confirm_forgot_password=service_error(code, message))
    with pytest.raises(AuthError) as caught:
        client.confirm_reset_password("user", "123456", "NewPassword1!")
    assert (caught.value.name, caught.value.message) == (code, message)
    assert len(fake.calls) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "error",
    [
        service_error("LimitExceededException", "Attempt limit exceeded, please try after some time."),
        service_error("TooManyRequestsException", "Too many requests"),
        service_error("InternalErrorException", "boom", status=500),
        service_error("ServiceUnavailable", "later", status=503),
        service_error("SlowDown", "slow down", status=429),
    ],
    ids=["limit", "throttled", "500", "503", "429"],
)
def test_retryable_errors_are_tried_three_times_then_surface(error):
    client, fake, sleeps = make_client(forgot_password=error)
    with pytest.raises(AuthError) as caught:
        client.reset_password("user@example.com")
    assert caught.value.name == error.response["Error"]["Code"]
    assert caught.value.message == error.response["Error"]["Message"]
    assert MAX_ATTEMPTS == 3
    assert fake.operations() == ["forgot_password"] * 3
    assert len(sleeps) == 2 and all(s > 0 for s in sleeps)


def test_a_retry_that_succeeds_returns_the_answer():
    client, fake, sleeps = make_client(forgot_password=[
        service_error("TooManyRequestsException"),
        {"CodeDeliveryDetails": {"Destination": "u***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}},
    ])
    result = client.reset_password("user@example.com")
    assert result["nextStep"]["codeDeliveryDetails"]["deliveryMedium"] == "EMAIL"
    assert len(fake.calls) == 2
    assert len(sleeps) == 1


def test_change_password_rate_limit_is_retried_too():
    client, fake, _ = signed_in_client(change_password=service_error("LimitExceededException"))
    with pytest.raises(AuthError, match="LimitExceededException"):
        client.update_password("Old1!pass", "New1!pass")
    assert fake.operations() == ["change_password"] * 3


def test_connection_failures_are_retried_then_surface_as_network_errors():
    client, fake, _ = make_client(forgot_password=EndpointConnectionError(endpoint_url="http://127.0.0.1:1"))
    with pytest.raises(AuthError) as caught:
        client.reset_password("user@example.com")
    assert caught.value.name == "NetworkError"
    assert fake.operations() == ["forgot_password"] * 3


# --- what a session counts ------------------------------------------------------------------

def test_a_session_counts_every_request_it_sends_into_its_driver_s_tally():
    tally, sleeps = RequestTally(), Sleeps()
    fake = FakeCognito(forgot_password=[service_error("TooManyRequestsException"), {}])
    client = PythonAmplifyClient(fake, CLIENT_ID, sleep=sleeps, tally=tally)
    client.reset_password("user@example.com")
    with pytest.raises(AuthError, match="EmptyResetPasswordUsername"):
        client.reset_password("")  # refused before any request
    assert client.requests_sent == 2 == len(fake.calls)  # the retry is a second request
    assert tally.count == 2
    assert sleeps == [0.2] and 0 < tally.backoff_seconds < 0.2  # the real time the wait took


# --- the session ---------------------------------------------------------------------------

def test_sign_in_with_user_password_auth():
    client, fake, _ = make_client(initiate_auth={"AuthenticationResult": TOKENS})
    assert client.sign_in("user@example.com", "Password1!") == {
        "isSignedIn": True, "nextStep": {"signInStep": "DONE"}}
    assert client.access_token == "access-1"
    assert fake.calls == [("initiate_auth", {
        "ClientId": CLIENT_ID, "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "user@example.com", "PASSWORD": "Password1!"}})]


def test_sign_in_with_a_temporary_password_asks_for_a_new_one():
    client, _, _ = make_client(initiate_auth={"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s-1"})
    assert client.sign_in("user@example.com", "Temp1!pass") == {
        "isSignedIn": False,
        "nextStep": {"signInStep": "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", "missingAttributes": []}}
    assert client.access_token is None


def test_sign_in_with_an_unknown_challenge_fails():
    client, _, _ = make_client(initiate_auth={"ChallengeName": "SMS_MFA", "Session": "s-1"})
    with pytest.raises(AuthError, match="SMS_MFA"):
        client.sign_in("user@example.com", "Password1!")


def test_sign_in_with_a_wrong_password_surfaces_the_service_error():
    client, _, _ = make_client(initiate_auth=service_error("NotAuthorizedException", "Incorrect username or password."))
    with pytest.raises(AuthError) as caught:
        client.sign_in("user@example.com", "wrong")
    assert (caught.value.name, caught.value.message) == ("NotAuthorizedException", "Incorrect username or password.")
    assert client.access_token is None


def test_sign_in_after_an_administrator_s_reset_asks_for_a_reset_as_amplify_does():
    client, _, _ = make_client(initiate_auth=service_error("PasswordResetRequiredException",
                                                           "Password reset required for the user"))
    assert client.sign_in("user@example.com", "Password1!") == {
        "isSignedIn": False, "nextStep": {"signInStep": "RESET_PASSWORD"}}
    assert client.access_token is None
