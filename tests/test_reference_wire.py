"""The reference target's Cognito operations, exercised through a real boto3 client.

Every request and response crosses botocore's serialisation, so errors arrive as ``ClientError``
with the code and message a caller of real Cognito would see.
"""
from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from targets.contract import PoolRequest
from targets.reference import ReferenceTarget
from targets.reference.tokens import decode_unverified

PASSWORD = "Passw0rd!"
NEW_PASSWORD = "N3w-Passw0rd"
DAY = 86400

EMAIL_POOL = {
    "PoolName": "email-login",
    "UsernameAttributes": ["email"],
    "AutoVerifiedAttributes": ["email"],
    "UsernameConfiguration": {"CaseSensitive": False},
    "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
}
PLAIN_POOL = {"PoolName": "plain"}
APP_CLIENT = {
    "ClientName": "suite",
    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    "PreventUserExistenceErrors": "ENABLED",
}
LEGACY_CLIENT = {**APP_CLIENT, "PreventUserExistenceErrors": "LEGACY"}


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    """Make a call that must fail; return its error code and message."""
    with pytest.raises(ClientError) as raised:
        call(**params)
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


class World:
    """One pool and app client on a reference target, and verbs for the tests."""

    def __init__(
        self, pool: dict[str, Any], client: dict[str, Any], target: ReferenceTarget
    ) -> None:
        self.target = target
        self.cognito = self.target.cognito_client()
        provisioned = self.target.provision(PoolRequest(pool=pool, client=client))
        self.pool_id = provisioned.pool_id
        self.client_id = provisioned.client_id

    def add_user(
        self,
        username: str,
        *,
        email: str | None = None,
        email_verified: bool = True,
        phone: str | None = None,
        phone_verified: bool = True,
        password: str | None = PASSWORD,
        enabled: bool = True,
    ) -> dict[str, Any]:
        attributes = []
        if email is not None:
            attributes.append({"Name": "email", "Value": email})
        if phone is not None:
            attributes.append({"Name": "phone_number", "Value": phone})
        if email is not None or "@" in username:
            attributes.append({"Name": "email_verified", "Value": str(email_verified).lower()})
        if phone is not None or username.startswith("+"):
            attributes.append(
                {"Name": "phone_number_verified", "Value": str(phone_verified).lower()}
            )
        user = self.cognito.admin_create_user(
            UserPoolId=self.pool_id,
            Username=username,
            UserAttributes=attributes,
            MessageAction="SUPPRESS",
        )["User"]
        if password is not None:
            self.cognito.admin_set_user_password(
                UserPoolId=self.pool_id, Username=username, Password=password, Permanent=True
            )
        if not enabled:
            self.cognito.admin_disable_user(UserPoolId=self.pool_id, Username=username)
        return user

    def sign_in(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        return self.cognito.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )

    def tokens(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        return self.sign_in(username, password)["AuthenticationResult"]

    def forgot(self, username: str) -> dict[str, Any]:
        response = self.cognito.forgot_password(ClientId=self.client_id, Username=username)
        return response["CodeDeliveryDetails"]

    def code(self, username: str) -> str:
        delivery = self.target.last_delivery(self.pool_id, username)
        assert delivery is not None, f"no code was delivered to {username}"
        return delivery.code

    def confirm(self, username: str, code: str, password: str = NEW_PASSWORD) -> dict[str, Any]:
        return self.cognito.confirm_forgot_password(
            ClientId=self.client_id, Username=username, ConfirmationCode=code, Password=password
        )

    def get_user(self, username: str) -> dict[str, Any]:
        return self.cognito.admin_get_user(UserPoolId=self.pool_id, Username=username)


@pytest.fixture(scope="module")
def target() -> ReferenceTarget:
    """One target for the module (client creation dominates the run time); each test makes its
    own pools, and advancing the clock cannot disturb another test's pools."""
    return ReferenceTarget()


@pytest.fixture
def make_world(target: ReferenceTarget) -> Any:
    return lambda pool, client: World(pool, client, target)


@pytest.fixture
def world(make_world: Any) -> World:
    """An email-login pool (like Amplify's default) with an ENABLED client."""
    return make_world(EMAIL_POOL, APP_CLIENT)


@pytest.fixture
def plain(make_world: Any) -> World:
    """A pool with free-form usernames, no recovery setting, and a LEGACY client."""
    return make_world(PLAIN_POOL, LEGACY_CLIENT)


# ---------------------------------------------------------------- pools and clients


def test_omitted_policy_gets_cognitos_default(plain: World) -> None:
    pool = plain.cognito.describe_user_pool(UserPoolId=plain.pool_id)["UserPool"]
    assert pool["Id"].startswith("us-east-1_")
    assert pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 8,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": 7,
    }
    assert "AccountRecoverySetting" not in pool


