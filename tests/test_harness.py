"""The harness end to end over the reference target, with the reference definitions and Python client."""
from __future__ import annotations

import pytest

from conformance.clients import AuthError
from conformance.clients.python import PythonAmplifyClient, PythonDriver
from conformance.definitions import AuthDefinition, DefinitionError
from conformance.definitions.reference import ReferenceDefinitions
from conformance.harness import Harness, ScenarioSetupError
from conformance.phrases import ContactDetails, parse_definition
from conformance.run_errors import RunError
from conformance.session import POOL_NAME_PREFIX, Session
from conformance.test_data import compliant_password
from targets.reference import ReferenceTarget

EMAIL = AuthDefinition(login_with=frozenset({"email"}))
PHONE = AuthDefinition(login_with=frozenset({"phone"}))
BOTH = AuthDefinition(login_with=frozenset({"email", "phone"}))
VERIFIED_EMAIL = ContactDetails(email=True, email_verified=True)


@pytest.fixture
def target():
    return ReferenceTarget()


def started(driver: PythonDriver, target) -> PythonDriver:
    driver.start(target)
    return driver


@pytest.fixture
def run(target):
    return Session(target=target, definitions=ReferenceDefinitions(),
               client_driver=started(PythonDriver(sleep=lambda _: None), target))


@pytest.fixture
def harness(run):
    return Harness(run)


def email_user(harness: Harness, definition: AuthDefinition = EMAIL):
    harness.define_backend(definition)
    return harness.create_user(VERIFIED_EMAIL)


# --- pools ---------------------------------------------------------------------------------

def test_one_pool_per_distinct_definition(run, target):
    for _ in range(5):
        Harness(run).define_backend(EMAIL)
    assert run.pools_created == 1
    Harness(run).define_backend(parse_definition("login by email"))  # an equal definition, read afresh
    assert run.pools_created == 1
    assert len(target.service.pools) == 1

    Harness(run).define_backend(PHONE)
    assert run.pools_created == 2
    Harness(run).define_backend(EMAIL)
    assert run.pools_created == 2
    assert len(target.service.pools) == 2


def test_scenarios_sharing_a_definition_share_the_pool(run):
    first, second = Harness(run), Harness(run)
    first.define_backend(EMAIL)
    second.define_backend(EMAIL)
    assert first.backend.pool == second.backend.pool
    assert first.client is not second.client  # each scenario has its own app session


def test_pools_are_named_for_the_run(harness, run):
    harness.define_backend(EMAIL)
    pool = harness.service.describe_user_pool(UserPoolId=harness.backend.pool.pool_id)["UserPool"]
    assert pool["Name"].startswith(f"{POOL_NAME_PREFIX}-{run.run_id}-")


def test_a_rejected_definition_is_kept_and_provisions_nothing(harness, run):
    harness.try_define_backend(AuthDefinition(login_with=EMAIL.login_with, account_recovery="EMAIL_FIRST"))
    assert isinstance(harness.definition_error, DefinitionError)
    assert "EMAIL_FIRST" in str(harness.definition_error)
    assert run.pools_created == 0
    with pytest.raises(DefinitionError):
        harness.define_backend(AuthDefinition(login_with=frozenset()))


def test_a_pool_the_service_refuses_is_kept_as_its_refusal(harness, run):
    harness.try_define_backend(parse_definition("login by email and the minimum password length overridden to 5"))
    assert harness.definition_error is None
    assert harness.provisioning_refusal.name == "InvalidParameterException"
    assert "minimumLength" in harness.provisioning_refusal.message
    assert run.pools_created == 0


def test_the_pool_has_the_synthesized_settings(harness):
    harness.define_backend(parse_definition("login by email and the minimum password length overridden to 32"))
    assert harness.password_policy()["MinimumLength"] == 32
    assert harness.amplify_outputs()["password_policy"]["min_length"] == 8
    assert harness.prevent_user_existence_errors() == "ENABLED"
    assert harness.recovery_mechanisms() == ["verified_email:1"]
    # Users still get an initial password the pool accepts.
    user = harness.create_user(VERIFIED_EMAIL)
    assert len(user.password) > 32
    assert harness.can_sign_in(user.password)


