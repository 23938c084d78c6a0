"""When steps: the Amplify calls under test."""
from __future__ import annotations

from pytest_bdd import parsers, when

from conformance.phrases import parse_mechanisms, surround
from conformance.test_data import compliant_password


@when("the user asks to reset their password")
def ask_for_reset(harness):
    harness.reset_password()


@when("resetPassword is called with an empty username")
def reset_with_empty_username(harness):
    harness.reset_password(username="")


@when(parsers.re(r'the user confirms the reset with the code they received and the new password "(?P<password>[^"]*)"'))
def confirm_with_received_code(harness, password):
    harness.confirm_with_delivered_code(password)


@when(parsers.re(r'the user confirms the reset with a code they did not receive and the new password "(?P<password>[^"]*)"'))
def confirm_with_wrong_code(harness, password):
    harness.confirm_with_wrong_code(password)


@when(parsers.re(r'the user confirms the reset with code "(?P<code>[^"]*)" and the new password "(?P<password>[^"]*)"'))
def confirm_with_given_code(harness, code, password):
    harness.confirm_reset_password(code, password)


@when(parsers.re(r'confirmResetPassword is called with username "(?P<username>[^"]*)", '
                 r'new password "(?P<password>[^"]*)" and code "(?P<code>[^"]*)"'))
def confirm_with_raw_inputs(harness, username, password, code):
    harness.confirm_reset_password(code, password, username=username)


@when(parsers.re(r'the user resets their password to "(?P<password>[^"]*)"'))
def reset_to(harness, password):
    harness.reset_password_to(password)


@when(parsers.re(r'the user resets their password to "(?P<stem>[^"]*)" followed by "(?P<suffix>.+)"'))
def reset_to_stem_and_suffix(harness, stem, suffix):
    harness.reset_password_to(stem + suffix)


@when(parsers.re(r'the user resets their password to "(?P<password>[^"]*)" with a (?P<whitespace>space|tab) '
                 r"(?P<where>before and after|before|after) it"))
def reset_to_surrounded(harness, password, whitespace, where):
    harness.reset_password_to(surround(password, whitespace, where))


@when(parsers.re(r"the user resets their password to a compliant password of (?P<length>\d+) characters"))
def reset_to_length(harness, length):
    harness.reset_password_to(compliant_password(int(length)))


@when(parsers.re(r'the user updates their password to "(?P<password>[^"]*)"'))
def update_to(harness, password):
    harness.update_password(password)


@when(parsers.re(r'the user updates their password giving "(?P<old>[^"]*)" as the current one '
                 r'and "(?P<new>[^"]*)" as the new one'))
def update_giving_current(harness, old, new):
    harness.update_password(new, old_password=old)


@when(parsers.re(r'updatePassword is called with old password "(?P<old>[^"]*)" and new password "(?P<new>[^"]*)"'))
def update_with_raw_inputs(harness, old, new):
    harness.update_password(new, old_password=old)


@when("the user signs in with their temporary password")
def sign_in_with_temporary_password(harness):
    harness.sign_in_with_initial_password()


@when(parsers.re(r"a user pool is created directly with a minimum password length of (?P<minimum>-?\d+)"))
def create_pool_with_minimum_length(harness, minimum):
    harness.create_pool_directly(Policies={"PasswordPolicy": {"MinimumLength": int(minimum)}})


@when(parsers.re(r"a user pool is created directly with temporary passwords valid for (?P<days>-?\d+) days"))
def create_pool_with_validity(harness, days):
    harness.create_pool_directly(Policies={"PasswordPolicy": {"TemporaryPasswordValidityDays": int(days)}})


@when(parsers.re(r'a user pool is created directly with the recovery mechanisms "(?P<mechanisms>[^"]+)"'))
def create_pool_with_recovery(harness, mechanisms):
    harness.create_pool_directly(AccountRecoverySetting={"RecoveryMechanisms": parse_mechanisms(mechanisms)})