def test_pool_reports_its_settings(world: World) -> None:
    pool = world.cognito.describe_user_pool(UserPoolId=world.pool_id)["UserPool"]
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    assert pool["AccountRecoverySetting"] == EMAIL_POOL["AccountRecoverySetting"]


@pytest.mark.parametrize(
    ("settings", "minimum", "days"),
    [
        ({"MinimumLength": 6}, 6, 7),
        ({"MinimumLength": 99, "TemporaryPasswordValidityDays": 0}, 99, 7),
        ({"TemporaryPasswordValidityDays": 365}, 8, 365),
    ],
)
def test_policy_limits_are_accepted(
    target: ReferenceTarget, settings: dict, minimum: int, days: int
) -> None:
    cognito = target.cognito_client()
    pool = cognito.create_user_pool(PoolName="p", Policies={"PasswordPolicy": settings})
    policy = pool["UserPool"]["Policies"]["PasswordPolicy"]
    assert (policy["MinimumLength"], policy["TemporaryPasswordValidityDays"]) == (minimum, days)


@pytest.mark.parametrize(
    ("settings", "constraint"),
    [
        ({"MinimumLength": 5}, "greater than or equal to 6"),
        ({"MinimumLength": 100}, "less than or equal to 99"),
        ({"TemporaryPasswordValidityDays": -1}, "greater than or equal to 0"),
        ({"TemporaryPasswordValidityDays": 366}, "less than or equal to 365"),
    ],
)
def test_policy_outside_the_limits_is_refused_by_the_service(
    target: ReferenceTarget, settings: dict, constraint: str
) -> None:
    # The client does not validate parameters, so these reach the service as from amplify-js.
    cognito = target.cognito_client()
    code, message = error_of(
        cognito.create_user_pool, PoolName="p", Policies={"PasswordPolicy": settings}
    )
    assert code == "InvalidParameterException"
    assert message.startswith("1 validation error detected: Value ")
    assert constraint in message


@pytest.mark.parametrize(
    "mechanisms",
    [
        [{"Name": "admin_only", "Priority": 1}, {"Name": "verified_email", "Priority": 2}],
        [
            {"Name": "verified_email", "Priority": 1},
            {"Name": "verified_phone_number", "Priority": 1},
        ],
        [{"Name": "verified_email", "Priority": 3}],
        [{"Name": "verified_fax", "Priority": 1}],
        [
            {"Name": "verified_email", "Priority": 1},
            {"Name": "verified_phone_number", "Priority": 2},
            {"Name": "admin_only", "Priority": 2},
        ],
    ],
)
def test_invalid_recovery_settings_are_refused(target: ReferenceTarget, mechanisms: list) -> None:
    code, _ = error_of(
        target.cognito_client().create_user_pool,
        PoolName="p",
        AccountRecoverySetting={"RecoveryMechanisms": mechanisms},
    )
    assert code == "InvalidParameterException"


def test_deleted_pool_is_gone(plain: World) -> None:
    plain.cognito.delete_user_pool(UserPoolId=plain.pool_id)
    code, message = error_of(plain.cognito.describe_user_pool, UserPoolId=plain.pool_id)
    assert code == "ResourceNotFoundException"
    assert plain.pool_id in message
    assert error_of(plain.forgot, username="anyone")[0] == "ResourceNotFoundException"


def test_list_user_pools_pages() -> None:
    cognito = ReferenceTarget().cognito_client()  # its own target, so it lists only these pools
    ids = [cognito.create_user_pool(PoolName=f"p{i}")["UserPool"]["Id"] for i in range(3)]
    first = cognito.list_user_pools(MaxResults=2)
    rest = cognito.list_user_pools(MaxResults=2, NextToken=first["NextToken"])
    assert [p["Id"] for p in first["UserPools"] + rest["UserPools"]] == ids
    assert "NextToken" not in rest


def test_app_client_defaults_to_legacy_existence_errors(plain: World) -> None:
    created = plain.cognito.create_user_pool_client(UserPoolId=plain.pool_id, ClientName="c")
    client = plain.cognito.describe_user_pool_client(
        UserPoolId=plain.pool_id, ClientId=created["UserPoolClient"]["ClientId"]
    )["UserPoolClient"]
    assert client["PreventUserExistenceErrors"] == "LEGACY"
    assert client["ClientName"] == "c"
    assert "ClientSecret" not in client
    code, _ = error_of(
        plain.cognito.describe_user_pool_client, UserPoolId=plain.pool_id, ClientId="nope"
    )
    assert code == "ResourceNotFoundException"


def test_unimplemented_operation_is_named_in_the_error(plain: World) -> None:
    code, message = error_of(plain.cognito.list_users, UserPoolId=plain.pool_id)
    assert code == "InvalidAction"
    assert "ListUsers" in message


