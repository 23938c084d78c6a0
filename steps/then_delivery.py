"""Then steps about resetPassword's output and the code the target delivered."""
from __future__ import annotations

from pytest_bdd import parsers, then

from conformance.outcome import email_leaks, expect_success, phone_leaks, simulated_email_flaws


def _details(harness) -> dict:
    return expect_success(harness.outcome).value["nextStep"].get("codeDeliveryDetails", {})


@then(parsers.re(r"the reset code is sent by (?P<medium>EMAIL|SMS) to the user's (?P<attribute>email|phone_number)"))
def code_sent_by(harness, medium, attribute):
    details = _details(harness)
    shown = (details.get("deliveryMedium"), details.get("attributeName"))
    assert shown == (medium, attribute), f"resetPassword reported delivery by {shown}, expected {(medium, attribute)}"
    delivery = harness.last_delivery()
    assert delivery is not None, "the target delivered no code"
    expected = harness.contact(attribute)
    assert (delivery.medium, delivery.destination) == (medium, expected), (
        f"the code went by {delivery.medium} to {delivery.destination}, expected {medium} to {expected}"
    )


@then(parsers.re(r'the next step is "(?P<step>[^"]+)"'))
def next_step_is(harness, step):
    actual = expect_success(harness.outcome).value["nextStep"]["resetPasswordStep"]
    assert actual == step, f"the next step is {actual!r}"


@then(parsers.re(r'the next step is one of "(?P<steps>[^"]+)"'))
def next_step_is_one_of(harness, steps):
    actual = expect_success(harness.outcome).value["nextStep"]["resetPasswordStep"]
    assert actual in [s.strip() for s in steps.split(",")], f"the next step {actual!r} is not documented"


@then("the password is not reported as reset yet")
def not_reset_yet(harness):
    assert expect_success(harness.outcome).value["isPasswordReset"] is False


@then(parsers.re(r'the code delivery details name the medium "(?P<medium>[^"]+)" and the attribute "(?P<attribute>[^"]+)"'))
def delivery_details_name(harness, medium, attribute):
    details = _details(harness)
    shown = (details.get("deliveryMedium"), details.get("attributeName"))
    assert shown == (medium, attribute), f"the code delivery details are {details}"


@then("exactly one message carried the reset code")
def exactly_one_message(harness):
    sent = harness.deliveries()
    assert len(sent) == 1, f"{len(sent)} messages carried a code: {[d.medium for d in sent]}"


@then("no reset code reaches the user")
def no_code(harness):
    delivery = harness.last_delivery()
    assert delivery is None, f"a code was delivered by {delivery.medium if delivery else ''}"


@then(parsers.re(r'the destination is shown as "(?P<shown>[^"]+)"'))
def destination_shown_as(harness, shown):
    actual = _details(harness).get("destination")
    assert actual == shown, f"the destination is shown as {actual!r}"


@then(parsers.re(r'the destination ends with "(?P<suffix>[^"]+)"'))
def destination_ends_with(harness, suffix):
    actual = _details(harness).get("destination") or ""
    assert actual.endswith(suffix), f"the destination {actual!r} does not end with {suffix!r}"


@then(parsers.re(r"the destination does not reveal the user's (?P<what>email address|phone number)"))
def destination_hidden(harness, what):
    actual = _details(harness).get("destination") or ""
    assert actual, "resetPassword gave no destination"
    if what == "email address":
        leaks = email_leaks(actual, harness.user.email)
    else:
        leaks = phone_leaks(actual, harness.user.phone)
    shown = ", ".join(map(repr, leaks))
    assert not leaks, f"the destination {actual!r} shows {shown} beyond what a mask may show of the {what}"


@then("the destination is masked like a real email address and shows no more of the name asked for")
def destination_masked_like_a_real_one(harness):
    actual = _details(harness).get("destination") or ""
    flaws = simulated_email_flaws(actual, harness.user.username)
    assert not flaws, f"the destination {actual!r} for the unknown name {harness.user.username!r} {flaws[0]}"


@then("the code they now received is not the one they used before")
def code_not_reused(harness):
    used = harness.code_used
    assert used is not None, "no code was used before"
    assert harness.delivered_code() != used, "the service sent the code it had already accepted once"


@then(parsers.re(r"a reset code reached the user by (?P<medium>EMAIL|SMS)"))
def code_reached_user(harness, medium):
    delivery = harness.last_delivery()
    assert delivery is not None, "the target delivered no code to the user"
    assert delivery.medium == medium, f"the code went by {delivery.medium}, expected {medium}"


@then("the code they received is six digits")
def code_is_six_digits(harness):
    code = harness.delivered_code()
    assert len(code) == 6 and code.isascii() and code.isdigit(), f"the code has the shape {_shape(code)!r}"


def _shape(code: str) -> str:
    """What a code looks like without saying what it is: digits as 9, letters as a, the rest as it is."""
    return "".join("9" if c.isdigit() else "a" if c.isalpha() else c for c in code)