@when(parsers.re(r'the user confirms the reset with the other user\'s code and the new password "(?P<password>[^"]*)"'))
def confirm_with_other_users_code(harness, password):
    harness.confirm_with_other_users_code(password)


@when(parsers.re(r'the user confirms the reset again with the same code and the new password "(?P<password>[^"]*)"'))
def confirm_again_with_used_code(harness, password):
    harness.confirm_again_with_used_code(password)


@when(parsers.re(r'the user keeps entering codes they did not receive, at most (?P<most>\d+) times, '
                 r'with the new password "(?P<password>[^"]*)"'))
def keep_guessing_codes(harness, most, password):
    harness.guess_codes(password, int(most))


@when(parsers.re(r"the user keeps asking to reset their password, at most (?P<most>\d+) times"))
def keep_asking_for_codes(harness, most):
    harness.request_codes(int(most))


@when(parsers.re(r"the user asks to reset their password giving their username in (?P<case>upper case|mixed case)"))
def ask_for_reset_in_case(harness, case):
    harness.reset_password(username=harness.username_in_case(case))


@when(parsers.re(r"the user confirms the reset giving their username in (?P<case>upper case|mixed case), "
                 r'with the code they received and the new password "(?P<password>[^"]*)"'))
def confirm_in_case(harness, case, password):
    harness.confirm_reset_password(harness.delivered_code(), password, username=harness.username_in_case(case))


@when(parsers.re(r'an administrator creates a user with the temporary password "(?P<password>[^"]*)"'))
def admin_creates_user(harness, password):
    harness.admin_create_user_with_password(password)


@when(parsers.re(r'an administrator sets the user\'s (?P<kind>permanent|temporary) password to "(?P<password>[^"]*)"'))
def admin_sets_password(harness, kind, password):
    harness.admin_set_password(password, permanent=kind == "permanent")


@when(parsers.re(r'a new user signs up with the password "(?P<password>[^"]*)"'))
def new_user_signs_up(harness, password):
    harness.sign_up(password)


@when(parsers.re(r'the user confirms the sign-in with the new password "(?P<password>[^"]*)"'))
def confirm_sign_in(harness, password):
    harness.confirm_sign_in(password)


@when(parsers.re(r"the user updates their password to the one they had (?P<changes>\d+) changes? ago"))
def update_to_earlier(harness, changes):
    harness.update_password(harness.user.password_before(int(changes)))


@when(parsers.re(r"the user resets their password to the one they had (?P<changes>\d+) changes? ago"))
def reset_to_earlier(harness, changes):
    harness.reset_password_to(harness.user.password_before(int(changes)))


@when(parsers.re(r"an administrator sets the user's permanent password to the one they had (?P<changes>\d+) changes? ago"))
def admin_sets_earlier(harness, changes):
    harness.admin_set_password(harness.user.password_before(int(changes)), permanent=True)


@when(parsers.re(r"a user pool is created directly on the (?P<plan>Lite|Essentials|Plus) feature plan "
                 r"with a password history of (?P<size>\d+)"))
def create_pool_on_plan(harness, plan, size):
    harness.create_pool_directly(UserPoolTier=plan.upper(), Policies={"PasswordPolicy": {"PasswordHistorySize": int(size)}})


@when("the user asks to reset their password, passing the client metadata")
def ask_for_reset_with_metadata(harness, datatable):
    harness.reset_password(client_metadata=dict(datatable[1:]))


@when(parsers.re(r'the user confirms the reset with the code they received and the new password "(?P<password>[^"]*)", '
                 r"passing the client metadata"))
def confirm_with_metadata(harness, password, datatable):
    harness.confirm_with_delivered_code(password, client_metadata=dict(datatable[1:]))


@when(parsers.re(r'the user confirms the reset with the first code they received and the new password "(?P<password>[^"]*)"'))
def confirm_with_first_code(harness, password):
    harness.confirm_with_first_code(password)