def test_error_responses_carry_the_error_type_header(plain: World) -> None:
    with pytest.raises(ClientError) as raised:
        plain.cognito.admin_get_user(UserPoolId=plain.pool_id, Username="ghost")
    metadata = raised.value.response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 400
    assert metadata["HTTPHeaders"]["x-amzn-errortype"] == "UserNotFoundException:"
    assert metadata["HTTPHeaders"]["content-type"] == "application/x-amz-json-1.1"


# ---------------------------------------------------------------- administering users


def test_email_login_user_is_stored_under_a_generated_username(world: World) -> None:
    created = world.add_user("Alice@Example.com", password=None)
    assert created["Username"] != "Alice@Example.com"
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    attributes = {a["Name"]: a["Value"] for a in created["Attributes"]}
    assert attributes["email"] == "Alice@Example.com"
    assert attributes["sub"] == created["Username"]
    for name in ("alice@example.com", "ALICE@EXAMPLE.COM", created["Username"]):
        assert world.get_user(name)["Username"] == created["Username"]


@pytest.mark.parametrize(
    ("username_attributes", "message"),
    [
        (["email", "phone_number"], "Username should be either an email or a phone number."),
        (["email"], "Username should be an email."),
        (["phone_number"], "Username should be a phone number."),
    ],
)
def test_login_attribute_pools_need_an_email_or_phone(
    make_world: Any, username_attributes: list, message: str
) -> None:
    pool = make_world({"PoolName": "p", "UsernameAttributes": username_attributes}, APP_CLIENT)
    code, text = error_of(
        pool.cognito.admin_create_user, UserPoolId=pool.pool_id, Username="alice"
    )
    assert (code, text) == ("InvalidParameterException", message)


def test_phone_login_user_is_found_by_number(make_world: Any) -> None:
    both = {"PoolName": "p", "UsernameAttributes": ["email", "phone_number"]}
    pool = make_world(both, APP_CLIENT)
    created = pool.add_user("+15555556828")
    assert pool.get_user("+15555556828")["Username"] == created["Username"]
    assert pool.tokens("+15555556828")["TokenType"] == "Bearer"


def test_duplicate_users_are_refused(world: World, plain: World) -> None:
    world.add_user("alice@example.com")
    code, _ = error_of(
        world.cognito.admin_create_user, UserPoolId=world.pool_id, Username="ALICE@example.com"
    )
    assert code == "UsernameExistsException"
    plain.add_user("bob")
    code, _ = error_of(plain.cognito.admin_create_user, UserPoolId=plain.pool_id, Username="bob")
    assert code == "UsernameExistsException"


def test_usernames_are_case_sensitive_unless_the_pool_says_otherwise(
    make_world: Any, plain: World
) -> None:
    plain.add_user("Bob")
    assert error_of(plain.get_user, username="bob")[0] == "UserNotFoundException"
    insensitive = make_world({"PoolName": "p", "UsernameConfiguration": {"CaseSensitive": False}},
                        APP_CLIENT)
    insensitive.add_user("Bob")
    assert insensitive.get_user("bOB")["Username"] == "Bob"


@pytest.mark.parametrize(
    ("temporary", "code", "fragment"),
    [
        ("short1!A", None, None),
        ("Sh0rt!", "InvalidPasswordException", "Password does not conform to policy: Password "
         "not long enough"),
        ("nouppercase1!", "InvalidPasswordException", "Password must have uppercase characters"),
        (" Leading1!", "InvalidParameterException", "Value at 'temporaryPassword'"),
    ],
)
def test_temporary_password_is_checked(plain: World, temporary, code, fragment) -> None:
    call = plain.cognito.admin_create_user
    params = dict(UserPoolId=plain.pool_id, Username="carol", TemporaryPassword=temporary)
    if code is None:
        assert call(**params)["User"]["UserStatus"] == "FORCE_CHANGE_PASSWORD"
        return
    got, message = error_of(call, **params)
    assert got == code and fragment in message


def test_admin_set_user_password_permanent_or_temporary(plain: World) -> None:
    plain.add_user("dave", password=None)
    plain.cognito.admin_set_user_password(
        UserPoolId=plain.pool_id, Username="dave", Password=PASSWORD, Permanent=True
    )
    assert plain.get_user("dave")["UserStatus"] == "CONFIRMED"
    plain.cognito.admin_set_user_password(
        UserPoolId=plain.pool_id, Username="dave", Password=NEW_PASSWORD, Permanent=False
    )
    assert plain.get_user("dave")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    code, message = error_of(
        plain.cognito.admin_set_user_password,
        UserPoolId=plain.pool_id, Username="dave", Password="weakpass", Permanent=True,
    )
    assert (code, message) == (
        "InvalidPasswordException",
        "Password does not conform to policy: Password must have uppercase characters",
    )


