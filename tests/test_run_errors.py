"""Where each exception falls: conformance evidence (the item fails) or a breakdown (the run could not judge)."""
from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from conformance.clients.errors import AuthError, auth_error_from
from conformance.outcome import Outcome, expect_failure
from conformance.results.messages import MESSAGE_LIMIT, failure_message, shorten
from conformance.run_errors import FeatureFileMistake, RunError, breakdown_of


def client_error(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "no"}, "ResponseMetadata": {"HTTPStatusCode": status}},
                       "AdminSetUserPassword")


@pytest.mark.parametrize("error", [
    AssertionError("expected InvalidPasswordException, got nothing"),
    client_error("InvalidPasswordException", 400),
    client_error("InternalErrorException", 500),  # the service answered: evidence against it
    AuthError("NotAuthorizedException", "Incorrect username or password."),
])
def test_what_the_target_answered_through_its_api_is_evidence(error):
    assert breakdown_of(error) is None


@pytest.mark.parametrize("error, part, words", [
    (EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), "target 'moto-server'", "stopped answering"),
    (ReadTimeoutError(endpoint_url="http://127.0.0.1:1"), "target 'moto-server'", "stopped answering"),
    (ConnectionResetError("reset by peer"), "target 'moto-server'", "stopped answering"),
    (AuthError("NetworkError", "Failed to fetch"), "target 'moto-server'", "stopped answering"),
    (RunError("code oracle", "the oracle broke"), "code oracle", "the oracle broke"),
    (KeyError("AccessToken"), "harness", "the suite broke, not the target: KeyError"),
])
def test_what_is_not_the_target_s_answer_is_a_breakdown(error, part, words):
    found = breakdown_of(error, target_name="moto-server")
    assert found is not None and found.part == part and words in found.message and found.exit_code == 3


def test_a_dead_server_is_named_with_its_log():
    found = breakdown_of(EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), target_name="moto-server",
                         health=lambda: "moto server (pid 7) exited with status -9; see its log /l.log")
    assert found.message == "target 'moto-server' stopped answering: moto server (pid 7) exited with status -9; see its log /l.log"


def test_a_diagnosis_that_fails_does_not_hide_the_breakdown():
    found = breakdown_of(EndpointConnectionError(endpoint_url="http://x"), target_name="t", health=lambda: 1 / 0)
    assert "stopped answering: nothing answered (EndpointConnectionError" in found.message


def test_a_feature_file_mistake_exits_with_the_usage_code():
    found = breakdown_of(FeatureFileMistake("the step 'x' matches no step definition"))
    assert (found.part, found.exit_code) == ("feature file", 4)


def test_refusing_a_call_is_not_failing_as_a_server():
    refused = Outcome(error=auth_error_from(client_error("InvalidParameterException", 400)))
    assert expect_failure(refused) is refused
    for broken in (auth_error_from(client_error("InternalErrorException", 500)), AuthError("ServiceUnavailable", "x"),
                   AuthError("SomethingElse", "x", http_status=503)):
        with pytest.raises(AssertionError, match="failed as a server"):
            expect_failure(Outcome(error=broken))
    # When a scenario names the error it wants, that name decides.
    assert expect_failure(Outcome(error=AuthError("InternalErrorException", "x")), "InternalErrorException")


def test_a_failure_message_is_the_assertion_s_own_sentence_kept_short():
    assert failure_message(AssertionError("expected X, got Y")) == "expected X, got Y"
    assert failure_message(AssertionError()) == "AssertionError with no message"
    assert "refused AdminSetUserPassword" in failure_message(client_error("InvalidPasswordException", 400))
    long = shorten("\n".join(f"line {n} " + "x" * 300 for n in range(40)))
    assert len(long) <= MESSAGE_LIMIT and long.endswith("(cut; the traceback has the rest)")
