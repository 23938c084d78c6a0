"""Then steps about what the call under test returned or raised."""
from __future__ import annotations

from pytest_bdd import parsers, then

from conformance.outcome import (
    PASSWORD_REFUSALS,
    expect_failure,
    expect_success,
    looks_like_a_delivery,
    reasons_named,
    require_outcome,
)


@then("the call fails")
def call_fails(harness):
    expect_failure(harness.outcome)


@then(parsers.re(r'the call fails with "(?P<name>[^"]+)"'))
def call_fails_with(harness, name):
    expect_failure(harness.outcome, name)


@then(parsers.re(r'the call fails with "(?P<name>[^"]+)" and the message "(?P<message>.*)"'))
def call_fails_with_message(harness, name, message):
    expect_failure(harness.outcome, name, message=message)


@then(parsers.re(r'the call either fails with "(?P<name>[^"]+)" or looks like a delivery'))
def call_fails_or_simulates(harness, name):
    outcome = require_outcome(harness.outcome)
    if outcome.succeeded:
        assert looks_like_a_delivery(outcome.value), f"the answer does not look like a delivery: {outcome.describe()}"
    else:
        expect_failure(outcome, name)


@then("the call succeeds and returns nothing")
def call_returns_nothing(harness):
    outcome = expect_success(harness.outcome)
    assert outcome.value is None, f"expected no output, got {outcome.value!r}"


@then("no request reached the service")
def no_request(harness):
    calls = require_outcome(harness.outcome).service_calls
    assert calls == 0, f"{calls} request(s) reached the service"


@then(parsers.re(r"the new password is (?P<verdict>accepted|refused|refused with \"(?P<name>[^\"]+)\")"))
def new_password_verdict(harness, verdict, name):
    if verdict == "accepted":
        expect_success(harness.outcome)
        assert harness.can_sign_in(harness.new_password), "the accepted password does not sign the user in"
    else:
        expect_failure(harness.outcome, *((name,) if name else PASSWORD_REFUSALS))


@then(parsers.re(r'the refusal gives the reason "(?P<reason>[^"]+)"'))
def refusal_reason(harness, reason):
    message = expect_failure(harness.outcome).error.message
    assert reason in message, f"expected the reason {reason!r} in {message!r}"


@then("the refusal names exactly one rule")
def refusal_names_one_rule(harness):
    message = expect_failure(harness.outcome).error.message
    named = reasons_named(message)
    assert len(named) == 1, f"the refusal {message!r} names {len(named)} rules"


@then(parsers.re(r'the user can sign in with "(?P<password>[^"]*)"'))
def can_sign_in_with(harness, password):
    assert harness.can_sign_in(password), f"{password!r} does not sign the user in"


@then("the user can no longer sign in with their old password")
def old_password_refused(harness):
    assert not harness.can_sign_in(harness.user.password), "the old password still signs the user in"


@then(parsers.re(r'signing in with their old password fails with "(?P<name>[^"]+)"'))
def old_password_refused_with(harness, name):
    refusal = harness.sign_in_refusal(harness.user.password)
    assert refusal is not None, "the old password still signs the user in"
    assert refusal.name == name, f"signing in with the old password failed with {refusal.name}: {refusal.message}"


@then("the user can still sign in with their old password")
def old_password_works(harness):
    assert harness.can_sign_in(harness.user.password), "the old password no longer signs the user in"


@then("the user's open session is still accepted by the service")
def session_still_open(harness):
    assert harness.session_still_valid(), "the session opened before the reset was ended by it"


@then("signing in asks for a new password")
def sign_in_asks_for_new_password(harness):
    outcome = expect_success(harness.outcome)
    step = outcome.value["nextStep"]["signInStep"]
    assert step == "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", f"signing in gave the next step {step!r}"


@then(parsers.re(r'the call fails with "(?P<first>[^"]+)" or "(?P<second>[^"]+)"'))
def call_fails_with_either(harness, first, second):
    expect_failure(harness.outcome, first, second)


@then("confirming with the code they received is refused the same way")
def right_code_refused_too(harness):
    refused = expect_failure(harness.outcome).error.name
    expect_failure(harness.confirm_with_delivered_code(harness.new_password), refused)


@then(parsers.re(r'signing in with their old password leads to the next step "(?P<step>[^"]+)"'))
def sign_in_leads_to(harness, step):
    found = harness.sign_in_next_step(harness.user.password)
    assert found == step, f"signing in with the old password led to {found!r}, expected the next step {step!r}"


@then("no account was created")
def no_account_created(harness):
    assert harness.new_account is not None, "no call tried to create an account"
    assert not harness.account_exists(harness.new_account), "the refused password still created the account"


@then("the user is signed in")
def user_signed_in(harness):
    outcome = expect_success(harness.outcome)
    assert outcome.value == {"isSignedIn": True, "nextStep": {"signInStep": "DONE"}}, \
        f"the answer was {outcome.value!r}"


@then("the service received exactly that client metadata with the request")
def client_metadata_received(harness):
    received = harness.client_metadata_received()
    assert received == harness.client_metadata_sent, (
        f"the service's triggers received {received!r} with the request, the caller gave {harness.client_metadata_sent!r}"
    )
