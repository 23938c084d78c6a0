"""The reference user-pool service: its state and the Cognito operations the suite uses.

``UserPoolService.handle(operation, params)`` takes a Cognito operation name and its decoded JSON
request and returns the JSON response, or raises :class:`ServiceError`. It knows nothing of HTTP or
botocore, so the same service can sit behind botocore's ``before-send`` hook or an HTTP server.

Behaviour the suite's mutation tests need to break lives in small public methods (the "hooks"
section below), so a deliberately wrong service is a short subclass.
"""
from __future__ import annotations

import hmac
import json
import secrets
import string
import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from targets.boto import REGION
from targets.contract import ClientMetadataReceived, Delivery

from . import errors, masking, policy, recovery, tokens, usernames
from .clock import Clock, ManualClock
from .errors import ServiceError
from .records import (
    CONFIRMED,
    FORCE_CHANGE_PASSWORD,
    RESET_REQUIRED,
    UNCONFIRMED,
    AppClient,
    AuthSession,
    PendingCode,
    Pool,
    RefreshGrant,
    StoredPassword,
    User,
)

ACCOUNT_ID = "000000000000"
TOKEN_LIFETIME_SECONDS = 3600
CODE_LIFETIME_SECONDS = 3600
# Cognito's documented quota: ChangePassword 5 times per user per hour.
PASSWORD_CHANGES_PER_HOUR = 5
# Cognito allows "between 5 and 20 attempts for a user to request or enter a password reset code"
# per hour; the reference takes the lower bound, for requests and for wrong codes alike.
RESET_REQUESTS_PER_HOUR = 5
WRONG_CODES_PER_HOUR = 5
DAY_SECONDS = 86400
PASSWORD_AUTH_FLOWS = ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH")
# What Cognito gives a client created without ExplicitAuthFlows.
DEFAULT_AUTH_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")
PREVENT_USER_EXISTENCE_MODES = ("LEGACY", "ENABLED")
AUTH_SESSION_MINUTES_RANGE = (3, 15)
# CreateUserPool's UserPoolTier: ESSENTIALS unless given. Password history needs ESSENTIALS or PLUS.
DEFAULT_TIER = "ESSENTIALS"
LITE_TIER = "LITE"

# CreateUserPool / CreateUserPoolClient settings the reference accepts without acting on them and
# reports back unchanged, so DescribeUserPool reads like Cognito's.
ECHOED_POOL_FIELDS = (
    "DeletionProtection", "LambdaConfig", "AutoVerifiedAttributes", "AliasAttributes",
    "UsernameAttributes", "SmsVerificationMessage", "EmailVerificationMessage",
    "EmailVerificationSubject", "VerificationMessageTemplate", "SmsAuthenticationMessage",
    "MfaConfiguration", "UserAttributeUpdateSettings", "DeviceConfiguration",
    "EmailConfiguration", "SmsConfiguration", "UserPoolTags", "AdminCreateUserConfig",
    "UserPoolAddOns", "DcrConfiguration", "UsernameConfiguration", "AccountRecoverySetting",
    "UserPoolTier", "KeyConfiguration", "IssuerConfiguration", "AcrConfiguration",
)
ECHOED_CLIENT_FIELDS = (
    "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits",
    "ReadAttributes", "WriteAttributes", "SupportedIdentityProviders", "CallbackURLs",
    "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient", "AnalyticsConfiguration", "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData", "RefreshTokenRotation",
)

_ID_ALPHABET = string.ascii_letters + string.digits
_CLIENT_ID_ALPHABET = string.ascii_lowercase + string.digits