@pytest.mark.parametrize(
    ("operation", "extra"),
    [
        ("admin_get_user", {}),
        ("admin_disable_user", {}),
        ("admin_enable_user", {}),
        ("admin_delete_user", {}),
        ("admin_set_user_password", {"Password": PASSWORD, "Permanent": True}),
        ("admin_update_user_attributes", {"UserAttributes": [{"Name": "name", "Value": "x"}]}),
    ],
)
def test_admin_calls_on_an_unknown_user(plain: World, operation: str, extra: dict) -> None:
    call = getattr(plain.cognito, operation)
    assert error_of(call, UserPoolId=plain.pool_id, Username="ghost", **extra) == (
        "UserNotFoundException",
        "User does not exist.",
    )


def test_admin_calls_on_an_unknown_pool(plain: World) -> None:
    code, _ = error_of(plain.cognito.admin_get_user, UserPoolId="us-east-1_nope", Username="x")
    assert code == "ResourceNotFoundException"


def test_changing_an_address_clears_its_verification(plain: World) -> None:
    plain.add_user("erin", email="erin@example.com", phone="+15555550100")
    plain.cognito.admin_update_user_attributes(
        UserPoolId=plain.pool_id,
        Username="erin",
        UserAttributes=[{"Name": "email", "Value": "erin@example.org"}],
    )
    attributes = {a["Name"]: a["Value"] for a in plain.get_user("erin")["UserAttributes"]}
    assert attributes["email"] == "erin@example.org"
    assert attributes["email_verified"] == "false"
    assert attributes["phone_number_verified"] == "true"


def test_malformed_addresses_are_refused(plain: World) -> None:
    for name, value in [("email", "not-an-email"), ("phone_number", "555-0100")]:
        code, _ = error_of(
            plain.cognito.admin_create_user,
            UserPoolId=plain.pool_id,
            Username="frank",
            UserAttributes=[{"Name": name, "Value": value}],
        )
        assert code == "InvalidParameterException"


def test_email_in_use_by_another_login_is_refused(world: World) -> None:
    world.add_user("gina@example.com")
    world.add_user("hank@example.com")
    code, _ = error_of(
        world.cognito.admin_update_user_attributes,
        UserPoolId=world.pool_id,
        Username="hank@example.com",
        UserAttributes=[{"Name": "email", "Value": "GINA@example.com"}],
    )
    assert code == "AliasExistsException"


def test_deleted_user_is_gone(plain: World) -> None:
    plain.add_user("ivan")
    access = plain.tokens("ivan")["AccessToken"]
    plain.cognito.admin_delete_user(UserPoolId=plain.pool_id, Username="ivan")
    assert error_of(plain.get_user, username="ivan")[0] == "UserNotFoundException"
    assert error_of(plain.cognito.get_user, AccessToken=access)[0] == "NotAuthorizedException"


# ---------------------------------------------------------------- signing in


def test_password_sign_in_returns_tokens(world: World) -> None:
    created = world.add_user("judy@example.com")
    result = world.tokens("judy@example.com")
    assert (result["ExpiresIn"], result["TokenType"]) == (3600, "Bearer")
    assert result["RefreshToken"]
    access = decode_unverified(result["AccessToken"])
    assert access["token_use"] == "access"
    assert access["scope"] == "aws.cognito.signin.user.admin"
    assert access["iss"] == f"https://cognito-idp.us-east-1.amazonaws.com/{world.pool_id}"
    assert (access["username"], access["client_id"]) == (created["Username"], world.client_id)
    assert access["exp"] - access["iat"] == 3600
    identity = decode_unverified(result["IdToken"])
    assert identity["token_use"] == "id"
    assert identity["email"] == "judy@example.com"
    assert identity["cognito:username"] == created["Username"]
    assert identity["aud"] == world.client_id
    assert identity["origin_jti"] == access["origin_jti"]


def test_sign_in_needs_the_password_flow_on_the_client(plain: World) -> None:
    plain.add_user("kim")
    client_id = plain.cognito.create_user_pool_client(
        UserPoolId=plain.pool_id, ClientName="srp-only", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )["UserPoolClient"]["ClientId"]
    assert error_of(
        plain.cognito.initiate_auth,
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "kim", "PASSWORD": PASSWORD},
    ) == ("InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")


def test_sign_in_with_an_unknown_client(plain: World) -> None:
    plain.client_id = "unknownclient"
    assert error_of(plain.sign_in, username="kim")[0] == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        (LEGACY_CLIENT, ("UserNotFoundException", "User does not exist.")),
        (APP_CLIENT, ("NotAuthorizedException", "Incorrect username or password.")),
    ],
)
def test_sign_in_as_an_unknown_user(make_world: Any, client: dict, expected: tuple) -> None:
    assert error_of(make_world(PLAIN_POOL, client).sign_in, username="ghost") == expected


def test_sign_in_with_a_wrong_password_or_disabled(plain: World) -> None:
    plain.add_user("liam")
    assert error_of(plain.sign_in, username="liam", password="Wr0ng-pass") == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )
    plain.cognito.admin_disable_user(UserPoolId=plain.pool_id, Username="liam")
    assert error_of(plain.sign_in, username="liam") == (
        "NotAuthorizedException",
        "User is disabled.",
    )
    plain.cognito.admin_enable_user(UserPoolId=plain.pool_id, Username="liam")
    assert plain.tokens("liam")["AccessToken"]