def test_recovery_mechanisms_of_another_definition_leave_the_backend_alone(harness):
    harness.define_backend(AuthDefinition(login_with=BOTH.login_with, account_recovery="PHONE_WITHOUT_MFA_AND_EMAIL"))
    own = harness.backend
    assert harness.recovery_mechanisms_of(PHONE) == ["verified_phone_number:1"]
    assert harness.backend is own
    assert harness.recovery_mechanisms() == ["verified_phone_number:1", "verified_email:2"]


# --- users ---------------------------------------------------------------------------------

def test_every_scenario_gets_its_own_user(run):
    names = set()
    for _ in range(5):
        harness = Harness(run)
        names.add(email_user(harness).username)
    assert len(names) == 5
    pool_id = run.backend(EMAIL).pool.pool_id
    service = run.target.cognito_client()
    for name in names:
        assert service.admin_get_user(UserPoolId=pool_id, Username=name)["UserStatus"] == "CONFIRMED"


def test_users_of_email_and_phone_pools(harness):
    user = email_user(harness)
    assert user.username == user.email and user.phone is None and user.registered
    other = Harness(harness.run)
    other.define_backend(PHONE)
    phone_user = other.create_user(ContactDetails(phone=True, phone_verified=True))
    assert phone_user.username == phone_user.phone and phone_user.username.startswith("+")


def test_a_user_from_an_address_keeps_its_masked_parts(harness):
    harness.define_backend(EMAIL)
    user = harness.create_user_with_email("test@test.com")
    assert user.username.startswith("test+") and user.username.endswith("@test.com")
    outcome = harness.reset_password()
    assert outcome.value["nextStep"]["codeDeliveryDetails"] == {
        "destination": "t***@t***", "deliveryMedium": "EMAIL", "attributeName": "email"}


def test_a_user_created_with_only_a_temporary_password(harness):
    harness.define_backend(EMAIL)
    harness.create_user(VERIFIED_EMAIL, temporary=True)
    outcome = harness.sign_in_with_initial_password()
    assert outcome.value["nextStep"]["signInStep"] == "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"


def test_an_unregistered_user_is_not_created(harness):
    harness.define_backend(EMAIL)
    user = harness.unregistered_user()
    assert not user.registered and "@" in user.username
    outcome = harness.reset_password()  # user existence errors are prevented: a simulated answer
    assert outcome.succeeded
    assert harness.last_delivery() is None


# --- the calls under test and their outcomes -----------------------------------------------

def test_reset_password_to_changes_which_password_signs_in(harness):
    user = email_user(harness)
    new_password = compliant_password(16)
    outcome = harness.reset_password_to(new_password)
    assert outcome.succeeded and outcome.value is None
    assert outcome.service_calls == 1
    assert harness.outcome is outcome and harness.new_password == new_password
    assert harness.can_sign_in(new_password)
    assert not harness.can_sign_in(user.password)


def test_outcomes_count_service_requests(harness, run):
    email_user(harness)
    before = run.calls.count
    assert harness.reset_password().service_calls == 1
    assert harness.reset_password(username="").service_calls == 0  # refused by the client itself
    assert harness.outcome.error.name == "EmptyResetPasswordUsername"
    assert harness.update_password(compliant_password(16)).service_calls == 0  # signed out
    assert harness.outcome.error.name == "UserUnAuthenticatedException"
    assert harness.client.requests_sent == 1
    assert run.calls.count == before  # the session counted its request; the run counts the harness's own


def test_a_wrong_code_is_refused(harness):
    email_user(harness)
    harness.reset_password()
    outcome = harness.confirm_with_wrong_code(compliant_password(16))
    assert outcome.error.name == "CodeMismatchException"
    assert outcome.service_calls == 1