def _random_text(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _field_name(member: str) -> str:
    return member[:1].lower() + member[1:]


def _require(params: Mapping[str, Any], name: str) -> Any:
    value = params.get(name)
    if value is None:
        raise errors.missing_parameter(_field_name(name))
    return value


def _username(params: Mapping[str, Any]) -> str:
    """The request's Username, after the checks the API model makes."""
    name = _require(params, "Username")
    violations = usernames.username_violations(name)
    if violations:
        raise errors.validation_error("username", violations)
    return name


def _confirmation_code(params: Mapping[str, Any]) -> str:
    code = _require(params, "ConfirmationCode")
    # Like the username pattern, this one is matched anywhere in the value.
    if all(char in policy.WHITESPACE for char in code):
        raise errors.validation_error(
            "confirmationCode", ["Member must satisfy regular expression pattern: [\\S]+"]
        )
    return code


class UserPoolService:
    """An in-memory Cognito user-pool service covering the operations the suite exercises."""

    OPERATIONS: ClassVar[dict[str, str]] = {
        "CreateUserPool": "create_user_pool",
        "DescribeUserPool": "describe_user_pool",
        "DeleteUserPool": "delete_user_pool",
        "ListUserPools": "list_user_pools",
        "CreateUserPoolClient": "create_user_pool_client",
        "DescribeUserPoolClient": "describe_user_pool_client",
        "AdminCreateUser": "admin_create_user",
        "AdminSetUserPassword": "admin_set_user_password",
        "AdminGetUser": "admin_get_user",
        "AdminDisableUser": "admin_disable_user",
        "AdminResetUserPassword": "admin_reset_user_password",
        "AdminEnableUser": "admin_enable_user",
        "AdminUpdateUserAttributes": "admin_update_user_attributes",
        "AdminDeleteUser": "admin_delete_user",
        "AdminSetUserMFAPreference": "admin_set_user_mfa_preference",
        "SignUp": "sign_up",
        "InitiateAuth": "initiate_auth",
        "RespondToAuthChallenge": "respond_to_auth_challenge",
        "GetUser": "get_user",
        "GlobalSignOut": "global_sign_out",
        "ForgotPassword": "forgot_password",
        "ConfirmForgotPassword": "confirm_forgot_password",
        "ChangePassword": "change_password",
    }

    def __init__(
        self, clock: Clock | None = None, signer: tokens.TokenSigner | None = None
    ) -> None:
        self.clock: Clock = clock if clock is not None else ManualClock()
        self.signer = signer if signer is not None else tokens.TokenSigner()
        self.pools: dict[str, Pool] = {}
        self.clients: dict[str, AppClient] = {}
        self.auth_sessions: dict[str, AuthSession] = {}
        self.refresh_grants: dict[str, RefreshGrant] = {}
        self.revoked_origins: set[str] = set()
        self._secret = secrets.token_bytes(16)
        # One lock for all state: an HTTP server may call handle() from several threads.
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ entry points

    def handle(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Run one Cognito operation; raises :class:`ServiceError` for every error response."""
        method_name = self.OPERATIONS.get(operation)
        if method_name is None:
            raise errors.unknown_operation(operation)
        if not isinstance(params, dict):
            raise errors.invalid_parameter("The request body must be a JSON object.")
        operation_method: Callable[[dict[str, Any]], dict[str, Any]] = getattr(self, method_name)
        with self._lock:
            return operation_method(params)

    def last_delivery(self, pool_id: str, name: str) -> Delivery | None:
        """The newest code delivered to the user created as (or now signing in as) ``name``."""
        delivered = self.deliveries(pool_id, name)
        return delivered[-1] if delivered else None

    def deliveries(self, pool_id: str, name: str) -> list[Delivery]:
        """Every code delivered to the user created as (or now signing in as) ``name``, oldest first."""
        with self._lock:
            pool = self.pools.get(pool_id)
            if pool is None:
                return []
            user = self._user_named(pool, name)
            return [] if user is None else list(user.deliveries)

    def client_metadata(self, pool_id: str, name: str) -> list[ClientMetadataReceived]:
        """The ClientMetadata handed to the triggers of requests about the user ``name``, oldest first."""
        with self._lock:
            pool = self.pools.get(pool_id)
            user = None if pool is None else self._user_named(pool, name)
            return [] if user is None else list(user.client_metadata)

    def _user_named(self, pool: Pool, name: str) -> User | None:
        """The user created as (or now signing in as) ``name``: how the suite's oracles name users."""
        user = next((u for u in pool.users.values() if u.created_as == name), None)
        return user or self.find_user(pool, name)

    # ------------------------------------------------------------------ hooks (override in mutants)

    def check_password_shape(self, password: str, field: str) -> None:
        """Reject what Cognito's input validation refuses (over 256 characters, edge whitespace)."""
        violations = policy.shape_violations(password)
        if violations:
            raise errors.validation_error(field, violations)

    def check_password_policy(
        self, password: str, password_policy: policy.PasswordPolicy
    ) -> str | None:
        """The reason the password breaks the pool's policy (first failing rule), or None."""
        return policy.first_policy_violation(password, password_policy)

    def choose_recovery_channel(self, pool: Pool, user: User) -> recovery.Channel | None:
        """The one channel a reset code goes to, or None if the user has no applicable channel."""
        return recovery.choose_channel(pool.recovery_mechanisms, user.attributes, sms_mfa=user.sms_mfa)

    def password_in_history(self, pool: Pool, user: User, password: str) -> bool:
        """Whether ``password`` is one of the user's last PasswordHistorySize passwords.

        Cognito's documentation says "any of n previous passwords" without saying whether the current
        one is among them; the reference counts it (as IAM's password reuse prevention does). The
        specification only asks about passwords that are among the last n either way.
        """
        recent = user.recent_passwords(pool.policy.remembered_passwords)
        return any(stored.matches(password) for stored in recent)

    def hand_to_triggers(self, user: User, operation: str, params: Mapping[str, Any]) -> None:
        """Pass the request's ClientMetadata to the pool's Lambda triggers: the reference keeps what
        they would receive, so that the code oracle can show it."""
        metadata = params.get("ClientMetadata")
        if metadata:
            user.client_metadata.append(ClientMetadataReceived(operation, dict(metadata)))

    def recovery_is_admin_only(self, pool: Pool) -> bool:
        return recovery.is_admin_only(pool.recovery_mechanisms)

    def mask_destination(self, attribute_name: str, value: str) -> str:
        return masking.mask_destination(attribute_name, value)

    def generate_code(self) -> str:
        return f"{secrets.randbelow(10**6):06d}"

    def verify_code(self, pending: PendingCode, code: str) -> bool:
        return hmac.compare_digest(pending.code.encode(), code.encode())

    def code_expired(self, pending: PendingCode) -> bool:
        return self.clock.now() - pending.issued_at > CODE_LIFETIME_SECONDS

    def temporary_password_expired(self, pool: Pool, user: User) -> bool:
        limit = pool.policy.temporary_password_validity_days * DAY_SECONDS
        return self.clock.now() - user.password_set_at > limit

    def password_changes_exhausted(self, user: User) -> bool:
        """Whether the user already made the hour's allowance of ChangePassword calls."""
        return self._hour_allowance_used(user.password_changes, PASSWORD_CHANGES_PER_HOUR)

    def reset_requests_exhausted(self, user: User) -> bool:
        """Whether the user already asked for the hour's allowance of reset codes."""
        return self._hour_allowance_used(user.reset_requests, RESET_REQUESTS_PER_HOUR)

    def code_attempts_exhausted(self, user: User) -> bool:
        """Whether the user already entered the hour's allowance of wrong codes."""
        return self._hour_allowance_used(user.code_failures, WRONG_CODES_PER_HOUR)

    def _hour_allowance_used(self, times: list[float], allowance: int) -> bool:
        times[:] = [t for t in times if self.clock.now() - t < 3600]
        return len(times) >= allowance

    def access_token_expired(self, claims: Mapping[str, Any]) -> bool:
        return self.clock.now() >= claims["exp"]

    def revokes_on_global_sign_out(self, user: User) -> set[str]:
        """The sign-ins (origin_jti values) GlobalSignOut ends: every one issued so far."""
        return set(user.origin_jtis)

    def generate_temporary_password(self, password_policy: policy.PasswordPolicy) -> str:
        """A random password meeting every rule of any policy."""
        rng = secrets.SystemRandom()
        symbols = "".join(sorted(policy.SYMBOLS))
        classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits, symbols]
        length = max(password_policy.minimum_length, 12)
        chars = [rng.choice(members) for members in classes]
        chars += [rng.choice("".join(classes)) for _ in range(length - len(chars))]
        rng.shuffle(chars)
        return "".join(chars)

    def simulate_code_delivery(self, pool: Pool, username: str) -> dict[str, str]:
        """CodeDeliveryDetails for a user who must not be revealed as absent (or disabled).

        The channel is the pool's first recovery mechanism (without a setting: email if the name
        looks like one, else SMS). The masked destination derives from the name where it is an
        address of that kind, else from a keyed hash, so repeated requests look alike.
        """
        channel = recovery.nominal_channel(pool.recovery_mechanisms)
        if not pool.recovery_mechanisms or channel is None:
            channel = recovery.EMAIL if usernames.looks_like_email(username) else recovery.SMS
        digest = hmac.new(self._secret, username.encode(), "sha256").digest()
        if channel is recovery.EMAIL:
            if usernames.looks_like_email(username):
                destination = self.mask_destination(channel.attribute_name, username)
            else:
                first = username[:1] or string.ascii_lowercase[digest[0] % 26]
                domain = string.ascii_lowercase[digest[1] % 26]
                destination = f"{first}{masking.MASK}@{domain}{masking.MASK}"
        elif usernames.looks_like_phone(username):
            destination = self.mask_destination(channel.attribute_name, username)
        else:
            destination = masking.mask_phone("+1" + "".join(str(b % 10) for b in digest[:10]))
        return {
            "Destination": destination,
            "DeliveryMedium": channel.delivery_medium,
            "AttributeName": channel.attribute_name,
        }

    def deliver_code(self, user: User, channel: recovery.Channel, code: str) -> dict[str, str]:
        """Record the message carrying ``code`` and describe it as CodeDeliveryDetails."""
        destination = user.attributes[channel.attribute_name]
        user.deliveries.append(Delivery(channel.delivery_medium, destination, code))
        return {
            "Destination": self.mask_destination(channel.attribute_name, destination),
            "DeliveryMedium": channel.delivery_medium,
            "AttributeName": channel.attribute_name,
        }

    # ------------------------------------------------------------------ lookups

    def find_user(self, pool: Pool, name: str) -> User | None:
        """The user a request names: by username, or by email/phone in pools that sign in with them.

        Emails compare case-insensitively; usernames only when the pool is not case sensitive.
        """
        user = pool.users.get(pool.username_key(name))
        if user is not None:
            return user
        by_email = usernames.EMAIL in pool.username_attributes
        by_phone = usernames.PHONE in pool.username_attributes
        for candidate in pool.users.values():
            email = candidate.attributes.get(usernames.EMAIL)
            if by_email and email and email.lower() == name.lower():
                return candidate
            if by_phone and candidate.attributes.get(usernames.PHONE) == name:
                return candidate
        return None

    def _pool(self, params: Mapping[str, Any]) -> Pool:
        pool_id = _require(params, "UserPoolId")
        pool = self.pools.get(pool_id)
        if pool is None:
            raise errors.pool_not_found(pool_id)
        return pool

    def _client(self, params: Mapping[str, Any]) -> tuple[Pool, AppClient]:
        client_id = _require(params, "ClientId")
        client = self.clients.get(client_id)
        pool = self.pools.get(client.pool_id) if client is not None else None
        if client is None or pool is None:
            raise errors.client_not_found(client_id)
        return pool, client

    def _admin_user(self, params: Mapping[str, Any]) -> tuple[Pool, User]:
        name = _username(params)
        pool = self._pool(params)
        user = self.find_user(pool, name)
        if user is None:
            raise errors.user_not_found()
        return pool, user

    def _authenticate(self, access_token: str) -> tuple[Pool, User]:
        """The pool and user behind an access token, after every check Cognito makes."""
        try:
            claims = self.signer.verify(access_token)
        except tokens.TokenError:
            raise errors.not_authorized(errors.INVALID_ACCESS_TOKEN) from None
        pool = self.pools.get(str(claims.get("iss", "")).rsplit("/", 1)[-1])
        if claims.get("token_use") != "access" or pool is None:
            raise errors.not_authorized(errors.INVALID_ACCESS_TOKEN)
        if self.access_token_expired(claims):
            raise errors.not_authorized(errors.ACCESS_TOKEN_EXPIRED)
        if claims.get("origin_jti") in self.revoked_origins:
            raise errors.not_authorized(errors.ACCESS_TOKEN_REVOKED)
        user = pool.users.get(pool.username_key(claims.get("username", "")))
        if user is None or user.sub != claims.get("sub"):
            raise errors.user_not_found()
        if not user.enabled:
            raise errors.not_authorized(errors.USER_DISABLED)
        return pool, user

    # ------------------------------------------------------------------ shared steps

    def _check_new_password(self, pool: Pool, password: str) -> None:
        reason = self.check_password_policy(password, pool.policy)
        if reason is not None:
            raise errors.invalid_password(reason)

    def _check_password_history(self, pool: Pool, user: User, password: str) -> None:
        if self.password_in_history(pool, user, password):
            raise errors.password_history_violation()

    def _set_password(self, user: User, password: str, status: str) -> None:
        now = self.clock.now()
        user.replace_password(StoredPassword.of(password))
        user.password_set_at = now
        user.modified_at = now
        user.status = status

    def _parse_attributes(self, listed: list[Mapping[str, Any]]) -> dict[str, str]:
        parsed: dict[str, str] = {}
        for attribute in listed:
            name = _require(attribute, "Name")
            if name == "sub":
                raise errors.invalid_parameter("Cannot modify the non-mutable attribute sub.")
            try:
                parsed[name] = usernames.check_attribute(name, attribute.get("Value") or "")
            except usernames.NameFormError as error:
                raise errors.invalid_parameter(str(error)) from None
        return parsed

    def _alias_owner(
        self, pool: Pool, attributes: Mapping[str, str], exclude: User | None
    ) -> str | None:
        """The sign-in attribute whose value another user already holds, if any."""
        for name in pool.username_attributes:
            value = attributes.get(name)
            if not value:
                continue
            for other in pool.users.values():
                held = other.attributes.get(name)
                if other is exclude or not held:
                    continue
                if held == value or (name == usernames.EMAIL and held.lower() == value.lower()):
                    return name
        return None

    def _issue_tokens(
        self, pool: Pool, client: AppClient, user: User, origin_jti: str | None = None
    ) -> dict[str, Any]:
        issued_at = int(self.clock.now())
        with_refresh = origin_jti is None
        origin_jti = origin_jti or tokens.new_token_id()
        user.origin_jtis.add(origin_jti)
        common = dict(
            issuer=f"https://cognito-idp.{REGION}.amazonaws.com/{pool.id}",
            client_id=client.id,
            username=user.username,
            sub=user.sub,
            origin_jti=origin_jti,
            issued_at=issued_at,
            lifetime=TOKEN_LIFETIME_SECONDS,
        )
        result: dict[str, Any] = {
            "AccessToken": self.signer.sign(tokens.access_claims(**common)),
            "IdToken": self.signer.sign(tokens.id_claims(attributes=user.attributes, **common)),
            "ExpiresIn": TOKEN_LIFETIME_SECONDS,
            "TokenType": "Bearer",
        }
        if with_refresh:
            refresh_token = secrets.token_urlsafe(48)
            self.refresh_grants[refresh_token] = RefreshGrant(
                pool.id, client.id, user.username, user.sub, origin_jti
            )
            result["RefreshToken"] = refresh_token
        return result

    @staticmethod
    def _user_description(user: User) -> dict[str, Any]:
        return {
            "Username": user.username,
            "Attributes": user.public_attributes(),
            "UserCreateDate": user.created_at,
            "UserLastModifiedDate": user.modified_at,
            "Enabled": user.enabled,
            "UserStatus": user.status,
        }

    # ------------------------------------------------------------------ pools and clients

    def create_user_pool(self, params: dict[str, Any]) -> dict[str, Any]:
        name = _require(params, "PoolName")
        password_settings = (params.get("Policies") or {}).get("PasswordPolicy")
        try:
            password_policy = policy.PasswordPolicy.from_request(password_settings)
        except policy.PolicySettingError as error:
            raise errors.invalid_parameter(str(error)) from None
        username_attributes = tuple(params.get("UsernameAttributes") or ())
        for attribute in username_attributes:
            if attribute not in (usernames.EMAIL, usernames.PHONE):
                raise errors.invalid_parameter(
                    f"1 validation error detected: Value '{attribute}' at 'usernameAttributes' "
                    "failed to satisfy constraint: Member must satisfy enum value set: "
                    "[phone_number, email]"
                )
        mechanisms = (params.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms")
        if mechanisms is not None:
            try:
                recovery.validate_mechanisms(mechanisms)
            except recovery.RecoverySettingError as error:
                raise errors.invalid_parameter(str(error)) from None
        tier = params.get("UserPoolTier") or DEFAULT_TIER
        if tier == LITE_TIER and password_policy.remembered_passwords:
            raise errors.feature_unavailable_in_tier("Password history", tier)
        pool_id = f"{REGION}_{_random_text(_ID_ALPHABET, 9)}"
        echoed = {field: params[field] for field in ECHOED_POOL_FIELDS if field in params}
        if "SignInPolicy" in (params.get("Policies") or {}):
            echoed["SignInPolicy"] = params["Policies"]["SignInPolicy"]
        pool = Pool(
            id=pool_id,
            name=name,
            policy=password_policy,
            username_attributes=username_attributes,
            # The API's default is case sensitive; the console and Amplify choose otherwise.
            case_sensitive=(params.get("UsernameConfiguration") or {}).get("CaseSensitive", True),
            recovery_mechanisms=[dict(m) for m in mechanisms] if mechanisms else None,
            created_at=self.clock.now(),
            echoed=echoed,
        )
        self.pools[pool_id] = pool
        return {"UserPool": self._pool_description(pool)}

    def _pool_description(self, pool: Pool) -> dict[str, Any]:
        echoed = dict(pool.echoed)
        policies: dict[str, Any] = {"PasswordPolicy": pool.policy.to_response()}
        if "SignInPolicy" in echoed:
            policies["SignInPolicy"] = echoed.pop("SignInPolicy")
        return {
            "MfaConfiguration": "OFF",
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False},
            **echoed,
            "Id": pool.id,
            "Name": pool.name,
            "Arn": f"arn:aws:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{pool.id}",
            "Policies": policies,
            "CreationDate": pool.created_at,
            "LastModifiedDate": pool.created_at,
            "EstimatedNumberOfUsers": len(pool.users),
        }

    def describe_user_pool(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"UserPool": self._pool_description(self._pool(params))}

    def delete_user_pool(self, params: dict[str, Any]) -> dict[str, Any]:
        pool = self._pool(params)
        if pool.echoed.get("DeletionProtection") == "ACTIVE":
            raise errors.invalid_parameter(
                "The user pool cannot be deleted because deletion protection is activated. "
                "Deletion protection must be inactive first."
            )
        for client_id in pool.clients:
            self.clients.pop(client_id, None)
        del self.pools[pool.id]
        return {}

    def list_user_pools(self, params: dict[str, Any]) -> dict[str, Any]:
        limit = _require(params, "MaxResults")
        start = int(params.get("NextToken") or 0)
        pools = list(self.pools.values())
        page = pools[start : start + limit]
        response: dict[str, Any] = {
            "UserPools": [
                {
                    "Id": pool.id,
                    "Name": pool.name,
                    "LambdaConfig": pool.echoed.get("LambdaConfig", {}),
                    "CreationDate": pool.created_at,
                    "LastModifiedDate": pool.created_at,
                }
                for pool in page
            ]
        }
        if start + limit < len(pools):
            response["NextToken"] = str(start + limit)
        return response

    def create_user_pool_client(self, params: dict[str, Any]) -> dict[str, Any]:
        pool = self._pool(params)
        name = _require(params, "ClientName")
        prevent = params.get("PreventUserExistenceErrors") or "LEGACY"
        if prevent not in PREVENT_USER_EXISTENCE_MODES:
            raise errors.invalid_parameter(
                f"1 validation error detected: Value '{prevent}' at 'preventUserExistenceErrors' "
                "failed to satisfy constraint: Member must satisfy enum value set: "
                "[LEGACY, ENABLED]"
            )
        minutes = params.get("AuthSessionValidity", AUTH_SESSION_MINUTES_RANGE[0])
        low, high = AUTH_SESSION_MINUTES_RANGE
        if not low <= minutes <= high:
            raise errors.invalid_parameter(
                f"1 validation error detected: Value '{minutes}' at 'authSessionValidity' failed "
                f"to satisfy constraint: Member must have value between {low} and {high}"
            )
        client = AppClient(
            id=_random_text(_CLIENT_ID_ALPHABET, 26),
            pool_id=pool.id,
            name=name,
            explicit_auth_flows=tuple(params.get("ExplicitAuthFlows") or DEFAULT_AUTH_FLOWS),
            prevent_user_existence_errors=prevent,
            auth_session_validity_minutes=minutes,
            created_at=self.clock.now(),
            echoed={field: params[field] for field in ECHOED_CLIENT_FIELDS if field in params},
        )
        pool.clients[client.id] = client
        self.clients[client.id] = client
        return {"UserPoolClient": self._client_description(client)}

    @staticmethod
    def _client_description(client: AppClient) -> dict[str, Any]:
        return {
            **client.echoed,
            "UserPoolId": client.pool_id,
            "ClientName": client.name,
            "ClientId": client.id,
            "ExplicitAuthFlows": list(client.explicit_auth_flows),
            "PreventUserExistenceErrors": client.prevent_user_existence_errors,
            "AuthSessionValidity": client.auth_session_validity_minutes,
            "CreationDate": client.created_at,
            "LastModifiedDate": client.created_at,
        }

    def describe_user_pool_client(self, params: dict[str, Any]) -> dict[str, Any]:
        pool = self._pool(params)
        client_id = _require(params, "ClientId")
        client = pool.clients.get(client_id)
        if client is None:
            raise errors.client_not_found(client_id)
        return {"UserPoolClient": self._client_description(client)}

    # ------------------------------------------------------------------ administering users

    def admin_create_user(self, params: dict[str, Any]) -> dict[str, Any]:
        pool = self._pool(params)
        name = _username(params)
        temporary = params.get("TemporaryPassword")
        if temporary is not None:
            self.check_password_shape(temporary, "temporaryPassword")
        attributes = self._parse_attributes(params.get("UserAttributes") or [])
        if params.get("MessageAction") == "RESEND":
            return self._resend_invitation(pool, name, temporary)
        username, sub = self._new_identity(pool, name, attributes)
        if temporary is not None:
            self._check_new_password(pool, temporary)
        else:
            temporary = self.generate_temporary_password(pool.policy)
        now = self.clock.now()
        user = User(
            username=username,
            sub=sub,
            created_as=name,
            attributes=attributes,
            password=StoredPassword.of(temporary),
            password_set_at=now,
            created_at=now,
            modified_at=now,
        )
        pool.users[pool.username_key(username)] = user
        # No invitation is recorded: the code oracle reports reset codes only.
        return {"User": self._user_description(user)}

    def _new_identity(self, pool: Pool, name: str, attributes: dict[str, str]) -> tuple[str, str]:
        """The username and sub of a new user called ``name`` (updating ``attributes`` with the sign-in
        attribute in pools that sign in with email or phone); UsernameExistsException when taken."""
        if pool.username_attributes:
            try:
                sign_in_attribute = usernames.sign_in_attribute(name, pool.username_attributes)
            except usernames.NameFormError as error:
                raise errors.invalid_parameter(str(error)) from None
            attributes[sign_in_attribute] = name
            username = sub = str(uuid.uuid4())
        else:
            if pool.username_key(name) in pool.users:
                raise ServiceError("UsernameExistsException", "User account already exists")
            username, sub = name, str(uuid.uuid4())
        taken = self._alias_owner(pool, attributes, exclude=None)
        if taken is not None:
            raise ServiceError(
                "UsernameExistsException", f"An account with the given {taken} already exists."
            )
        return username, sub

    def sign_up(self, params: dict[str, Any]) -> dict[str, Any]:
        """A self-service sign-up: the user exists UNCONFIRMED with the password they chose."""
        name = _username(params)
        password = _require(params, "Password")
        self.check_password_shape(password, "password")
        pool, _ = self._client(params)
        attributes = self._parse_attributes(params.get("UserAttributes") or [])
        username, sub = self._new_identity(pool, name, attributes)
        reason = self.check_password_policy(password, pool.policy)
        if reason is not None:  # SignUp words its refusal differently from the other operations
            raise ServiceError("InvalidPasswordException", errors.SIGN_UP_POLICY_PREFIX + reason)
        now = self.clock.now()
        user = User(username=username, sub=sub, created_as=name, attributes=attributes,
                    password=StoredPassword.of(password), password_set_at=now, created_at=now, modified_at=now,
                    status=UNCONFIRMED)
        pool.users[pool.username_key(username)] = user
        # No confirmation message is recorded: the code oracle reports reset codes only.
        return {"UserConfirmed": False, "UserSub": sub}

    def _resend_invitation(self, pool: Pool, name: str, temporary: str | None) -> dict[str, Any]:
        user = self.find_user(pool, name)
        if user is None:
            raise errors.user_not_found()
        if user.status != FORCE_CHANGE_PASSWORD:
            raise ServiceError("UnsupportedUserStateException", "User is already confirmed.")
        if temporary is not None:
            self._check_new_password(pool, temporary)
        else:
            temporary = self.generate_temporary_password(pool.policy)
        self._set_password(user, temporary, FORCE_CHANGE_PASSWORD)
        return {"User": self._user_description(user)}

    def admin_set_user_password(self, params: dict[str, Any]) -> dict[str, Any]:
        password = _require(params, "Password")
        self.check_password_shape(password, "password")
        pool, user = self._admin_user(params)
        self._check_new_password(pool, password)
        self._check_password_history(pool, user, password)
        status = CONFIRMED if params.get("Permanent") else FORCE_CHANGE_PASSWORD
        self._set_password(user, password, status)
        return {}

    def admin_get_user(self, params: dict[str, Any]) -> dict[str, Any]:
        _, user = self._admin_user(params)
        description = self._user_description(user)
        description["UserAttributes"] = description.pop("Attributes")
        if user.sms_mfa:
            description["UserMFASettingList"] = ["SMS_MFA"]
            description["PreferredMfaSetting"] = "SMS_MFA"
        return description

    def admin_set_user_mfa_preference(self, params: dict[str, Any]) -> dict[str, Any]:
        """SMS is the only MFA method the reference keeps; a user needs a phone number to choose it."""
        _, user = self._admin_user(params)
        for other in ("SoftwareTokenMfaSettings", "EmailMfaSettings", "WebAuthnMfaSettings"):
            if (params.get(other) or {}).get("Enabled"):
                raise errors.invalid_parameter(
                    f"The reference target does not implement {other}; it implements SMSMfaSettings.")
        settings = params.get("SMSMfaSettings")
        if settings is None:
            return {}
        enabled = bool(settings.get("Enabled"))
        if enabled and not user.attributes.get(recovery.SMS.attribute_name):
            raise errors.invalid_parameter("User does not have delivery config set to turn on SMS_MFA")
        user.sms_mfa = enabled
        user.modified_at = self.clock.now()
        return {}

    def admin_disable_user(self, params: dict[str, Any]) -> dict[str, Any]:
        _, user = self._admin_user(params)
        user.enabled = False
        user.modified_at = self.clock.now()
        self.revoked_origins |= user.origin_jtis  # "revokes all access tokens for the user"
        return {}

    def admin_reset_user_password(self, params: dict[str, Any]) -> dict[str, Any]:
        """The user must set a new password with a code, which is sent now by the pool's recovery setting."""
        pool, user = self._admin_user(params)
        if self.recovery_is_admin_only(pool):
            raise errors.not_authorized(errors.ADMIN_ONLY_RECOVERY)
        channel = self.choose_recovery_channel(pool, user)
        if channel is None:
            raise errors.invalid_parameter(errors.NO_RECOVERY_CHANNEL)
        user.status = RESET_REQUIRED
        user.modified_at = self.clock.now()
        code = self.generate_code()
        user.reset_code = PendingCode(code=code, issued_at=self.clock.now())
        self.deliver_code(user, channel, code)
        return {}

    def admin_enable_user(self, params: dict[str, Any]) -> dict[str, Any]:
        _, user = self._admin_user(params)
        user.enabled = True
        user.modified_at = self.clock.now()
        return {}

    def admin_update_user_attributes(self, params: dict[str, Any]) -> dict[str, Any]:
        pool, user = self._admin_user(params)
        updates = self._parse_attributes(_require(params, "UserAttributes"))
        # A changed address is no longer verified unless the same request says it is.
        for channel in (recovery.EMAIL, recovery.SMS):
            current = user.attributes.get(channel.attribute_name)
            if updates.get(channel.attribute_name, current) != current:
                updates.setdefault(channel.verified_attribute, "false")
        taken = self._alias_owner(pool, updates, exclude=user)
        if taken is not None:
            raise ServiceError(
                "AliasExistsException", f"An account with the given {taken} already exists."
            )
        user.attributes.update(updates)
        user.modified_at = self.clock.now()
        return {}

    def admin_delete_user(self, params: dict[str, Any]) -> dict[str, Any]:
        pool, user = self._admin_user(params)
        self.revoked_origins |= user.origin_jtis
        del pool.users[pool.username_key(user.username)]
        return {}

    # ------------------------------------------------------------------ signing in

    def initiate_auth(self, params: dict[str, Any]) -> dict[str, Any]:
        flow = _require(params, "AuthFlow")
        pool, client = self._client(params)
        auth_parameters = params.get("AuthParameters") or {}
        if flow == "USER_PASSWORD_AUTH":
            return self._password_auth(pool, client, auth_parameters)
        if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            return self._refresh_auth(pool, client, auth_parameters)
        raise errors.invalid_parameter(
            f"The reference target does not implement AuthFlow {flow}; "
            "it implements USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH."
        )

    def _password_auth(
        self, pool: Pool, client: AppClient, auth_parameters: Mapping[str, str]
    ) -> dict[str, Any]:
        if not client.allows(*PASSWORD_AUTH_FLOWS):
            raise errors.invalid_parameter(errors.PASSWORD_FLOW_DISABLED)
        for required in ("USERNAME", "PASSWORD"):
            if not auth_parameters.get(required):
                raise errors.invalid_parameter(f"Missing required parameter {required}")
        user = self.find_user(pool, auth_parameters["USERNAME"])
        if user is None:
            if client.hides_user_existence:
                raise errors.not_authorized(errors.INCORRECT_CREDENTIALS)
            raise errors.user_not_found()
        if not user.enabled:
            raise errors.not_authorized(errors.USER_DISABLED)
        if not user.password.matches(auth_parameters["PASSWORD"]):
            raise errors.not_authorized(errors.INCORRECT_CREDENTIALS)
        if user.status == RESET_REQUIRED:
            raise errors.password_reset_required()
        if user.status == UNCONFIRMED:
            raise ServiceError("UserNotConfirmedException", "User is not confirmed.")
        if user.status == FORCE_CHANGE_PASSWORD:
            if self.temporary_password_expired(pool, user):
                raise errors.not_authorized(errors.TEMPORARY_PASSWORD_EXPIRED)
            return self._new_password_challenge(pool, client, user)
        result = self._issue_tokens(pool, client, user)
        return {"ChallengeParameters": {}, "AuthenticationResult": result}

    def _new_password_challenge(self, pool: Pool, client: AppClient, user: User) -> dict[str, Any]:
        session = AuthSession(
            token=secrets.token_urlsafe(48),
            pool_id=pool.id,
            client_id=client.id,
            username=user.username,
            expires_at=self.clock.now() + client.auth_session_validity_minutes * 60,
        )
        self.auth_sessions[session.token] = session
        return {
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": session.token,
            "ChallengeParameters": {
                "USER_ID_FOR_SRP": user.username,
                "requiredAttributes": "[]",
                "userAttributes": json.dumps(user.attributes),
            },
        }

    def _refresh_auth(
        self, pool: Pool, client: AppClient, auth_parameters: Mapping[str, str]
    ) -> dict[str, Any]:
        legacy_flows_only = not any(f.startswith("ALLOW_") for f in client.explicit_auth_flows)
        if not (legacy_flows_only or client.allows("ALLOW_REFRESH_TOKEN_AUTH")):
            raise errors.invalid_parameter(errors.REFRESH_FLOW_DISABLED)
        grant = self.refresh_grants.get(auth_parameters.get("REFRESH_TOKEN", ""))
        if grant is None or grant.client_id != client.id:
            raise errors.not_authorized(errors.INVALID_REFRESH_TOKEN)
        if grant.origin_jti in self.revoked_origins:
            raise errors.not_authorized(errors.REFRESH_TOKEN_REVOKED)
        user = pool.users.get(pool.username_key(grant.username))
        if user is None or user.sub != grant.sub:
            raise errors.user_not_found()
        if not user.enabled:
            raise errors.not_authorized(errors.USER_DISABLED)
        result = self._issue_tokens(pool, client, user, origin_jti=grant.origin_jti)
        return {"ChallengeParameters": {}, "AuthenticationResult": result}

    def respond_to_auth_challenge(self, params: dict[str, Any]) -> dict[str, Any]:
        pool, client = self._client(params)
        challenge = _require(params, "ChallengeName")
        if challenge != "NEW_PASSWORD_REQUIRED":
            raise errors.invalid_parameter(
                f"The reference target does not implement challenge {challenge}; "
                "it implements NEW_PASSWORD_REQUIRED."
            )
        session = self.auth_sessions.get(params.get("Session") or "")
        if session is None or session.client_id != client.id:
            raise errors.not_authorized(errors.INVALID_SESSION)
        if self.clock.now() > session.expires_at:
            del self.auth_sessions[session.token]
            raise errors.not_authorized(errors.SESSION_EXPIRED)
        responses = params.get("ChallengeResponses") or {}
        for required in ("USERNAME", "NEW_PASSWORD"):
            if not responses.get(required):
                raise errors.invalid_parameter(f"Missing required parameter {required}")
        user = self.find_user(pool, responses["USERNAME"])
        if user is None or user.username != session.username:
            raise errors.not_authorized(errors.INVALID_SESSION)
        if not user.enabled:
            raise errors.not_authorized(errors.USER_DISABLED)
        new_password = responses["NEW_PASSWORD"]
        self.check_password_shape(new_password, "challengeResponses.NEW_PASSWORD")
        self._check_new_password(pool, new_password)
        self._check_password_history(pool, user, new_password)
        self._set_password(user, new_password, CONFIRMED)
        del self.auth_sessions[session.token]
        result = self._issue_tokens(pool, client, user)
        return {"ChallengeParameters": {}, "AuthenticationResult": result}

    # ------------------------------------------------------------------ signed-in user

    def get_user(self, params: dict[str, Any]) -> dict[str, Any]:
        _, user = self._authenticate(_require(params, "AccessToken"))
        return {"Username": user.username, "UserAttributes": user.public_attributes()}

    def global_sign_out(self, params: dict[str, Any]) -> dict[str, Any]:
        _, user = self._authenticate(_require(params, "AccessToken"))
        ended = self.revokes_on_global_sign_out(user)
        self.revoked_origins |= ended
        user.origin_jtis -= ended
        return {}

    def change_password(self, params: dict[str, Any]) -> dict[str, Any]:
        # Model constraints are checked before anything else, as AWS request validation does.
        proposed = _require(params, "ProposedPassword")
        previous = params.get("PreviousPassword")
        if previous is not None:
            self.check_password_shape(previous, "previousPassword")
        self.check_password_shape(proposed, "proposedPassword")
        pool, user = self._authenticate(_require(params, "AccessToken"))
        if self.password_changes_exhausted(user):
            raise errors.limit_exceeded()
        user.password_changes.append(self.clock.now())
        if previous is None or not user.password.matches(previous):
            raise errors.not_authorized(errors.INCORRECT_CREDENTIALS)
        self._check_new_password(pool, proposed)
        self._check_password_history(pool, user, proposed)
        self._set_password(user, proposed, user.status)
        return {}

    # ------------------------------------------------------------------ password reset

    def forgot_password(self, params: dict[str, Any]) -> dict[str, Any]:
        name = _username(params)
        pool, client = self._client(params)
        user = self.find_user(pool, name)
        if user is None or not user.enabled:
            if not client.hides_user_existence:
                if user is None:
                    raise errors.user_not_found(errors.USERNAME_CLIENT_NOT_FOUND)
                raise errors.not_authorized(errors.USER_DISABLED)
            # Answer as for a real user, so the response reveals nothing.
            if self.recovery_is_admin_only(pool):
                raise errors.not_authorized(errors.ADMIN_ONLY_RECOVERY)
            return {"CodeDeliveryDetails": self.simulate_code_delivery(pool, name)}
        if user.status == FORCE_CHANGE_PASSWORD:
            raise errors.not_authorized(errors.CANNOT_RESET_IN_STATE)
        if self.recovery_is_admin_only(pool):
            raise errors.not_authorized(errors.ADMIN_ONLY_RECOVERY)
        channel = self.choose_recovery_channel(pool, user)
        if channel is None:
            raise errors.invalid_parameter(errors.NO_RECOVERY_CHANNEL)
        if self.reset_requests_exhausted(user):
            raise errors.limit_exceeded()
        user.reset_requests.append(self.clock.now())
        code = self.generate_code()
        user.reset_code = PendingCode(code=code, issued_at=self.clock.now())
        self.hand_to_triggers(user, "ForgotPassword", params)  # CustomMessage_ForgotPassword, custom senders
        return {"CodeDeliveryDetails": self.deliver_code(user, channel, code)}

    def confirm_forgot_password(self, params: dict[str, Any]) -> dict[str, Any]:
        # Model constraints are checked before anything else, as AWS request validation does.
        name = _username(params)
        code = _confirmation_code(params)
        password = _require(params, "Password")
        self.check_password_shape(password, "password")
        pool, client = self._client(params)
        user = self.find_user(pool, name)
        if user is None or not user.enabled:
            if client.hides_user_existence:
                raise errors.code_mismatch()
            if user is None:
                raise errors.user_not_found(errors.USERNAME_CLIENT_NOT_FOUND)
            raise errors.not_authorized(errors.USER_DISABLED)
        pending = user.reset_code
        if pending is None or self.code_expired(pending):
            raise errors.code_expired()
        if self.code_attempts_exhausted(user):
            raise errors.limit_exceeded()  # once guessing is used up, even the right code waits
        if not self.verify_code(pending, code):
            user.code_failures.append(self.clock.now())
            raise errors.code_mismatch()
        self._check_new_password(pool, password)
        self._check_password_history(pool, user, password)
        self._set_password(user, password, CONFIRMED)
        user.reset_code = None
        self.hand_to_triggers(user, "ConfirmForgotPassword", params)  # PostConfirmation_ConfirmForgotPassword
        return {}