def test_temporary_password_leads_to_new_password_challenge(plain: World) -> None:
    plain.cognito.admin_create_user(
        UserPoolId=plain.pool_id, Username="mia", TemporaryPassword="Temp-pass1"
    )
    challenge = plain.sign_in("mia", "Temp-pass1")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    respond = plain.cognito.respond_to_auth_challenge
    params = dict(ClientId=plain.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                  Session=challenge["Session"])
    code, message = error_of(
        respond, **params, ChallengeResponses={"USERNAME": "mia", "NEW_PASSWORD": "weak"}
    )
    assert (code, message) == (
        "InvalidPasswordException", "Password does not conform to policy: Password not long enough"
    )
    result = respond(**params, ChallengeResponses={"USERNAME": "mia", "NEW_PASSWORD": PASSWORD})
    assert result["AuthenticationResult"]["AccessToken"]
    assert plain.get_user("mia")["UserStatus"] == "CONFIRMED"
    assert error_of(
        respond, **params, ChallengeResponses={"USERNAME": "mia", "NEW_PASSWORD": PASSWORD}
    ) == ("NotAuthorizedException", "Invalid session for the user.")


@pytest.mark.parametrize(("days", "elapsed", "expired"), [
    (7, 7 * DAY, False),
    (7, 7 * DAY + 1, True),
    (3, 3 * DAY, False),
    (3, 3 * DAY + 1, True),
    (1, DAY + 1, True),
])
def test_temporary_password_expires_after_the_validity_days(
    make_world: Any, days: int, elapsed: int, expired: bool
) -> None:
    pool = make_world(
        {"PoolName": "p", "Policies": {"PasswordPolicy": {"TemporaryPasswordValidityDays": days,
                                                          "MinimumLength": 8}}},
        LEGACY_CLIENT,
    )
    pool.cognito.admin_create_user(
        UserPoolId=pool.pool_id, Username="nia", TemporaryPassword="temppass"
    )
    pool.target.advance_clock(elapsed)
    if expired:
        assert error_of(pool.sign_in, username="nia", password="temppass") == (
            "NotAuthorizedException",
            "User account has expired, it must be reset by an administrator.",
        )
    else:
        assert pool.sign_in("nia", "temppass")["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_admin_reset_of_a_temporary_password_restarts_its_validity(plain: World) -> None:
    plain.add_user("omar", password=None)
    plain.target.advance_clock(6 * DAY)
    plain.cognito.admin_set_user_password(
        UserPoolId=plain.pool_id, Username="omar", Password=PASSWORD, Permanent=False
    )
    plain.target.advance_clock(6 * DAY)
    assert plain.sign_in("omar")["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


# ---------------------------------------------------------------- tokens


def test_access_token_checks(plain: World) -> None:
    plain.add_user("pia")
    access = plain.tokens("pia")["AccessToken"]
    assert plain.cognito.get_user(AccessToken=access)["Username"] == "pia"
    header, payload, signature = access.split(".")
    bad = [
        "not-a-token",
        f"{header}.{payload}.{signature[:-2]}AA",
        plain.tokens("pia")["IdToken"],
        ReferenceTarget().service.signer.sign(decode_unverified(access)),
    ]
    for token in bad:
        assert error_of(plain.cognito.get_user, AccessToken=token) == (
            "NotAuthorizedException", "Invalid Access Token"
        )


def test_access_token_expires_after_an_hour(plain: World) -> None:
    plain.add_user("quin")
    access = plain.tokens("quin")["AccessToken"]
    plain.target.advance_clock(3599)
    plain.cognito.get_user(AccessToken=access)
    plain.target.advance_clock(1)
    assert error_of(plain.cognito.get_user, AccessToken=access) == (
        "NotAuthorizedException", "Access Token has expired"
    )


def test_global_sign_out_revokes_every_earlier_token(plain: World) -> None:
    plain.add_user("rose")
    first = plain.tokens("rose")
    second = plain.tokens("rose")
    plain.cognito.global_sign_out(AccessToken=first["AccessToken"])
    for tokens in (first, second):
        assert error_of(plain.cognito.get_user, AccessToken=tokens["AccessToken"]) == (
            "NotAuthorizedException", "Access Token has been revoked"
        )
    code, _ = error_of(
        plain.cognito.initiate_auth,
        ClientId=plain.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": second["RefreshToken"]},
    )
    assert code == "NotAuthorizedException"
    assert plain.cognito.get_user(AccessToken=plain.tokens("rose")["AccessToken"])


def test_refresh_token_gives_new_tokens(plain: World) -> None:
    plain.add_user("sam")
    first = plain.tokens("sam")
    plain.target.advance_clock(3600)
    refreshed = plain.cognito.initiate_auth(
        ClientId=plain.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]},
    )["AuthenticationResult"]
    assert "RefreshToken" not in refreshed
    assert plain.cognito.get_user(AccessToken=refreshed["AccessToken"])["Username"] == "sam"


