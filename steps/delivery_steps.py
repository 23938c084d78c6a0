"""Then steps about resetPassword's output and the code the target delivered."""
from __future__ import annotations

import re

from pytest_bdd import parsers, then

from conformance.expect import expect_success

_CONTACT_OF_ATTRIBUTE = {"email": "email", "phone_number": "phone"}


def _details(harness) -> dict:
    return expect_success(harness.outcome).value["nextStep"].get("codeDeliveryDetails", {})


@then(parsers.re(r"the reset code is sent by (?P<medium>EMAIL|SMS) to the user's (?P<attribute>email|phone_number)"))
def code_sent_by(harness, medium, attribute):
    details = _details(harness)
    shown = (details.get("deliveryMedium"), details.get("attributeName"))
    assert shown == (medium, attribute), f"resetPassword reported delivery by {shown}, expected {(medium, attribute)}"
    delivery = harness.last_delivery()
    assert delivery is not None, "the target delivered no code"
    expected = getattr(harness.user, _CONTACT_OF_ATTRIBUTE[attribute])
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


@then("the user received a reset code")
def user_received_code(harness):
    delivery = harness.last_delivery()
    assert delivery is not None and delivery.code, "the target delivered no code"


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
        local, _, domain = harness.user.email.partition("@")
        revealed = [part for part in (local[1:], domain[1:]) if part and part.lower() in actual.lower()]
    else:
        digits = re.sub(r"\D", "", harness.user.phone)
        revealed = [digits[:-4]] if digits[:-4] in re.sub(r"\D", "", actual) else []
    assert not revealed, f"the destination {actual!r} reveals {revealed}"
