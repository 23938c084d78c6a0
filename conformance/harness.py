"""One scenario's hands on the system under test.

Steps speak to a Harness only. It offers the set-up verbs (a backend, a user, a session, the
clock), the Amplify verbs whose outcome the scenario judges, and the observations the judgement
needs (the code the target delivered, the pool's settings, whether a password signs in).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from botocore.exceptions import ClientError

from conformance.clients import AmplifyClient, AuthError
from conformance.clients.errors import auth_error_from
from conformance.definitions import AuthDefinition, DefinitionError
from conformance.outcome import Outcome
from conformance.phrases import ContactDetails
from conformance.run_errors import NETWORK_ERROR
from conformance.session import Backend, Session
from conformance.test_data import compliant_password
from targets.contract import ClientMetadataReceived, Delivery

# The suite's users start with a password longer than any minimum the features set below 32.
INITIAL_PASSWORD_LENGTH = 20


class ScenarioSetupError(AssertionError):
    """A step used the harness out of order (e.g. a user before a backend)."""


@dataclass
class TestUser:
    """A user the scenario created (or deliberately did not create)."""

    __test__ = False  # not a pytest test class

    username: str
    email: str | None = None
    phone: str | None = None
    password: str = ""  # the password the user had when the scenario started (or after its set-up)
    registered: bool = True
    earlier_passwords: list[str] = field(default_factory=list)  # the set-up replaced these, oldest first

    def password_before(self, changes: int) -> str:
        """The password the user had ``changes`` password changes ago (1: the one before the current)."""
        if not 0 < changes <= len(self.earlier_passwords):
            raise ScenarioSetupError(f"the user changed their password {len(self.earlier_passwords)} times in "
                                     f"the set-up, not {changes}")
        return self.earlier_passwords[-changes]


class Harness:
    def __init__(self, run: Session) -> None:
        self.run = run
        self._backend: Backend | None = None
        self._user: TestUser | None = None
        self._client: AmplifyClient | None = None
        self.outcome: Outcome | None = None
        self.definition_error: DefinitionError | None = None
        self.provisioning_refusal: AuthError | None = None  # the service refused the definition's pool
        self.new_password: str | None = None
        self.other_user: TestUser | None = None  # a second user of the same pool, where a scenario needs one
        self.code_used: str | None = None  # the code the last confirmation sent
        self.new_account: str | None = None  # the name a call under test tried to create an account under
        self.client_metadata_sent: dict[str, str] | None = None  # the clientMetadata the call under test gave
        self._metadata_request: tuple[str, int] | None = None  # its operation, and the target's log size before

    # --- set-up ---------------------------------------------------------------------------

    def define_backend(self, definition: AuthDefinition) -> None:
        self._backend = self.run.backend(definition)
        self._client = self.run.new_client(self._backend)

    def try_define_backend(self, definition: AuthDefinition) -> None:
        """Define a backend that may not deploy; the definitions' rejection, or the service's refusal to
        provision its pool, is kept for a Then step."""
        try:
            self.define_backend(definition)
        except DefinitionError as error:
            self.definition_error = error
        except ClientError as error:
            self.provisioning_refusal = auth_error_from(error)

    def create_user(self, contact: ContactDetails, *, email: str | None = None, phone: str | None = None,
                    temporary: bool = False) -> TestUser:
        backend = self.backend
        login = backend.definition.login_with
        email = email or (self.run.addresses.email() if contact.email or login == {"email"} else None)
        phone = phone or (self.run.addresses.phone() if contact.phone or login == {"phone"} else None)
        username = email if "email" in login and email else phone
        if username is None:
            raise ScenarioSetupError("a user needs the attribute the backend signs in with")
        attributes = []
        if email:
            attributes += [{"Name": "email", "Value": email},
                           {"Name": "email_verified", "Value": _flag(contact.email_verified)}]
        if phone:
            attributes += [{"Name": "phone_number", "Value": phone},
                           {"Name": "phone_number_verified", "Value": _flag(contact.phone_verified)}]
        password = self._generated_password()
        # A permanent password differs from the invitation's, which a password history may remember.
        invitation = password if temporary else self._generated_password()
        service = self.service
        service.admin_create_user(UserPoolId=backend.pool.pool_id, Username=username, UserAttributes=attributes,
                                  TemporaryPassword=invitation, MessageAction="SUPPRESS")
        if not temporary:
            service.admin_set_user_password(UserPoolId=backend.pool.pool_id, Username=username,
                                            Password=password, Permanent=True)
        self._user = TestUser(username=username, email=email, phone=phone, password=password)
        return self._user

    def create_user_with_email(self, address: str) -> TestUser:
        return self.create_user(ContactDetails(email=True, email_verified=True),
                                email=self.run.addresses.email(address))

    def create_user_with_phone(self, number: str) -> TestUser:
        return self.create_user(ContactDetails(phone=True, phone_verified=True),
                                phone=self.run.addresses.phone(number))

    def unregistered_user(self) -> TestUser:
        login = self.backend.definition.login_with
        name = self.run.addresses.email() if "email" in login else self.run.addresses.phone()
        self._user = TestUser(username=name, registered=False)
        return self._user

    def disable_user(self) -> None:
        self.service.admin_disable_user(UserPoolId=self.backend.pool.pool_id, Username=self.user.username)

    def enable_user(self) -> None:
        self.service.admin_enable_user(UserPoolId=self.backend.pool.pool_id, Username=self.user.username)

    def admin_reset_password(self) -> None:
        """An administrator resets the user's password (AdminResetUserPassword)."""
        self.service.admin_reset_user_password(UserPoolId=self.backend.pool.pool_id, Username=self.user.username)

    def choose_sms_mfa(self) -> None:
        """Set-up: SMS becomes the user's (preferred) multi-factor authentication method."""
        self.service.admin_set_user_mfa_preference(UserPoolId=self.backend.pool.pool_id, Username=self.user.username,
                                                   SMSMfaSettings={"Enabled": True, "PreferredMfa": True})

    def create_other_user(self, contact: ContactDetails) -> TestUser:
        """A second user in the same pool; "the user" stays the one the scenario made first."""
        main, self._user = self._user, None
        try:
            self.other_user = self.create_user(contact)
        finally:
            self._user = main
        return self.other_user

    def other_user_requests_a_code(self) -> None:
        """Set-up: the other user asks for a reset code (the outcome under test is left alone)."""
        outcome, other = self.outcome, self._other()
        requested = self._record(lambda: self.client.reset_password(other.username))
        self.outcome = outcome
        if not requested.succeeded:
            raise ScenarioSetupError(f"resetPassword for the other user, needed as set-up, {requested.describe()}")

    def sign_in(self) -> None:
        result = self.client.sign_in(self.user.username, self.user.password)
        self.run.secrets.remember(self.client.access_token, "token")
        if not result.get("isSignedIn"):
            raise ScenarioSetupError(f"could not sign the user in for set-up: {result}")

    def revoke_sessions_elsewhere(self) -> None:
        """A global sign-out made with the user's token from another device."""
        self.service.global_sign_out(AccessToken=self._access_token())

    def advance_clock(self, seconds: int) -> None:
        self.run.plumbing("its clock", self.run.target.advance_clock, seconds)

    # --- the calls under test -------------------------------------------------------------

    def reset_password(self, username: str | None = None, client_metadata: dict[str, str] | None = None) -> Outcome:
        name = self.user.username if username is None else username
        options = self._client_metadata_option("ForgotPassword", client_metadata)
        return self._record(lambda: self.client.reset_password(name, **options))

    def confirm_reset_password(self, code: str, new_password: str, username: str | None = None,
                               client_metadata: dict[str, str] | None = None) -> Outcome:
        name = self.user.username if username is None else username
        self.new_password = new_password
        self.code_used = code
        options = self._client_metadata_option("ConfirmForgotPassword", client_metadata)
        return self._record(lambda: self.client.confirm_reset_password(name, code, new_password, **options),
                            context=self._policy_context(_NEW_PASSWORD_RULES))

    def confirm_with_delivered_code(self, new_password: str, client_metadata: dict[str, str] | None = None) -> Outcome:
        return self.confirm_reset_password(self.delivered_code(), new_password, client_metadata=client_metadata)

    def confirm_with_other_users_code(self, new_password: str) -> Outcome:
        """The user confirms with the code delivered to the other user of the pool."""
        other = self._other()
        delivery = self.run.plumbing("its code oracle", self.run.target.last_delivery,
                                     self.backend.pool.pool_id, other.username)
        if delivery is None:
            raise ScenarioSetupError("the target delivered no code to the other user")
        self._remember_codes([delivery])
        return self.confirm_reset_password(delivery.code, new_password)

    def confirm_again_with_used_code(self, new_password: str) -> Outcome:
        if self.code_used is None:
            raise ScenarioSetupError("no code was used to confirm a reset yet")
        return self.confirm_reset_password(self.code_used, new_password)

    def guess_codes(self, new_password: str, most: int) -> Outcome:
        """Wrong codes, one after another, until the service answers anything but a code mismatch
        (or ``most`` attempts were made); the outcome of the last attempt."""
        outcome = self.confirm_with_wrong_code(new_password)
        for _ in range(most - 1):
            if outcome.succeeded or outcome.error.name != "CodeMismatchException":
                break
            outcome = self.confirm_with_wrong_code(new_password)
        return outcome

    def request_codes(self, most: int) -> Outcome:
        """resetPassword again and again until it fails (or ``most`` requests were made); the last outcome."""
        outcome = self.reset_password()
        for _ in range(most - 1):
            if not outcome.succeeded:
                break
            outcome = self.reset_password()
        return outcome

    def confirm_with_wrong_code(self, new_password: str) -> Outcome:
        code = self.delivered_code()
        wrong = f"{(int(code) + 1) % 10**len(code):0{len(code)}d}" if code.isdigit() else "000000"
        return self.confirm_reset_password(wrong, new_password)

    def reset_password_to(self, new_password: str) -> Outcome:
        """The whole reset: ask for a code, read it where it was delivered, confirm with it."""
        requested = self.reset_password()
        if not requested.succeeded:
            raise ScenarioSetupError(f"resetPassword, needed before confirming, {requested.describe()}")
        return self.confirm_with_delivered_code(new_password)

    def update_password(self, new_password: str, old_password: str | None = None) -> Outcome:
        old = self.user.password if old_password is None else old_password
        self.new_password = new_password
        return self._record(lambda: self.client.update_password(old, new_password),
                            context=self._policy_context(_NEW_PASSWORD_RULES))

    def change_password_repeatedly(self, times: int) -> None:
        """Set-up: ``times`` successful updatePassword calls; the last password becomes the user's."""
        for _ in range(times):
            new = self._generated_password()
            outcome = self.update_password(new)
            if not outcome.succeeded:
                raise ScenarioSetupError(f"updatePassword, needed as set-up, {outcome.describe()}")
            self.user.earlier_passwords.append(self.user.password)
            self.user.password = new

    def sign_in_with_initial_password(self) -> Outcome:
        return self._record(lambda: self.client.sign_in(self.user.username, self.user.password),
                            context=self._policy_context(("TemporaryPasswordValidityDays",)))

    def admin_create_user_with_password(self, temporary_password: str) -> Outcome:
        """AdminCreateUser of a new user with ``temporary_password``; the name is kept for a Then step."""
        name = self.new_account = self._fresh_sign_in_name()
        attributes = [{"Name": "email", "Value": name}, {"Name": "email_verified", "Value": "true"}] \
            if "@" in name else [{"Name": "phone_number", "Value": name}]
        self.new_password = temporary_password
        return self._record(lambda: self._admin("admin_create_user", UserPoolId=self.backend.pool.pool_id,
                                                Username=name, UserAttributes=attributes,
                                                TemporaryPassword=temporary_password, MessageAction="SUPPRESS"),
                            context=self._policy_context(_NEW_PASSWORD_RULES))

    def admin_set_password(self, password: str, permanent: bool) -> Outcome:
        self.new_password = password
        return self._record(lambda: self._admin("admin_set_user_password", UserPoolId=self.backend.pool.pool_id,
                                                Username=self.user.username, Password=password, Permanent=permanent),
                            context=self._policy_context(_NEW_PASSWORD_RULES))

    def sign_up(self, password: str) -> Outcome:
        """Amplify's signUp of a new user with ``password``; the name is kept for a Then step."""
        name = self.new_account = self._fresh_sign_in_name()
        attributes = {"email": name} if "@" in name else {"phone_number": name}
        self.new_password = password
        return self._record(lambda: self.client.sign_up(name, password, attributes),
                            context=self._policy_context(_NEW_PASSWORD_RULES))

    def confirm_sign_in(self, new_password: str) -> Outcome:
        """Amplify's confirmSignIn with the new password a first sign-in asked for."""
        self.new_password = new_password
        return self._record(lambda: self.client.confirm_sign_in(new_password),
                            context=self._policy_context(_NEW_PASSWORD_RULES))

    def resend_invitation(self) -> None:
        """Set-up: AdminCreateUser with MessageAction RESEND and a new temporary password."""
        temporary = self._generated_password()
        self.service.admin_create_user(UserPoolId=self.backend.pool.pool_id, Username=self.user.username,
                                       TemporaryPassword=temporary, MessageAction="RESEND")
        self.user.password = temporary

    def signed_up_user(self) -> TestUser:
        """Set-up: a user who signed up through Amplify and has not confirmed (UNCONFIRMED)."""
        name = self._fresh_sign_in_name()
        password = self._generated_password()
        attributes = {"email": name} if "@" in name else {"phone_number": name}
        self.client.sign_up(name, password, attributes)
        self._user = TestUser(username=name, email=attributes.get("email"), phone=attributes.get("phone_number"),
                              password=password)
        return self._user

    def confirm_with_first_code(self, new_password: str) -> Outcome:
        """The user confirms with the first code of the ones delivered to them (targets with a delivery log)."""
        delivered = self.deliveries()
        if not delivered:
            raise ScenarioSetupError("the target delivered no code to the user")
        return self.confirm_reset_password(delivered[0].code, new_password)

    def account_exists(self, name: str) -> bool:
        try:
            self.service.admin_get_user(UserPoolId=self.backend.pool.pool_id, Username=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "UserNotFoundException":
                return False
            raise
        return True

    def create_pool_directly(self, **settings: Any) -> Outcome:
        """A CreateUserPool call straight to the service, bypassing any definition checks.

        The pool is deleted again at once; the outcome's value is the pool as created.
        """
        def create() -> Any:
            response = self._admin("create_user_pool", PoolName=f"amplify-pw-conformance-{self.run.run_id}-direct",
                                   **settings)
            self.service.delete_user_pool(UserPoolId=response["UserPool"]["Id"])
            return response["UserPool"]
        return self._record(create)

    # --- observations ---------------------------------------------------------------------

    def last_delivery(self) -> Delivery | None:
        delivery = self.run.plumbing("its code oracle", self.run.target.last_delivery,
                                     self.backend.pool.pool_id, self.user.username)
        self._remember_codes([] if delivery is None else [delivery])
        return delivery

    def deliveries(self) -> list[Delivery]:
        """Every message with a code the target sent the user (targets with a delivery log)."""
        found = self.run.plumbing("its code oracle (the delivery log)", self.run.target.deliveries,
                                  self.backend.pool.pool_id, self.user.username)
        self._remember_codes(found)
        return found

    def client_metadata_received(self) -> dict[str, str] | None:
        """The ClientMetadata the target's triggers received with the request the call under test made
        (None when they received none); the call must have given clientMetadata."""
        if self._metadata_request is None:
            raise ScenarioSetupError("no call under test gave client metadata")
        operation, before = self._metadata_request
        received = [entry.metadata for entry in self._client_metadata_log()[before:] if entry.operation == operation]
        return received[-1] if received else None

    def contact(self, attribute: str) -> str | None:
        """The user's value of ``attribute`` (``email`` or ``phone_number``)."""
        return {"email": self.user.email, "phone_number": self.user.phone}[attribute]

    def delivered_code(self) -> str:
        delivery = self.last_delivery()
        if delivery is None:
            raise ScenarioSetupError("the target delivered no code to the user")
        return delivery.code

    def can_sign_in(self, password: str) -> bool:
        """Whether ``password`` signs the user in, tried from a separate app session.

        Any refusal counts as "cannot sign in"; which error a refusal carries is a requirement of
        its own (see :meth:`sign_in_refusal`).
        """
        return self.sign_in_refusal(password) is None

    def sign_in_refusal(self, password: str) -> AuthError | None:
        """The error signing in with ``password`` from a separate app session gives, or None if it works."""
        result = self._sign_in_elsewhere(password)
        if isinstance(result, AuthError):
            return result
        if not result.get("isSignedIn"):
            return AuthError("NotSignedIn", f"signing in asked for {result.get('nextStep')}")
        return None

    def sign_in_next_step(self, password: str) -> str:
        """What signing in with ``password`` from a separate app session leads to: Amplify's next sign-in
        step (``DONE`` when signed in), or the name of the error it fails with."""
        result = self._sign_in_elsewhere(password)
        if isinstance(result, AuthError):
            return result.name
        return str((result.get("nextStep") or {}).get("signInStep"))

    def _sign_in_elsewhere(self, password: str) -> dict[str, Any] | AuthError:
        """signIn from a new app session: its output, or the refusal it met (no answer is not a refusal)."""
        client = self.run.new_client(self.backend)
        try:
            result = client.sign_in(self.user.username, password)
        except AuthError as error:
            if error.name == NETWORK_ERROR:
                raise self.run.unreachable(error) from error
            return error
        self.run.secrets.remember(client.access_token, "token")
        return result

    def session_still_valid(self) -> bool:
        try:
            self.service.get_user(AccessToken=self._access_token())
            return True
        except ClientError:
            return False

    def recovery_mechanisms(self) -> list[str]:
        pool = self.service.describe_user_pool(UserPoolId=self.backend.pool.pool_id)["UserPool"]
        mechanisms = pool.get("AccountRecoverySetting", {}).get("RecoveryMechanisms", [])
        return [f"{m['Name']}:{m['Priority']}" for m in sorted(mechanisms, key=lambda m: m["Priority"])]

    def recovery_mechanisms_of(self, definition: AuthDefinition) -> list[str]:
        current = self._backend
        try:
            self._backend = self.run.backend(definition)
            return self.recovery_mechanisms()
        finally:
            self._backend = current

    def password_policy(self) -> dict[str, Any]:
        pool = self.service.describe_user_pool(UserPoolId=self.backend.pool.pool_id)["UserPool"]
        return pool.get("Policies", {}).get("PasswordPolicy", {})

    def prevent_user_existence_errors(self) -> str | None:
        pool = self.backend.pool
        described = self.service.describe_user_pool_client(UserPoolId=pool.pool_id, ClientId=pool.client_id)
        return described["UserPoolClient"].get("PreventUserExistenceErrors")

    def amplify_outputs(self) -> dict[str, Any]:
        return self.backend.synthesized.outputs

    def username_in_case(self, case: str) -> str:
        """The user's sign-in name written in ``case`` ("upper case" or "mixed case")."""
        name = self.user.username
        if case == "upper case":
            return name.upper()
        if case == "mixed case":
            return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(name))
        raise ScenarioSetupError(f"unknown letter case {case!r}")

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            raise ScenarioSetupError("the scenario has not defined a backend yet")
        return self._backend

    def _other(self) -> TestUser:
        if self.other_user is None:
            raise ScenarioSetupError("the scenario has no other user yet")
        return self.other_user

    @property
    def user(self) -> TestUser:
        if self._user is None:
            raise ScenarioSetupError("the scenario has no user yet")
        return self._user

    @property
    def client(self) -> AmplifyClient:
        if self._client is None:
            raise ScenarioSetupError("the scenario has not defined a backend yet")
        return self._client

    @property
    def service(self) -> Any:
        return self.run.service()

    def _admin(self, operation: str, **params: Any) -> Any:
        """An administrator's call straight to the service, its refusal as the AuthError a caller would see."""
        try:
            answer = getattr(self.service, operation)(**params)
        except ClientError as error:
            raise auth_error_from(error) from None
        return {key: value for key, value in answer.items() if key != "ResponseMetadata"}

    def _fresh_sign_in_name(self) -> str:
        login = self.backend.definition.login_with
        return self.run.addresses.email() if "email" in login else self.run.addresses.phone()

    def _generated_password(self) -> str:
        password = compliant_password(max(INITIAL_PASSWORD_LENGTH, self._minimum_length() + 1))
        self.run.secrets.remember(password, "password")
        return password

    def _client_metadata_option(self, operation: str, client_metadata: dict[str, str] | None) -> dict[str, Any]:
        """The client call's keyword for ``client_metadata`` (none when not given), noting what the target
        has received so far so that what the call's request brings can be told apart."""
        if client_metadata is None:
            return {}
        self.client_metadata_sent = client_metadata
        self._metadata_request = (operation, len(self._client_metadata_log()))
        return {"client_metadata": client_metadata}

    def _client_metadata_log(self) -> list[ClientMetadataReceived]:
        return self.run.plumbing("its client metadata log", self.run.target.client_metadata,
                                 self.backend.pool.pool_id, self.user.username)

    def _remember_codes(self, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            if isinstance(delivery, Delivery):
                self.run.secrets.remember(delivery.code, "code")

    def _minimum_length(self) -> int:
        return int(self.backend.synthesized.pool.get("Policies", {}).get("PasswordPolicy", {}).get("MinimumLength", 8))

    def _access_token(self) -> str:
        token = self.client.access_token
        if not token:
            raise ScenarioSetupError("the user is not signed in")
        return token

    def _record(self, call: Callable[[], Any], context: str = "") -> Outcome:
        before = self._requests_so_far()
        try:
            outcome = Outcome(value=call())
        except AuthError as error:
            if error.name == NETWORK_ERROR:  # the target did not answer: nothing to judge
                raise self.run.unreachable(error) from error
            outcome = Outcome(error=error)
        self.run.secrets.remember(None if self._client is None else self._client.access_token, "token")
        outcome.service_calls = self._requests_so_far() - before
        outcome.context = context
        self.outcome = outcome
        return outcome

    def _policy_context(self, settings: tuple[str, ...]) -> str:
        """The password policy settings the definitions mapping produced, in a few words for a failure message."""
        policy = self.backend.synthesized.pool.get("Policies", {}).get("PasswordPolicy", {})
        parts = [f"{name} {_shown(policy.get(name))}" for name in settings if not name.startswith("Require")]
        classes = [name.removeprefix("Require").lower() for name in settings if name.startswith("Require")]
        if classes:
            required = [name for name in classes if policy.get(f"Require{name.capitalize()}")]
            parts.append(f"requires {', '.join(required)}" if required else "requires no character class")
        return f"as synthesized by {self.run.definitions.name}: {'; '.join(parts)}"

    def _requests_so_far(self) -> int:
        """The harness's own requests so far, and its app session's (which the session counts)."""
        return self.run.calls.count + (0 if self._client is None else self._client.requests_sent)


def _flag(value: bool) -> str:
    return "true" if value else "false"


_NEW_PASSWORD_RULES = ("MinimumLength", "RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")


def _shown(value: Any) -> str:
    return "not set" if value is None else str(value)
