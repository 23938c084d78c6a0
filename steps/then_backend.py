"""Then steps about what a backend definition deployed."""
from __future__ import annotations

from pytest_bdd import parsers, then

from conformance.outcome import expect_failure, expect_success, setting_mismatches
from conformance.phrases import parse_definition


@then(parsers.re(r'the user pool\'s recovery mechanisms are "(?P<mechanisms>[^"]+)"'))
def recovery_mechanisms(harness, mechanisms):
    expected = [] if mechanisms == "none" else [m.strip() for m in mechanisms.split(",")]
    actual = harness.recovery_mechanisms()
    assert actual == expected, f"the user pool's recovery mechanisms are {actual or 'none'}"


@then(parsers.re(r"its recovery setting is the same as with (?P<phrase>login by .+) alone"))
def same_recovery_as(harness, phrase):
    other = harness.recovery_mechanisms_of(parse_definition(phrase))
    assert harness.recovery_mechanisms() == other, f"{harness.recovery_mechanisms()} differs from {other}"


@then(parsers.re(r'the definition is rejected with a message naming "(?P<word>[^"]+)"'))
def definition_rejected(harness, word):
    error = harness.definition_error
    assert error is not None, "the definition was accepted"
    assert word in str(error), f"the rejection {str(error)!r} does not name {word!r}"


@then("the backend does not deploy")
def backend_not_deployed(harness):
    refusal = harness.definition_error or harness.provisioning_refusal
    assert refusal is not None, f"the backend deployed: its user pool has the policy {harness.password_policy()}"


@then("the user pool's password policy is")
def password_policy_is(harness, datatable):
    mismatches = setting_mismatches(harness.password_policy(), datatable[1:])
    assert not mismatches, "; ".join(mismatches)


@then(parsers.re(r"amplify_outputs reports a minimum password length of (?P<length>\d+)"))
def outputs_minimum_length(harness, length):
    actual = harness.amplify_outputs()["password_policy"]["min_length"]
    assert actual == int(length), f"amplify_outputs reports a minimum length of {actual}"


@then("the app client prevents user existence errors")
def prevents_user_existence_errors(harness):
    setting = harness.prevent_user_existence_errors()
    assert setting == "ENABLED", f"PreventUserExistenceErrors is {setting!r}"


@then(parsers.re(r"temporary passwords are valid for (?P<days>\d+) days, as the user pool describes it"))
def validity_described(harness, days):
    described = harness.password_policy().get("TemporaryPasswordValidityDays")
    assert described == int(days), f"TemporaryPasswordValidityDays is {described!r}"


@then(parsers.re(r'the service (?P<answer>accepts it|refuses it with "(?P<name>[^"]+)")'))
def service_answer(harness, answer, name):
    if name:
        expect_failure(harness.outcome, name)
    else:
        expect_success(harness.outcome)
