"""Deliberately broken variants of the reference target, definitions and client.

Each mutant breaks one documented behaviour the way a real implementation might. The mutation
self-test (tests/test_mutants.py) runs the whole specification against each one and requires it to
be caught, by the requirements named in ``killed_by`` at least, and the gate to fail. Only a mutant
that breaks nothing but SHOULD behaviour is marked ``gate_fails=False``: it must be caught as a
SHOULD warning while the gate passes.

A mutant is selected on the command line by import path, e.g.
``pytest --target tests.mutants:unmasked_destination``.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

from conformance.clients.errors import AuthError
from conformance.clients.python import PythonAmplifyClient, PythonDriver
from conformance.definitions.reference import ReferenceDefinitions
from targets.reference import ReferenceTarget
from targets.reference import errors, policy, recovery
from targets.reference.records import StoredPassword
from targets.reference.service import UserPoolService


@dataclass(frozen=True)
class Mutant:
    name: str
    breaks: str
    option: str  # the command-line option that selects it: target, definitions or client
    killed_by: tuple[str, ...]
    gate_fails: bool = True  # False: what it breaks is SHOULD-level only, so it is caught as a warning

    @property
    def argument(self) -> str:
        return f"--{self.option}=tests.mutants:{self.name}"


MUTANTS: dict[str, Mutant] = {}


def _mutant(option: str, breaks: str, *killed_by: str, gate_fails: bool = True):
    def register(factory):
        MUTANTS[factory.__name__] = Mutant(factory.__name__, breaks, option, killed_by, gate_fails)
        # --client takes a driver factory: a client mutant's name stands for a python driver whose
        # sessions are of the class its function returns.
        return functools.partial(PythonDriver, factory()) if option == "client" else factory
    return register


def _named_user(service: UserPoolService, params: dict[str, Any]) -> tuple[Any, Any]:
    """The pool of a request's app client and the user its Username names (or None)."""
    pool, _ = service._client(params)
    return pool, service.find_user(pool, params.get("Username", ""))


def _target(service_class: type[UserPoolService]) -> ReferenceTarget:
    return ReferenceTarget(service_factory=service_class)