def test_disabled_user_tokens_are_revoked_for_good(plain: World) -> None:
    plain.add_user("tia")
    access = plain.tokens("tia")["AccessToken"]
    plain.cognito.admin_disable_user(UserPoolId=plain.pool_id, Username="tia")
    revoked = ("NotAuthorizedException", "Access Token has been revoked")
    assert error_of(plain.cognito.get_user, AccessToken=access) == revoked
    plain.cognito.admin_enable_user(UserPoolId=plain.pool_id, Username="tia")
    assert error_of(plain.cognito.get_user, AccessToken=access) == revoked


# ---------------------------------------------------------------- ForgotPassword


def test_reset_code_goes_to_the_verified_email(world: World) -> None:
    world.add_user("test@test.com")
    assert world.forgot("test@test.com") == {
        "Destination": "t***@t***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    delivery = world.target.last_delivery(world.pool_id, "test@test.com")
    assert delivery is not None
    assert (delivery.medium, delivery.destination) == ("EMAIL", "test@test.com")
    assert len(delivery.code) == 6 and delivery.code.isdigit()


def test_reset_code_goes_to_the_verified_phone(make_world: Any) -> None:
    pool = make_world(
        {
            "PoolName": "p",
            "UsernameAttributes": ["phone_number"],
            "AccountRecoverySetting": {
                "RecoveryMechanisms": [{"Name": "verified_phone_number", "Priority": 1}]
            },
        },
        APP_CLIENT,
    )
    pool.add_user("+15555556828")
    assert pool.forgot("+15555556828") == {
        "Destination": "+*******6828",
        "DeliveryMedium": "SMS",
        "AttributeName": "phone_number",
    }
    delivery = pool.target.last_delivery(pool.pool_id, "+15555556828")
    assert delivery is not None and delivery.destination == "+15555556828"


@pytest.mark.parametrize(
    ("mechanisms", "email_verified", "phone_verified", "medium"),
    [
        ([("verified_email", 1), ("verified_phone_number", 2)], True, True, "EMAIL"),
        ([("verified_email", 1), ("verified_phone_number", 2)], False, True, "SMS"),
        ([("verified_phone_number", 1), ("verified_email", 2)], True, True, "SMS"),
        ([("verified_phone_number", 1), ("verified_email", 2)], True, False, "EMAIL"),
        (None, True, True, "SMS"),
        (None, True, False, "EMAIL"),
    ],
)
def test_recovery_priority_and_fallback(
    make_world: Any,
    mechanisms: list | None,
    email_verified: bool,
    phone_verified: bool,
    medium: str,
) -> None:
    pool_settings: dict[str, Any] = {"PoolName": "p"}
    if mechanisms is not None:
        pool_settings["AccountRecoverySetting"] = {
            "RecoveryMechanisms": [{"Name": n, "Priority": p} for n, p in mechanisms]
        }
    pool = make_world(pool_settings, LEGACY_CLIENT)
    pool.add_user("uma", email="uma@example.com", email_verified=email_verified,
                  phone="+15555550123", phone_verified=phone_verified)
    assert pool.forgot("uma")["DeliveryMedium"] == medium
    delivery = pool.target.last_delivery(pool.pool_id, "uma")
    assert delivery is not None and delivery.medium == medium


def test_admin_only_recovery_sends_nothing(make_world: Any) -> None:
    pool = make_world(
        {"PoolName": "p",
         "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "admin_only", "Priority": 1}]}},
        LEGACY_CLIENT,
    )
    pool.add_user("vic", email="vic@example.com")
    assert error_of(pool.forgot, username="vic") == (
        "NotAuthorizedException", "Contact administrator to reset password."
    )
    assert pool.target.last_delivery(pool.pool_id, "vic") is None


@pytest.mark.parametrize("client", [LEGACY_CLIENT, APP_CLIENT])
def test_no_verified_channel_is_an_error_in_both_modes(make_world: Any, client: dict) -> None:
    pool = make_world(PLAIN_POOL, client)
    pool.add_user("wes", email="wes@example.com", email_verified=False)
    assert error_of(pool.forgot, username="wes") == (
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or "
        "phone_number",
    )


def test_unknown_user_under_legacy(plain: World) -> None:
    assert error_of(plain.forgot, username="ghost") == (
        "UserNotFoundException", "Username/client id combination not found."
    )


def test_unknown_user_under_enabled_gets_a_simulated_delivery(world: World) -> None:
    assert world.forgot("nobody@example.com") == {
        "Destination": "n***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    assert world.target.last_delivery(world.pool_id, "nobody@example.com") is None
    fake = world.forgot("not-an-email")
    assert fake["DeliveryMedium"] == "EMAIL"
    assert fake["Destination"].startswith("n***@") and fake == world.forgot("not-an-email")


def test_disabled_user(world: World, plain: World) -> None:
    plain.add_user("xan", email="xan@example.com", enabled=False)
    assert error_of(plain.forgot, username="xan") == ("NotAuthorizedException", "User is disabled.")
    world.add_user("xan@example.com", enabled=False)
    assert world.forgot("xan@example.com")["Destination"] == "x***@e***"
    assert world.target.last_delivery(world.pool_id, "xan@example.com") is None


@pytest.mark.parametrize("client", [LEGACY_CLIENT, APP_CLIENT])
def test_user_with_a_temporary_password_cannot_reset(make_world: Any, client: dict) -> None:
    pool = make_world(PLAIN_POOL, client)
    pool.add_user("yara", email="yara@example.com", password=None)
    assert error_of(pool.forgot, username="yara") == (
        "NotAuthorizedException", "User password cannot be reset in the current state."
    )


@pytest.mark.parametrize(
    ("username", "constraint"),
    [
        ("", "Member must have length greater than or equal to 1"),
        (" ", "Member must satisfy regular expression pattern"),
        ("a" * 129, "Member must have length less than or equal to 128"),
    ],
)
def test_malformed_usernames_fail_request_validation(
    world: World, username: str, constraint: str
) -> None:
    for call in (world.forgot, world.get_user):
        code, message = error_of(call, username=username)
        assert code == "InvalidParameterException"
        assert message.startswith("1 validation error detected: Value at 'username'")
        assert constraint in message


@pytest.mark.parametrize("code", ["", "   "])
def test_malformed_confirmation_code_fails_request_validation(world: World, code: str) -> None:
    world.add_user("ida@example.com")
    world.forgot("ida@example.com")
    error, message = error_of(world.confirm, username="ida@example.com", code=code)
    assert error == "InvalidParameterException" and "'confirmationCode'" in message


def test_forgot_password_with_an_unknown_client(world: World) -> None:
    world.client_id = "unknownclient"
    assert error_of(world.forgot, username="a@example.com")[0] == "ResourceNotFoundException"


# ---------------------------------------------------------------- ConfirmForgotPassword


def test_confirm_sets_the_new_password(world: World) -> None:
    world.add_user("zoe@example.com")
    session = world.tokens("zoe@example.com")
    world.forgot("zoe@example.com")
    assert world.confirm("zoe@example.com", world.code("zoe@example.com"))["ResponseMetadata"]
    assert world.tokens("zoe@example.com", NEW_PASSWORD)["AccessToken"]
    assert error_of(world.sign_in, username="zoe@example.com")[0] == "NotAuthorizedException"
    # Other sessions stay signed in.
    assert world.cognito.get_user(AccessToken=session["AccessToken"])


def test_confirm_moves_a_reset_user_to_confirmed(plain: World) -> None:
    plain.add_user("abe", email="abe@example.com")
    plain.forgot("abe")
    plain.confirm("abe", plain.code("abe"))
    assert plain.get_user("abe")["UserStatus"] == "CONFIRMED"


def test_code_works_once(world: World) -> None:
    world.add_user("bea@example.com")
    world.forgot("bea@example.com")
    code = world.code("bea@example.com")
    world.confirm("bea@example.com", code)
    assert error_of(world.confirm, username="bea@example.com", code=code, password=PASSWORD) == (
        "ExpiredCodeException", "Invalid code provided, please request a code again."
    )


def test_wrong_code(world: World) -> None:
    world.add_user("cal@example.com")
    world.forgot("cal@example.com")
    wrong = "000000" if world.code("cal@example.com") != "000000" else "111111"
    assert error_of(world.confirm, username="cal@example.com", code=wrong) == (
        "CodeMismatchException", "Invalid verification code provided, please try again."
    )


def test_no_code_requested(world: World) -> None:
    world.add_user("dee@example.com")
    assert error_of(world.confirm, username="dee@example.com", code="123456") == (
        "ExpiredCodeException", "Invalid code provided, please request a code again."
    )


@pytest.mark.parametrize(("elapsed", "valid"), [(3599, True), (3600, True), (3601, False)])
def test_code_is_valid_for_one_hour(world: World, elapsed: int, valid: bool) -> None:
    world.add_user("eve@example.com")
    world.forgot("eve@example.com")
    world.target.advance_clock(elapsed)
    code = world.code("eve@example.com")
    if valid:
        world.confirm("eve@example.com", code)
    else:
        assert error_of(world.confirm, username="eve@example.com", code=code)[0] == (
            "ExpiredCodeException"
        )


def test_newest_code_replaces_the_previous_one(world: World) -> None:
    world.add_user("fay@example.com")
    world.forgot("fay@example.com")
    first = world.code("fay@example.com")
    world.target.advance_clock(3000)
    world.forgot("fay@example.com")
    newest = world.code("fay@example.com")
    if first != newest:
        assert error_of(world.confirm, username="fay@example.com", code=first)[0] == (
            "CodeMismatchException"
        )
    world.target.advance_clock(1000)  # the newest code's hour runs from its own request
    world.confirm("fay@example.com", newest)


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("Sh0rt!", "InvalidPasswordException",
         "Password does not conform to policy: Password not long enough"),
        ("ALLUPPER1!", "InvalidPasswordException",
         "Password does not conform to policy: Password must have lowercase characters"),
        ("alllower1!", "InvalidPasswordException",
         "Password does not conform to policy: Password must have uppercase characters"),
        ("NoNumbers!", "InvalidPasswordException",
         "Password does not conform to policy: Password must have numeric characters"),
        ("NoSymbols1", "InvalidPasswordException",
         "Password does not conform to policy: Password must have symbol characters"),
        ("Pound£Sign1", "InvalidPasswordException",
         "Password does not conform to policy: Password must have symbol characters"),
        ("Inner Space1", None, None),
        (" Leading1!", "InvalidParameterException",
         "1 validation error detected: Value at 'password' failed to satisfy constraint: "
         "Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$"),
        ("Aa1!" + "x" * 253, "InvalidParameterException",
         "1 validation error detected: Value at 'password' failed to satisfy constraint: "
         "Member must have length less than or equal to 256"),
        ("Aa1!" + "x" * 252, None, None),
    ],
)
def test_new_password_is_checked(world: World, password, code, message) -> None:
    world.add_user("gus@example.com")
    world.forgot("gus@example.com")
    reset_code = world.code("gus@example.com")
    if code is None:
        world.confirm("gus@example.com", reset_code, password)
        assert world.tokens("gus@example.com", password)
    else:
        assert error_of(
            world.confirm, username="gus@example.com", code=reset_code, password=password
        ) == (code, message)


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        (LEGACY_CLIENT, ("UserNotFoundException", "Username/client id combination not found.")),
        (APP_CLIENT, ("CodeMismatchException",
                      "Invalid verification code provided, please try again.")),
    ],
)
def test_confirm_for_an_unknown_user(make_world: Any, client: dict, expected: tuple) -> None:
    pool = make_world(PLAIN_POOL, client)
    assert error_of(pool.confirm, username="ghost", code="123456") == expected


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        (LEGACY_CLIENT, ("NotAuthorizedException", "User is disabled.")),
        (APP_CLIENT, ("CodeMismatchException",
                      "Invalid verification code provided, please try again.")),
    ],
)
def test_confirm_for_a_disabled_user(make_world: Any, client: dict, expected: tuple) -> None:
    pool = make_world(PLAIN_POOL, client)
    pool.add_user("hal", email="hal@example.com")
    pool.forgot("hal")
    pool.cognito.admin_disable_user(UserPoolId=pool.pool_id, Username="hal")
    assert error_of(pool.confirm, username="hal", code=pool.code("hal")) == expected