def test_update_password_for_a_signed_in_user(harness):
    user = email_user(harness)
    harness.sign_in()
    new_password = compliant_password(16)
    outcome = harness.update_password(new_password)
    assert outcome.succeeded and outcome.service_calls == 1
    assert harness.can_sign_in(new_password) and not harness.can_sign_in(user.password)
    assert harness.update_password(compliant_password(16), old_password="Wrong1!password").error.name == \
        "NotAuthorizedException"


def test_a_global_sign_out_elsewhere_ends_the_session(harness):
    email_user(harness)
    harness.sign_in()
    assert harness.session_still_valid()
    harness.revoke_sessions_elsewhere()
    assert not harness.session_still_valid()


def test_a_disabled_user_cannot_sign_in(harness):
    user = email_user(harness)
    assert harness.can_sign_in(user.password)
    harness.disable_user()
    assert not harness.can_sign_in(user.password)


def test_any_refusal_means_a_password_does_not_sign_in_and_the_refusal_is_kept(harness):
    harness.define_backend(parse_definition("login by email and user existence errors revealed"))
    harness.unregistered_user()
    assert harness.can_sign_in(compliant_password(16)) is False
    assert harness.sign_in_refusal(compliant_password(16)).name == "UserNotFoundException"


def test_advancing_the_clock_expires_a_code(harness, target):
    email_user(harness)
    start = target.service.clock.now()
    harness.reset_password()
    harness.advance_clock(3601)
    assert target.service.clock.now() == start + 3601
    assert harness.confirm_with_delivered_code(compliant_password(16)).error.name == "ExpiredCodeException"


def test_a_code_within_the_hour_still_works(harness):
    email_user(harness)
    harness.reset_password()
    harness.advance_clock(59 * 60)
    assert harness.confirm_with_delivered_code(compliant_password(16)).succeeded


def test_create_pool_directly_reports_the_service_answer(harness, target):
    harness.define_backend(EMAIL)
    refused = harness.create_pool_directly(Policies={"PasswordPolicy": {"MinimumLength": 5}})
    assert refused.error.name == "InvalidParameterException" and refused.service_calls == 1
    accepted = harness.create_pool_directly(Policies={"PasswordPolicy": {"MinimumLength": 6}})
    assert accepted.succeeded and accepted.value["Policies"]["PasswordPolicy"]["MinimumLength"] == 6
    assert len(target.service.pools) == 1  # the direct pool was deleted again


# --- order of set-up -----------------------------------------------------------------------

def test_a_user_before_a_backend_is_a_setup_error(harness):
    with pytest.raises(ScenarioSetupError, match="not defined a backend"):
        harness.create_user(VERIFIED_EMAIL)


@pytest.mark.parametrize("verb", ["reset_password", "sign_in", "last_delivery", "unregistered_user"])
def test_verbs_before_set_up_are_setup_errors(harness, verb):
    with pytest.raises(ScenarioSetupError):
        getattr(harness, verb)()


def test_a_call_before_a_user_is_a_setup_error(harness):
    harness.define_backend(EMAIL)
    with pytest.raises(ScenarioSetupError, match="no user"):
        harness.reset_password()


def test_reading_a_code_that_was_never_sent_is_a_setup_error(harness):
    email_user(harness)
    with pytest.raises(ScenarioSetupError, match="delivered no code"):
        harness.delivered_code()


def test_revoking_sessions_needs_a_signed_in_user(harness):
    email_user(harness)
    with pytest.raises(ScenarioSetupError, match="not signed in"):
        harness.revoke_sessions_elsewhere()


def test_a_user_without_the_sign_in_attribute_is_a_setup_error(harness):
    harness.define_backend(BOTH)
    with pytest.raises(ScenarioSetupError, match="attribute the backend signs in with"):
        harness.create_user(ContactDetails())


# --- the run could not judge: the target stopped answering, its plumbing broke ---------------------

class NoAnswerClient(PythonAmplifyClient):
    """Every request gets no answer, as when the target's server has died."""

    def _call(self, operation, **params):
        raise AuthError("NetworkError", "Could not connect to the endpoint URL")