class _SkipsPolicyDuring(UserPoolService):
    """Skips the password policy while one named operation runs."""

    skipped_operation = ""

    def handle(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        self._skipping = operation == self.skipped_operation
        try:
            return super().handle(operation, params)
        finally:
            self._skipping = False

    def check_password_policy(self, password, password_policy):
        return None if getattr(self, "_skipping", False) else super().check_password_policy(password, password_policy)


# --- recovery channel ---------------------------------------------------------------------------

@_mutant("target", "ignores AccountRecoverySetting and always prefers a verified phone",
         "req_default_recovery_channel", "req_account_recovery_channel")
def ignores_recovery_setting():
    class Service(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            return recovery.choose_channel(None, user.attributes)
    return _target(Service)


@_mutant("target", "never falls back to the second recovery mechanism", "req_recovery_priority_fallback")
def no_priority_fallback():
    class Service(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            first = recovery.ordered_mechanisms(pool.recovery_mechanisms)[:1]
            return recovery.choose_channel([{"Name": n, "Priority": 1} for n in first], user.attributes)
    return _target(Service)


@_mutant("target", "falls back to any verified channel outside the recovery setting",
         "req_recovery_single_channel_no_fallback")
def falls_back_outside_setting():
    class Service(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            return super().choose_recovery_channel(pool, user) or recovery.choose_channel(None, user.attributes)
    return _target(Service)


@_mutant("target", "sends a code even when recovery is admin_only", "req_account_recovery_none")
def admin_only_ignored():
    class Service(UserPoolService):
        def recovery_is_admin_only(self, pool):
            return False

        def choose_recovery_channel(self, pool, user):
            return recovery.choose_channel(None, user.attributes)
    return _target(Service)


@_mutant("definitions", "email-and-phone login defaults to phone recovery",
         "req_default_recovery_channel", "req_default_recovery_setting")
def email_and_phone_defaults_to_phone():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            if definition.login_with == {"email", "phone"} and definition.account_recovery is None:
                definition = dataclasses.replace(definition, account_recovery="PHONE_ONLY_WITHOUT_MFA")
            return super().synthesize(definition)
    return Definitions()


@_mutant("definitions", "an unknown accountRecovery value silently becomes the default",
         "req_unknown_account_recovery_rejected")
def unknown_recovery_falls_back():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            if definition.account_recovery not in (None, *recovery_values()):
                definition = dataclasses.replace(definition, account_recovery=None)
            return super().synthesize(definition)
    return Definitions()


@_mutant("definitions", "accepts a backend with no login option (as an email pool)", "req_login_option_required")
def login_option_not_required():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            if not definition.login_with:
                definition = dataclasses.replace(definition, login_with=frozenset({"email"}))
            return super().synthesize(definition)
    return Definitions()


def recovery_values():
    from conformance.definitions import ACCOUNT_RECOVERY_VALUES
    return ACCOUNT_RECOVERY_VALUES


# --- resetPassword and user existence ------------------------------------------------------------

@_mutant("target", "returns the destination unmasked",
         "req_email_destination_hidden", "req_phone_destination_hidden")
def unmasked_destination():
    class Service(UserPoolService):
        def mask_destination(self, attribute_name, value):
            return value
    return _target(Service)


@_mutant("target", "masks email addresses with four stars, as AWS's example shows", "req_email_destination_masked",
         gate_fails=False)
def four_star_email_mask():
    class Service(UserPoolService):
        def mask_destination(self, attribute_name, value):
            masked = super().mask_destination(attribute_name, value)
            return masked.replace("***", "****") if attribute_name == "email" else masked
    return _target(Service)


@_mutant("target", "masks one character of each part only (h*llo@m*company.com, +155555*6828)",
         "req_email_destination_hidden", "req_phone_destination_hidden")
def partly_masked_destination():
    class Service(UserPoolService):
        def mask_destination(self, attribute_name, value):
            if attribute_name == "email":
                local, _, domain = value.rpartition("@")
                return f"{local[:1]}*{local[2:]}@{domain[:1]}*{domain[2:]}"
            return f"{value[:-5]}*{value[-4:]}"
    return _target(Service)


@_mutant("target", "keeps the top-level domain in email masks, as AWS's CLI example does (t***@t***.com)",
         "req_email_destination_masked", gate_fails=False)
def email_mask_keeps_top_level_domain():
    class Service(UserPoolService):
        def mask_destination(self, attribute_name, value):
            masked = super().mask_destination(attribute_name, value)
            return f"{masked}.{value.rsplit('.', 1)[1]}" if attribute_name == "email" else masked
    return _target(Service)


@_mutant("target", "gives the name asked for, unmasked, as the destination of a simulated delivery",
         "req_unknown_user_destination_masked")
def simulated_destination_unmasked():
    class Service(UserPoolService):
        def simulate_code_delivery(self, pool, username):
            return {**super().simulate_code_delivery(pool, username), "Destination": username}
    return _target(Service)


@_mutant("target", "reveals unknown users even when user existence errors are prevented",
         "req_unknown_user_prevented", "req_confirm_unknown_user_prevented")
def unknown_user_leaked():
    class Service(UserPoolService):
        def handle(self, operation, params):
            client = self.clients.get(params.get("ClientId", ""))
            if operation in ("ForgotPassword", "ConfirmForgotPassword") and client is not None:
                if self.find_user(self.pools[client.pool_id], params.get("Username", "")) is None:
                    raise errors.user_not_found(errors.USERNAME_CLIENT_NOT_FOUND)
            return super().handle(operation, params)
    return _target(Service)


@_mutant("definitions", "deploys the app client with user existence errors revealed",
         "req_app_client_prevents_user_existence_errors", "req_unknown_user_prevented")
def user_existence_errors_revealed():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            synthesized = super().synthesize(definition)
            client = {**synthesized.client, "PreventUserExistenceErrors": "LEGACY"}
            return dataclasses.replace(synthesized, client=client)
    return Definitions()


@_mutant("target", "lets a user with a temporary password reset it", "req_temporary_password_user_cannot_reset")
def temporary_password_user_can_reset():
    class Service(UserPoolService):
        def forgot_password(self, params):
            client = self.clients.get(params.get("ClientId", ""))
            user = self.find_user(self.pools[client.pool_id], params.get("Username", "")) if client else None
            with _status(user, "CONFIRMED"):
                return super().forgot_password(params)
    return _target(Service)


@contextlib.contextmanager
def _status(user, status):
    if user is None or user.status == status:
        yield
        return
    original, user.status = user.status, status
    try:
        yield
    finally:
        if user.status == status:
            user.status = original


@_mutant("target", "answers a user without a verified channel with a simulated delivery instead of an error",
         "req_no_verified_channel")
def no_channel_simulated():
    class Service(UserPoolService):
        def forgot_password(self, params):
            try:
                return super().forgot_password(params)
            except errors.ServiceError as error:
                if error.code != "InvalidParameterException":
                    raise
                client = self.clients[params["ClientId"]]
                return {"CodeDeliveryDetails": self.simulate_code_delivery(self.pools[client.pool_id], params["Username"])}
    return _target(Service)


@_mutant("client", "resetPassword reports DONE instead of the code step", "req_reset_always_code_step")
def reports_done():
    class Client(PythonAmplifyClient):
        def reset_password(self, username, **options):
            output = super().reset_password(username, **options)
            output["nextStep"]["resetPasswordStep"] = "DONE"
            output["isPasswordReset"] = True
            return output
    return Client


@_mutant("client", "sends resetPassword with an empty username to the service", "req_reset_empty_username")
def no_empty_username_check():
    class Client(PythonAmplifyClient):
        def reset_password(self, username, **options):
            if not username:
                self._call("forgot_password", ClientId=self._client_id, Username=" ")
            return super().reset_password(username, **options)
    return Client


@_mutant("client", "checks the code before the new password", "req_confirm_empty_inputs")
def confirm_validation_order_swapped():
    class Client(PythonAmplifyClient):
        def confirm_reset_password(self, username, confirmation_code, new_password, **options):
            if username and not confirmation_code:
                raise AuthError("EmptyConfirmResetPasswordConfirmationCode", "confirmationCode is required")
            return super().confirm_reset_password(username, confirmation_code, new_password, **options)
    return Client


@_mutant("client", "updatePassword calls the service without a session",
         "req_update_signed_out")
def update_without_session_check():
    class Client(PythonAmplifyClient):
        def update_password(self, old_password, new_password):
            if self._tokens is None and old_password and new_password:
                self._call("change_password", AccessToken="not-a-token", PreviousPassword=old_password,
                           ProposedPassword=new_password)
            return super().update_password(old_password, new_password)
    return Client


# --- codes ----------------------------------------------------------------------------------------------

@_mutant("target", "accepts any code", "req_confirm_wrong_code")
def wrong_code_accepted():
    class Service(UserPoolService):
        def verify_code(self, pending, code):
            return True
    return _target(Service)


@_mutant("target", "answers a wrong code with NotAuthorizedException", "req_confirm_wrong_code")
def wrong_code_wrong_error():
    class Service(UserPoolService):
        def handle(self, operation, params):
            try:
                return super().handle(operation, params)
            except errors.ServiceError as error:
                if error.code == "CodeMismatchException":
                    raise errors.not_authorized("Invalid code") from None
                raise
    return _target(Service)


@_mutant("target", "codes never expire", "req_confirm_expired_code")
def codes_never_expire():
    class Service(UserPoolService):
        def code_expired(self, pending):
            return False
    return _target(Service)


@_mutant("target", "codes expire after 30 minutes", "req_confirm_code_valid_for_an_hour")
def codes_expire_early():
    class Service(UserPoolService):
        def code_expired(self, pending):
            return self.clock.now() - pending.issued_at > 1800
    return _target(Service)


@_mutant("target", "a second request delivers a new code but keeps the first one pending",
         "req_confirm_newest_code_works", gate_fails=False)
def newest_code_ignored():
    class Service(UserPoolService):
        def forgot_password(self, params):
            client = self.clients.get(params.get("ClientId", ""))
            user = self.find_user(self.pools[client.pool_id], params.get("Username", "")) if client else None
            kept = user.reset_code if user is not None else None
            response = super().forgot_password(params)
            if kept is not None:
                user.reset_code = kept
            return response
    return _target(Service)


@_mutant("target", "confirming with no code ever requested reports a code mismatch",
         "req_confirm_without_requesting_a_code")
def no_pending_code_mismatch():
    class Service(UserPoolService):
        def handle(self, operation, params):
            try:
                return super().handle(operation, params)
            except errors.ServiceError as error:
                if operation == "ConfirmForgotPassword" and error.code == "ExpiredCodeException":
                    raise errors.code_mismatch() from None
                raise
    return _target(Service)


# --- passwords change -------------------------------------------------------------------------------------

@_mutant("target", "the old password keeps working after a change",
         "req_confirm_reset_sets_password", "req_update_changes_password")
def old_password_still_valid():
    class Service(UserPoolService):
        def _set_password(self, user, password, status):
            previous = user.password
            super()._set_password(user, password, status)
            user.password = _EitherPassword(previous, user.password)
    return _target(Service)


@dataclass(frozen=True)
class _EitherPassword:
    first: StoredPassword
    second: StoredPassword

    def matches(self, password: str) -> bool:
        return self.first.matches(password) or self.second.matches(password)


@_mutant("target", "changePassword ignores the previous password", "req_update_wrong_current_password")
def previous_password_ignored():
    class Service(UserPoolService):
        def change_password(self, params):
            _, user = self._authenticate(params.get("AccessToken", ""))
            with _accepting_any_password(user):
                return super().change_password(params)
    return _target(Service)


@contextlib.contextmanager
def _accepting_any_password(user):
    original = user.password

    class Any_:
        def matches(self, password):
            return True
    user.password = Any_()
    try:
        yield
    finally:
        if isinstance(user.password, Any_):
            user.password = original


@_mutant("target", "a global sign-out revokes nothing", "req_update_revoked_session")
def revocation_ignored():
    class Service(UserPoolService):
        def revokes_on_global_sign_out(self, user):
            return set()
    return _target(Service)


# --- password policy -------------------------------------------------------------------------------------

@_mutant("target", "confirmForgotPassword skips the password policy",
         "req_default_policy_rules", "req_policy_on_confirm_keeps_old_password")
def policy_skipped_on_confirm():
    class Service(_SkipsPolicyDuring):
        skipped_operation = "ConfirmForgotPassword"
    return _target(Service)


@_mutant("target", "changePassword skips the password policy", "req_update_enforces_policy")
def policy_skipped_on_change():
    class Service(_SkipsPolicyDuring):
        skipped_operation = "ChangePassword"
    return _target(Service)


@_mutant("target", "accepts a password one character shorter than the minimum",
         "req_default_policy_rules", "req_minimum_length_boundaries", "req_seed_minimum_length_override")
def minimum_length_off_by_one():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            return super().check_password_policy(password + "a", password_policy) and \
                super().check_password_policy(password, password_policy)
    return _target(Service)


@_mutant("target", "ignores RequireSymbols", "req_default_policy_requires_symbols")
def symbols_not_required():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            relaxed = dataclasses.replace(password_policy, require_symbols=False)
            return super().check_password_policy(password, relaxed)
    return _target(Service)


@_mutant("target", "does not count the backslash as a symbol", "req_symbol_set")
def backslash_not_a_symbol():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            return super().check_password_policy(password.replace("\\", "a"), password_policy)
    return _target(Service)


@_mutant("target", "does not count an inner space as a symbol", "req_inner_space_is_a_symbol")
def inner_space_not_a_symbol():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            return super().check_password_policy(password.replace(" ", "a"), password_policy)
    return _target(Service)


@_mutant("target", "counts any non-alphanumeric character as a symbol", "req_other_characters_are_not_symbols")
def any_punctuation_is_a_symbol():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            widened = "".join("!" if not c.isalnum() and not c.isspace() else c for c in password)
            return super().check_password_policy(widened, password_policy)
    return _target(Service)


@_mutant("target", "accepts trailing whitespace", "req_surrounding_whitespace_refused")
def trailing_whitespace_allowed():
    class Service(UserPoolService):
        def check_password_shape(self, password, field):
            super().check_password_shape(password.rstrip() or password, field)

        def check_password_policy(self, password, password_policy):
            return super().check_password_policy(password.rstrip(), password_policy)
    return _target(Service)


@_mutant("target", "refuses passwords of 256 characters", "req_maximum_password_length")
def maximum_length_off_by_one():
    class Service(UserPoolService):
        def check_password_shape(self, password, field):
            if len(password) >= policy.MAX_PASSWORD_LENGTH:
                raise errors.invalid_parameter("password too long")
            super().check_password_shape(password, field)
    return _target(Service)


@_mutant("target", "counts any Unicode upper or lower case letter", "req_basic_latin_case")
def unicode_case_counts():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            folded = "".join("A" if c.isupper() else "a" if c.islower() else c for c in password)
            return super().check_password_policy(folded, password_policy)
    return _target(Service)


@_mutant("target", "normalizes a password (NFKC) before checking it, so full-width Latin letters count as Basic Latin",
         "req_basic_latin_case")
def full_width_letters_count():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            return super().check_password_policy(unicodedata.normalize("NFKC", password), password_policy)
    return _target(Service)


@_mutant("target", "accepts a minimum length of 5 at pool creation", "req_minimum_length_range_service",
         "req_minimum_length_range_definition")
def minimum_length_range_unchecked():
    class Service(UserPoolService):
        def create_user_pool(self, params):
            requested = params.get("Policies", {}).get("PasswordPolicy", {}).get("MinimumLength")
            if requested == 5:
                params = {**params, "Policies": {"PasswordPolicy": {**params["Policies"]["PasswordPolicy"],
                                                                    "MinimumLength": 6}}}
            return super().create_user_pool(params)
    return _target(Service)


@_mutant("definitions", "lets a property override of the minimum length reach amplify_outputs",
         "req_override_not_in_outputs")
def override_reaches_outputs():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            synthesized = super().synthesize(definition)
            minimum = synthesized.pool["Policies"]["PasswordPolicy"]["MinimumLength"]
            outputs = {**synthesized.outputs,
                       "password_policy": {**synthesized.outputs["password_policy"], "min_length": minimum}}
            return dataclasses.replace(synthesized, outputs=outputs)
    return Definitions()


@_mutant("definitions", "drops the other rules when the minimum length is overridden",
         "req_override_keeps_other_rules")
def override_drops_rules():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            synthesized = super().synthesize(definition)
            if definition.pool_overrides:
                pool = {**synthesized.pool, "Policies": {"PasswordPolicy": {
                    "MinimumLength": synthesized.pool["Policies"]["PasswordPolicy"]["MinimumLength"]}}}
                return dataclasses.replace(synthesized, pool=pool)
            return synthesized
    return Definitions()


@_mutant("definitions", "deploys the default policy the May 2024 page lists, without the symbol rule",
         "req_seed_default_policy_with_symbols", "req_default_policy_requires_symbols", "req_default_policy_deployed")
def default_policy_without_symbols():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            synthesized = super().synthesize(definition)
            if definition.assigned_password_policy is not None:
                return synthesized
            policy_settings = {**synthesized.pool["Policies"]["PasswordPolicy"], "RequireSymbols": False}
            pool = {**synthesized.pool, "Policies": {"PasswordPolicy": policy_settings}}
            return dataclasses.replace(synthesized, pool=pool)
    return Definitions()


@_mutant("definitions", "an assigned cfnUserPool.policies loses its temporaryPasswordValidityDays",
         "req_seed_policies_assignment")
def assigned_validity_dropped():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            if definition.assigned_password_policy is not None:
                kept = tuple(p for p in definition.assigned_password_policy if p[0] != "TemporaryPasswordValidityDays")
                definition = dataclasses.replace(definition, assigned_password_policy=kept)
            return super().synthesize(definition)
    return Definitions()


@_mutant("definitions", "clamps a minimum length outside 6 to 99 into the range, so the backend deploys",
         "req_minimum_length_range_definition")
def definition_range_unchecked():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            overrides = tuple((p, min(max(v, 6), 99)) if p.endswith("MinimumLength") else (p, v)
                              for p, v in definition.pool_overrides)
            return super().synthesize(dataclasses.replace(definition, pool_overrides=overrides))
    return Definitions()


# --- temporary passwords -----------------------------------------------------------------------------------

@_mutant("target", "temporary passwords never expire", "req_temporary_password_expires_after_7_days")
def temporary_password_never_expires():
    class Service(UserPoolService):
        def temporary_password_expired(self, pool, user):
            return False
    return _target(Service)


@_mutant("target", "refuses an expired temporary password with a message no public report quotes",
         "req_temporary_password_expiry_message", gate_fails=False)
def temporary_password_expiry_unsourced_message():
    class Service(UserPoolService):
        def _password_auth(self, pool, client, auth_parameters):
            try:
                return super()._password_auth(pool, client, auth_parameters)
            except errors.ServiceError as error:
                if error.message != errors.TEMPORARY_PASSWORD_EXPIRED:
                    raise
                raise errors.not_authorized("Temporary password has expired and must be reset by an administrator.") \
                    from None
    return _target(Service)


@_mutant("target", "temporary passwords last 3 days, as the seed page says", "req_temporary_password_valid_7_days")
def temporary_password_3_days():
    class Service(UserPoolService):
        def temporary_password_expired(self, pool, user):
            return self.clock.now() - user.password_set_at > 3 * 86400
    return _target(Service)


# --- added to prove every requirement ----------------------------------------------------------------------

@_mutant("definitions", "spells PHONE_AND_EMAIL out as phone first, then email, instead of leaving the setting out",
         "req_account_recovery_setting")
def phone_and_email_spelled_out():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            synthesized = super().synthesize(definition)
            if definition.account_recovery == "PHONE_AND_EMAIL":
                mechanisms = [{"Name": "verified_phone_number", "Priority": 1}, {"Name": "verified_email", "Priority": 2}]
                pool = {**synthesized.pool, "AccountRecoverySetting": {"RecoveryMechanisms": mechanisms}}
                return dataclasses.replace(synthesized, pool=pool)
            return synthesized
    return Definitions()


@_mutant("definitions", "email login defaults to email then phone, so EMAIL_ONLY is no longer the default",
         "req_override_email_only_is_default", "req_default_recovery_setting")
def email_login_defaults_to_two_channels():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            if definition.login_with == {"email"} and definition.account_recovery is None:
                definition = dataclasses.replace(definition, account_recovery="EMAIL_AND_PHONE_WITHOUT_MFA")
            return super().synthesize(definition)
    return Definitions()


@_mutant("client", "resetPassword reports an undocumented next step", "req_reset_next_step_documented")
def undocumented_next_step():
    class Client(PythonAmplifyClient):
        def reset_password(self, username, **options):
            output = super().reset_password(username, **options)
            output["nextStep"]["resetPasswordStep"] = "CONFIRM_RESET_PASSWORD"
            return output
    return Client


@_mutant("target", "leaves AttributeName out of CodeDeliveryDetails", "req_reset_delivery_details")
def delivery_attribute_missing():
    class Service(UserPoolService):
        def deliver_code(self, user, channel, code):
            details = super().deliver_code(user, channel, code)
            details.pop("AttributeName")
            return details
    return _target(Service)


@_mutant("target", "hides unknown and disabled users even when the app client reveals user existence errors",
         "req_unknown_user_revealed", "req_confirm_unknown_user_revealed", "req_disabled_user_revealed")
def legacy_mode_ignored():
    class Service(UserPoolService):
        def handle(self, operation, params):
            client = self.clients.get(params.get("ClientId", "")) if isinstance(params, dict) else None
            if client is None or operation not in ("ForgotPassword", "ConfirmForgotPassword"):
                return super().handle(operation, params)
            configured, client.prevent_user_existence_errors = client.prevent_user_existence_errors, "ENABLED"
            try:
                return super().handle(operation, params)
            finally:
                client.prevent_user_existence_errors = configured
    return _target(Service)


@_mutant("target", "sends the code to an unverified email address", "req_no_verified_channel_prevented")
def unverified_channel_used():
    class Service(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            chosen = super().choose_recovery_channel(pool, user)
            if chosen is None and user.attributes.get("email"):
                return recovery.EMAIL
            return chosen
    return _target(Service)


@_mutant("target", "a password reset signs the user out everywhere", "req_confirm_keeps_other_sessions",
         gate_fails=False)
def reset_revokes_sessions():
    class Service(UserPoolService):
        def confirm_forgot_password(self, params):
            response = super().confirm_forgot_password(params)
            client = self.clients[params["ClientId"]]
            user = self.find_user(self.pools[client.pool_id], params["Username"])
            self.revoked_origins |= set(user.origin_jtis)
            return response
    return _target(Service)


@_mutant("client", "updatePassword sends an empty current password to the service", "req_update_empty_inputs")
def update_sends_empty_old_password():
    class Client(PythonAmplifyClient):
        def update_password(self, old_password, new_password):
            if not old_password and new_password and self._tokens is not None:
                self._call("change_password", AccessToken=self._tokens["AccessToken"], PreviousPassword=" x",
                           ProposedPassword=new_password)
            return super().update_password(old_password, new_password)
    return Client


@_mutant("target", "DescribeUserPool leaves TemporaryPasswordValidityDays out of the policy",
         "req_default_temporary_validity_described", "req_seed_policies_assignment")
def validity_days_not_described():
    class Service(UserPoolService):
        def describe_user_pool(self, params):
            described = super().describe_user_pool(params)
            described["UserPool"]["Policies"]["PasswordPolicy"].pop("TemporaryPasswordValidityDays", None)
            return described
    return _target(Service)


@_mutant("target", "refuses a wrong password at sign-in with InvalidPasswordException",
         "req_replaced_password_refused_as_incorrect")
def wrong_password_error_code():
    class Service(UserPoolService):
        def handle(self, operation, params):
            try:
                return super().handle(operation, params)
            except errors.ServiceError as error:
                if operation == "InitiateAuth" and error.message == "Incorrect username or password.":
                    raise errors.ServiceError("InvalidPasswordException", "Invalid password") from None
                raise
    return _target(Service)


@_mutant("target", "sends the code over both verified channels", "req_recovery_one_channel_only")
def both_channels_used():
    class Service(UserPoolService):
        def deliver_code(self, user, channel, code):
            details = super().deliver_code(user, channel, code)
            other = recovery.SMS if channel is recovery.EMAIL else recovery.EMAIL
            if recovery.channel_applies(other, user.attributes):
                super().deliver_code(user, other, code)
            return details
    return _target(Service)


@_mutant("target", "answers resetPassword in an admin_only pool with a simulated delivery",
         "req_account_recovery_none_refused", gate_fails=False)
def admin_only_simulated():
    class Service(UserPoolService):
        def forgot_password(self, params):
            try:
                return super().forgot_password(params)
            except errors.ServiceError as error:
                if error.message != errors.ADMIN_ONLY_RECOVERY:
                    raise
                client = self.clients[params["ClientId"]]
                return {"CodeDeliveryDetails": {"Destination": "x***@x***", "DeliveryMedium": "EMAIL",
                                                "AttributeName": "email"}}
    return _target(Service)


@_mutant("target", "accepts admin_only combined with another mechanism (keeping only admin_only)",
         "req_admin_only_stands_alone")
def admin_only_combination_accepted():
    class Service(UserPoolService):
        def create_user_pool(self, params):
            mechanisms = params.get("AccountRecoverySetting", {}).get("RecoveryMechanisms", [])
            if any(m.get("Name") == "admin_only" for m in mechanisms) and len(mechanisms) > 1:
                params = {**params, "AccountRecoverySetting": {"RecoveryMechanisms": [
                    {"Name": "admin_only", "Priority": 1}]}}
            return super().create_user_pool(params)
    return _target(Service)


@_mutant("target", "words every error message its own way",
         "req_confirm_error_messages", "req_expired_code_message", "req_reset_error_messages",
         "req_update_error_messages", "req_temporary_password_expiry_message", gate_fails=False)
def error_messages_reworded():
    class Service(UserPoolService):
        def handle(self, operation, params):
            try:
                return super().handle(operation, params)
            except errors.ServiceError as error:
                raise errors.ServiceError(error.code, f"{operation} failed: {error.code}", error.status) from None
    return _target(Service)


@_mutant("target", "tells a disabled user so on ConfirmForgotPassword even when user existence errors are prevented",
         "req_confirm_disabled_user_prevented")
def disabled_user_revealed_on_confirm():
    class Service(UserPoolService):
        def confirm_forgot_password(self, params):
            client = self.clients.get(params.get("ClientId", ""))
            user = self.find_user(self.pools[client.pool_id], params.get("Username", "")) if client else None
            if user is not None and not user.enabled:
                raise errors.not_authorized(errors.USER_DISABLED)
            return super().confirm_forgot_password(params)
    return _target(Service)


@_mutant("target", "lists every rule a password breaks in one message", "req_policy_refusal_names_one_rule",
         gate_fails=False)
def every_broken_rule_listed():
    class Service(UserPoolService):
        def check_password_policy(self, password, password_policy):
            first = super().check_password_policy(password, password_policy)
            if first is None:
                return None
            broken = [first]
            for rule in ("require_lowercase", "require_uppercase", "require_numbers", "require_symbols"):
                flags = dict.fromkeys(("require_lowercase", "require_uppercase", "require_numbers",
                                       "require_symbols"), False) | {rule: getattr(password_policy, rule)}
                only = dataclasses.replace(password_policy, minimum_length=1, **flags)
                reason = super().check_password_policy(password, only)
                if reason and reason not in broken:
                    broken.append(reason)
            return "; ".join(broken)
    return _target(Service)


@_mutant("target", "accepts temporary passwords valid for 366 days (keeping 365)", "req_temporary_validity_range_service")
def validity_range_unchecked():
    class Service(UserPoolService):
        def create_user_pool(self, params):
            policy_settings = params.get("Policies", {}).get("PasswordPolicy", {})
            if policy_settings.get("TemporaryPasswordValidityDays", 0) > 365:
                params = {**params, "Policies": {"PasswordPolicy": {**policy_settings,
                                                                    "TemporaryPasswordValidityDays": 365}}}
            return super().create_user_pool(params)
    return _target(Service)


@_mutant("target", "DescribeUserPool reports RequireSymbols false although the pool requires symbols",
         "req_default_policy_deployed")
def symbols_described_as_off():
    class Service(UserPoolService):
        def describe_user_pool(self, params):
            described = super().describe_user_pool(params)
            described["UserPool"]["Policies"]["PasswordPolicy"]["RequireSymbols"] = False
            return described
    return _target(Service)


@_mutant("target", "enforces no limit on password changes", "req_update_rate_limit")
def password_changes_unlimited():
    class Service(UserPoolService):
        def password_changes_exhausted(self, user):
            return False
    return _target(Service)


# --- the life of a reset code -------------------------------------------------------------------

@_mutant("target", "accepts a code pending for any user of the pool", "req_code_bound_to_user")
def code_accepted_from_any_user():
    class Service(UserPoolService):
        def confirm_forgot_password(self, params):
            pool, user = _named_user(self, params)
            owner = next((u for u in pool.users.values()
                          if u.reset_code is not None and u.reset_code.code == params.get("ConfirmationCode")), None)
            if user is not None and user.reset_code is not None and owner is not None:
                user.reset_code = dataclasses.replace(user.reset_code, code=owner.reset_code.code)
            return super().confirm_forgot_password(params)
    return _target(Service)


@_mutant("target", "a user who asked for no code is checked against every code pending in the pool",
         "req_code_needs_own_request")
def code_without_request_accepted():
    class Service(UserPoolService):
        def confirm_forgot_password(self, params):
            pool, user = _named_user(self, params)
            owner = next((u for u in pool.users.values()
                          if u.reset_code is not None and u.reset_code.code == params.get("ConfirmationCode")), None)
            if user is not None and user.reset_code is None and owner is not None:
                user.reset_code = dataclasses.replace(owner.reset_code)
            return super().confirm_forgot_password(params)
    return _target(Service)


@_mutant("target", "keeps a code valid after it completed a reset", "req_code_single_use", gate_fails=False)
def code_reusable():
    class Service(UserPoolService):
        def confirm_forgot_password(self, params):
            pool, user = _named_user(self, params)
            pending = user.reset_code if user is not None else None
            answer = super().confirm_forgot_password(params)
            if user is not None:
                user.reset_code = pending
            return answer
    return _target(Service)


@_mutant("target", "sends the same code every time", "req_code_not_reused", "req_code_bound_to_user")
def constant_code():
    class Service(UserPoolService):
        def generate_code(self):
            return "246810"
    return _target(Service)


@_mutant("target", "sends eight-digit codes", "req_code_shape", gate_fails=False)
def eight_digit_codes():
    class Service(UserPoolService):
        def generate_code(self):
            return super().generate_code() + "00"
    return _target(Service)


@_mutant("target", "lets a user guess codes without limit", "req_wrong_codes_limited")
def code_guessing_unlimited():
    class Service(UserPoolService):
        def code_attempts_exhausted(self, user):
            return False
    return _target(Service)


@_mutant("target", "still accepts the right code once guessing is used up", "req_wrong_codes_limited")
def limit_spares_the_right_code():
    class Service(UserPoolService):
        def confirm_forgot_password(self, params):
            pool, user = _named_user(self, params)
            if user is not None and user.reset_code is not None and \
                    user.reset_code.code == params.get("ConfirmationCode"):
                user.code_failures.clear()
            return super().confirm_forgot_password(params)
    return _target(Service)


@_mutant("target", "sends reset codes without limit", "req_reset_requests_limited")
def reset_requests_unlimited():
    class Service(UserPoolService):
        def reset_requests_exhausted(self, user):
            return False
    return _target(Service)


# --- disabled, administrator-reset and differently written accounts --------------------------------

@_mutant("target", "sends a disabled user a code", "req_disabled_user_gets_no_code")
def disabled_user_gets_code():
    class Service(UserPoolService):
        def forgot_password(self, params):
            pool, user = _named_user(self, params)
            if user is None or user.enabled:
                return super().forgot_password(params)
            user.enabled = True
            try:
                return super().forgot_password(params)
            finally:
                user.enabled = False
    return _target(Service)


@_mutant("target", "disabling a user leaves their sessions valid", "req_disabling_ends_sessions")
def disabling_keeps_sessions():
    class Service(UserPoolService):
        def admin_disable_user(self, params):
            _, user = self._admin_user(params)
            kept = set(self.revoked_origins)
            answer = super().admin_disable_user(params)
            self.revoked_origins = kept
            return answer
    return _target(Service)


@_mutant("target", "an administrator's reset sends a code but leaves the old password working",
         "req_admin_reset_requires_new_password")
def admin_reset_keeps_password():
    class Service(UserPoolService):
        def admin_reset_user_password(self, params):
            _, user = self._admin_user(params)
            status = user.status
            answer = super().admin_reset_user_password(params)
            user.status = status
            return answer
    return _target(Service)


@_mutant("target", "an administrator's reset sends a code the service does not accept",
         "req_admin_reset_completed_with_code")
def admin_reset_code_unusable():
    class Service(UserPoolService):
        def admin_reset_user_password(self, params):
            _, user = self._admin_user(params)
            answer = super().admin_reset_user_password(params)
            user.reset_code = None
            return answer
    return _target(Service)


@_mutant("target", "matches usernames and email addresses case-sensitively", "req_username_case_insensitive")
def usernames_case_sensitive():
    class Service(UserPoolService):
        def find_user(self, pool, name):
            user = super().find_user(pool, name)
            if user is None:
                return None
            names = {user.username, user.created_as, user.attributes.get("email"), user.attributes.get("phone_number")}
            return user if name in names else None
    return _target(Service)


# --- every way a password is set ----------------------------------------------------------------------

@_mutant("target", "AdminCreateUser skips the password policy for the temporary password", "req_policy_on_admin_create")
def policy_skipped_on_admin_create():
    class Service(_SkipsPolicyDuring):
        skipped_operation = "AdminCreateUser"
    return _target(Service)


@_mutant("target", "AdminSetUserPassword skips the password policy", "req_policy_on_admin_set")
def policy_skipped_on_admin_set():
    class Service(_SkipsPolicyDuring):
        skipped_operation = "AdminSetUserPassword"
    return _target(Service)


@_mutant("target", "SignUp skips the password policy", "req_policy_on_sign_up")
def policy_skipped_on_sign_up():
    class Service(_SkipsPolicyDuring):
        skipped_operation = "SignUp"
    return _target(Service)


@_mutant("target", "the new password of a first sign-in skips the password policy", "req_policy_on_first_sign_in")
def policy_skipped_on_first_sign_in():
    class Service(_SkipsPolicyDuring):
        skipped_operation = "RespondToAuthChallenge"
    return _target(Service)


@_mutant("target", "a temporary password signs the user in without asking for a new one",
         "req_first_sign_in_asks_for_new_password")
def temporary_password_signs_in():
    class Service(UserPoolService):
        def _new_password_challenge(self, pool, client, user):
            return {"ChallengeParameters": {}, "AuthenticationResult": self._issue_tokens(pool, client, user)}
    return _target(Service)


@_mutant("target", "the first sign-in's new password signs the user in but the temporary one stays the password",
         "req_first_sign_in_sets_password")
def first_password_not_kept():
    class Service(UserPoolService):
        def respond_to_auth_challenge(self, params):
            pool, _ = self._client(params)
            user = self.find_user(pool, (params.get("ChallengeResponses") or {}).get("USERNAME", ""))
            kept = user.password if user is not None else None
            answer = super().respond_to_auth_challenge(params)
            if user is not None:
                user.password = kept
            return answer
    return _target(Service)


@_mutant("target", "a resent invitation keeps the expired validity of the first one", "req_expired_invitation_resent")
def resent_invitation_keeps_expiry():
    class Service(UserPoolService):
        def _resend_invitation(self, pool, name, temporary):
            user = self.find_user(pool, name)
            set_at = user.password_set_at if user is not None else None
            answer = super()._resend_invitation(pool, name, temporary)
            if user is not None:
                user.password_set_at = set_at
            return answer
    return _target(Service)


# --- password history, SMS MFA in recovery, clientMetadata ----------------------------------------------

@_mutant("target", "keeps no password history: a recent password is accepted again", "req_password_history_enforced")
def password_history_ignored():
    class Service(UserPoolService):
        def password_in_history(self, pool, user, password):
            return False
    return _target(Service)


@_mutant("target", "ConfirmForgotPassword skips the password history", "req_password_history_enforced")
def password_history_skipped_on_reset():
    class Service(UserPoolService):
        resetting = False

        def confirm_forgot_password(self, params):
            self.resetting = True
            try:
                return super().confirm_forgot_password(params)
            finally:
                self.resetting = False

        def password_in_history(self, pool, user, password):
            return not self.resetting and super().password_in_history(pool, user, password)
    return _target(Service)


@_mutant("target", "a password history refuses every earlier password, however old", "req_password_history_window")
def password_history_unbounded():
    class Service(UserPoolService):
        def password_in_history(self, pool, user, password):
            remembered = [user.password, *user.earlier_passwords] if pool.policy.remembered_passwords else []
            return any(stored.matches(password) for stored in remembered)
    return _target(Service)


@_mutant("target", "a pool without a password history remembers the last 24 passwords",
         "req_password_history_off_by_default")
def password_history_by_default():
    class Service(UserPoolService):
        def password_in_history(self, pool, user, password):
            return any(stored.matches(password) for stored in user.recent_passwords(24))
    return _target(Service)


@_mutant("definitions", "drops the override of PasswordHistorySize", "req_password_history_deployed",
         "req_password_history_enforced")
def password_history_override_dropped():
    class Definitions(ReferenceDefinitions):
        def synthesize(self, definition):
            kept = tuple((path, value) for path, value in definition.pool_overrides
                         if not path.endswith(".PasswordHistorySize"))
            return super().synthesize(dataclasses.replace(definition, pool_overrides=kept))
    return Definitions()


@_mutant("target", "a user pool on the Lite plan accepts a password history", "req_password_history_needs_essentials",
         gate_fails=False)
def lite_pool_keeps_history():
    class Service(UserPoolService):
        def create_user_pool(self, params):
            if params.get("UserPoolTier") == "LITE":
                params = {**params, "UserPoolTier": "ESSENTIALS"}
            return super().create_user_pool(params)
    return _target(Service)


@_mutant("target", "sends the reset code by SMS to a phone that is the user's SMS MFA method",
         "req_sms_mfa_recovery_by_email", "req_sms_mfa_recovery_no_channel")
def sms_mfa_phone_recovers():
    class Service(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            return recovery.choose_channel(pool.recovery_mechanisms, user.attributes)
    return _target(Service)


@_mutant("target", "leaves out the SMS MFA phone even in a pool without a recovery setting",
         "req_sms_mfa_recovery_without_setting")
def sms_mfa_phone_left_out_without_setting():
    class Service(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            legacy = [{"Name": name, "Priority": rank} for rank, name in enumerate(recovery.LEGACY_ORDER, 1)]
            return recovery.choose_channel(pool.recovery_mechanisms or legacy, user.attributes, sms_mfa=user.sms_mfa)
    return _target(Service)


@_mutant("client", "resetPassword does not send the caller's clientMetadata", "req_client_metadata_passed_on")
def reset_drops_client_metadata():
    class Client(PythonAmplifyClient):
        def reset_password(self, username, client_metadata=None):
            return super().reset_password(username)
    return Client


@_mutant("target", "ConfirmForgotPassword hands its triggers no ClientMetadata", "req_client_metadata_passed_on")
def confirm_client_metadata_dropped():
    class Service(UserPoolService):
        def hand_to_triggers(self, user, operation, params):
            if operation != "ConfirmForgotPassword":
                super().hand_to_triggers(user, operation, params)
    return _target(Service)


# --- codes replaced by a newer request, and unconfirmed users ------------------------------------------

@_mutant("target", "keeps every code a user was sent valid, not only the newest", "req_older_code_replaced",
         gate_fails=False)
def older_codes_stay_valid():
    class Service(UserPoolService):
        def confirm_forgot_password(self, params):
            pool, user = _named_user(self, params)
            sent = {d.code for d in user.deliveries} if user is not None else set()
            if user is not None and user.reset_code is not None and params.get("ConfirmationCode") in sent:
                user.reset_code = dataclasses.replace(user.reset_code, code=params["ConfirmationCode"])
            return super().confirm_forgot_password(params)
    return _target(Service)


@_mutant("target", "sends a reset code to an unconfirmed user's unverified email address",
         "req_unconfirmed_user_gets_no_code")
def unconfirmed_user_gets_code():
    class Service(UserPoolService):
        def choose_recovery_channel(self, pool, user):
            if user.status != "UNCONFIRMED":
                return super().choose_recovery_channel(pool, user)
            attributes = {**user.attributes, "email_verified": "true", "phone_number_verified": "true"}
            return recovery.choose_channel(pool.recovery_mechanisms, attributes)
    return _target(Service)