# ---------------------------------------------------------------- ChangePassword


def change(world: World, access: str, previous: str, proposed: str) -> Any:
    return world.cognito.change_password(
        AccessToken=access, PreviousPassword=previous, ProposedPassword=proposed
    )


def test_change_password(plain: World) -> None:
    plain.add_user("ian")
    access = plain.tokens("ian")["AccessToken"]
    change(plain, access, PASSWORD, NEW_PASSWORD)
    assert plain.tokens("ian", NEW_PASSWORD)
    assert error_of(plain.sign_in, username="ian")[0] == "NotAuthorizedException"


def test_change_password_errors(plain: World) -> None:
    plain.add_user("jo")
    access = plain.tokens("jo")["AccessToken"]
    assert error_of(change, world=plain, access=access, previous="Wr0ng-pass",
                    proposed=NEW_PASSWORD) == (
        "NotAuthorizedException", "Incorrect username or password."
    )
    assert error_of(change, world=plain, access=access, previous=PASSWORD,
                    proposed="nosymbols1A") == (
        "InvalidPasswordException",
        "Password does not conform to policy: Password must have symbol characters",
    )
    code, message = error_of(change, world=plain, access=access, previous=PASSWORD,
                             proposed="Trailing1! ")
    assert code == "InvalidParameterException" and "'proposedPassword'" in message
    plain.cognito.global_sign_out(AccessToken=access)
    assert error_of(change, world=plain, access=access, previous=PASSWORD,
                    proposed=NEW_PASSWORD) == (
        "NotAuthorizedException", "Access Token has been revoked"
    )
    fresh = plain.tokens("jo")["AccessToken"]
    plain.target.advance_clock(3600)
    assert error_of(change, world=plain, access=fresh, previous=PASSWORD,
                    proposed=NEW_PASSWORD) == (
        "NotAuthorizedException", "Access Token has expired"
    )