def test_no_answer_is_never_taken_for_a_refusal(target):
    harness = Harness(Session(target=target, definitions=ReferenceDefinitions(),
                          client_driver=started(PythonDriver(NoAnswerClient), target)))
    harness.define_backend(EMAIL)
    harness.create_user(VERIFIED_EMAIL)
    with pytest.raises(RunError, match="stopped answering"):
        harness.can_sign_in("anything")
    with pytest.raises(RunError, match="stopped answering"):
        harness.reset_password()


def test_what_the_target_knows_about_its_death_is_in_the_error(target, monkeypatch):
    monkeypatch.setattr(target, "health", lambda: "its server (pid 4) exited with status -9; see its log /x.log")
    harness = Harness(Session(target=target, definitions=ReferenceDefinitions(),
                          client_driver=started(PythonDriver(NoAnswerClient), target)))
    harness.define_backend(EMAIL)
    harness.create_user(VERIFIED_EMAIL)
    with pytest.raises(RunError, match="exited with status -9; see its log /x.log"):
        harness.reset_password()


def test_a_broken_oracle_or_clock_is_the_run_s_error_not_the_target_s(harness, target, monkeypatch):
    email_user(harness)
    harness.reset_password()
    monkeypatch.setattr(target, "last_delivery", lambda *_: 1 / 0)
    monkeypatch.setattr(target, "advance_clock", lambda *_: 1 / 0)
    with pytest.raises(RunError, match="code oracle: ZeroDivisionError"):
        harness.delivered_code()
    with pytest.raises(RunError, match="its clock: ZeroDivisionError"):
        harness.advance_clock(60)


def test_the_secrets_a_scenario_handles_are_remembered_for_redaction(harness, run):
    user = email_user(harness)
    harness.reset_password()
    code = harness.delivered_code()
    harness.sign_in()
    text = f"code {code}, password {user.password}, token {harness.client.access_token}"
    assert run.secrets.redact(text) == "code <code>, password <password>, token <token>"


# --- two users, guessing and asking again -----------------------------------------------------------

def test_another_user_keeps_the_scenario_s_user_and_gets_their_own_code(harness):
    user = email_user(harness)
    other = harness.create_other_user(VERIFIED_EMAIL)
    harness.other_user_requests_a_code()
    assert harness.user is user and other.username != user.username
    assert harness.outcome is None  # set-up leaves the outcome under test alone
    assert harness.confirm_with_other_users_code("N3w-Passw0rd!").error.name == "ExpiredCodeException"


def test_guessing_stops_at_the_first_answer_that_is_not_a_mismatch(harness):
    email_user(harness)
    harness.reset_password()
    outcome = harness.guess_codes("N3w-Passw0rd!", most=21)
    assert outcome.error.name == "LimitExceededException"
    assert harness.confirm_with_delivered_code("N3w-Passw0rd!").error.name == "LimitExceededException"


def test_asking_again_and_again_stops_at_the_first_refusal(harness, target):
    email_user(harness)
    outcome = harness.request_codes(most=21)
    assert outcome.error.name == "LimitExceededException"
    assert len(harness.deliveries()) == 5  # the reference's allowance per hour


def test_a_used_code_is_kept_for_the_next_check(harness):
    email_user(harness)
    assert harness.reset_password_to("N3w-Passw0rd!").succeeded
    used = harness.code_used
    assert harness.confirm_again_with_used_code("An0ther-Passw0rd!").error is not None
    assert harness.code_used == used


def test_usernames_in_other_letter_cases(harness):
    email_user(harness)
    name = harness.user.username
    assert harness.username_in_case("upper case") == name.upper()
    assert harness.username_in_case("mixed case").lower() == name.lower() != harness.username_in_case("mixed case")


def test_an_administrator_s_reset_sends_a_code_and_stops_the_old_password(harness):
    email_user(harness)
    harness.admin_reset_password()
    assert harness.last_delivery() is not None
    assert harness.sign_in_next_step(harness.user.password) == "RESET_PASSWORD"
    assert harness.sign_in_next_step("not-the-password-1A!") == "NotAuthorizedException"
