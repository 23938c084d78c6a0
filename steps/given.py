"""Given steps: the backend, the user, the session and the clock."""
from __future__ import annotations

from pytest_bdd import given, parsers, when

from conformance.phrases import ContactDetails, parse_definition, parse_duration


@given(parsers.re(r"a backend defined with (?P<phrase>login by .+)"))
def backend_defined(harness, phrase):
    harness.define_backend(parse_definition(phrase))


@when(parsers.re(r"a backend is defined with (?P<phrase>login by .+)"))
def backend_being_defined(harness, phrase):
    harness.try_define_backend(parse_definition(phrase))


@given(parsers.re(r'a user with the verified email address "(?P<address>[^"]+)"'))
def user_with_email(harness, address):
    harness.create_user_with_email(address)


@given(parsers.re(r'a user with the verified phone number "(?P<number>[^"]+)"'))
def user_with_phone(harness, number):
    harness.create_user_with_phone(number)


@given(parsers.re(r"a user with (?P<contact>(?:a|an|no) [^\"]+?) who has only a temporary password"))
def user_with_temporary_password(harness, contact):
    harness.create_user(ContactDetails.from_phrase(contact), temporary=True)


@given(parsers.re(r"a user with (?P<contact>(?:a|an|no) (?:(?!who has)[^\"])+)"))
def user_with_contact_details(harness, contact):
    harness.create_user(ContactDetails.from_phrase(contact))


@given("no user is registered under the name being reset")
def no_such_user(harness):
    harness.unregistered_user()


@given("an administrator has disabled the user")
def user_disabled(harness):
    harness.disable_user()


@given("the user is signed in")
def user_signed_in(harness):
    harness.sign_in()


@given(parsers.re(r"the user asked to reset their password(?: again)?"))
def reset_already_requested(harness):
    outcome = harness.reset_password()
    assert outcome.succeeded, f"resetPassword, needed as set-up, {outcome.describe()}"


@given(parsers.re(r"the user has updated their password (?P<times>\d+) times in the last hour"))
def password_updated_repeatedly(harness, times):
    harness.change_password_repeatedly(int(times))


@given("the user's tokens were revoked by a global sign-out on another device")
def tokens_revoked(harness):
    harness.revoke_sessions_elsewhere()


@given(parsers.re(r"(?P<duration>\d+ (?:second|minute|hour|day).*) pass(?:es)?"))
def time_passes(harness, duration):
    harness.advance_clock(parse_duration(duration))


@given(parsers.re(r"another user with (?P<contact>(?:a|an) [^\"]+?) also asked to reset their password"))
def other_user_asked_for_a_code(harness, contact):
    harness.create_other_user(ContactDetails.from_phrase(contact))
    harness.other_user_requests_a_code()


@given("an administrator has enabled the user again")
def user_enabled_again(harness):
    harness.enable_user()


@given("an administrator has reset the user's password")
def password_reset_by_administrator(harness):
    harness.admin_reset_password()


@given(parsers.re(r'the user has reset their password to "(?P<password>[^"]*)" with the code they received'))
def password_reset_with_code(harness, password):
    outcome = harness.reset_password_to(password)
    assert outcome.succeeded, f"confirmResetPassword, needed as set-up, {outcome.describe()}"
    harness.user.password = password


@given("the user signed in with their temporary password")
def signed_in_with_temporary_password(harness):
    outcome = harness.sign_in_with_initial_password()
    assert outcome.succeeded, f"signIn, needed as set-up, {outcome.describe()}"


@given("an administrator has sent the invitation again with a new temporary password")
def invitation_resent(harness):
    harness.resend_invitation()


@given("the user has chosen SMS for multi-factor authentication")
def sms_mfa_chosen(harness):
    harness.choose_sms_mfa()


@given("a user who signed up and has not confirmed their email address")
def user_signed_up_unconfirmed(harness):
    harness.signed_up_user()
