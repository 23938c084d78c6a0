"""The reference's password history: which passwords a user cannot choose again, and where it is checked."""
from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from targets.contract import PoolRequest
from targets.reference import ReferenceTarget
from targets.reference.policy import PasswordPolicy
from targets.reference.records import PASSWORD_HISTORY_LIMIT, StoredPassword, User

FIRST, SECOND, THIRD, FOURTH = "Aa1!first-pass", "Aa1!second-pass", "Aa1!third-pass", "Aa1!fourth-pass"
VIOLATION = "PasswordHistoryPolicyViolationException"
CLIENT = {"ClientName": "c", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"], "PreventUserExistenceErrors": "ENABLED"}


def pool_request(history: int | None) -> dict[str, Any]:
    policy = {"MinimumLength": 8} if history is None else {"MinimumLength": 8, "PasswordHistorySize": history}
    return {"PoolName": "p", "UsernameAttributes": ["email"], "Policies": {"PasswordPolicy": policy},
            "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]}}


class Pool:
    """A pool with one user whose passwords were FIRST, then SECOND, and are now THIRD."""

    def __init__(self, history: int | None) -> None:
        self.target = ReferenceTarget()
        self.cognito = self.target.cognito_client()
        provisioned = self.target.provision(PoolRequest(pool=pool_request(history), client=CLIENT))
        self.pool_id, self.client_id = provisioned.pool_id, provisioned.client_id
        self.cognito.admin_create_user(UserPoolId=self.pool_id, Username="ann@example.com", TemporaryPassword=FIRST,
                                       MessageAction="SUPPRESS",
                                       UserAttributes=[{"Name": "email_verified", "Value": "true"}])
        for password in (SECOND, THIRD):
            self.admin_set(password)

    def admin_set(self, password: str, permanent: bool = True) -> None:
        self.cognito.admin_set_user_password(UserPoolId=self.pool_id, Username="ann@example.com",
                                             Password=password, Permanent=permanent)

    def change(self, proposed: str) -> None:
        token = self.cognito.initiate_auth(ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                           AuthParameters={"USERNAME": "ann@example.com", "PASSWORD": THIRD})
        self.cognito.change_password(AccessToken=token["AuthenticationResult"]["AccessToken"],
                                     PreviousPassword=THIRD, ProposedPassword=proposed)

    def reset(self, password: str) -> None:
        self.cognito.forgot_password(ClientId=self.client_id, Username="ann@example.com")
        code = self.target.last_delivery(self.pool_id, "ann@example.com").code
        self.cognito.confirm_forgot_password(ClientId=self.client_id, Username="ann@example.com",
                                             ConfirmationCode=code, Password=password)

    def signs_in_with(self, password: str) -> bool:
        try:
            self.cognito.initiate_auth(ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                       AuthParameters={"USERNAME": "ann@example.com", "PASSWORD": password})
        except ClientError:
            return False
        return True


def refusal(call: Any, *args: Any) -> str | None:
    try:
        call(*args)
    except ClientError as error:
        return error.response["Error"]["Code"]
    return None


@pytest.mark.parametrize("way", ["admin_set", "change", "reset"])
def test_every_way_of_setting_a_password_checks_the_history(way: str) -> None:
    pool = Pool(history=3)
    assert refusal(getattr(pool, way), FIRST) == VIOLATION
    assert pool.signs_in_with(THIRD)


def test_the_current_password_counts_and_the_window_ends_at_the_history_size() -> None:
    pool = Pool(history=2)
    assert refusal(pool.admin_set, THIRD) == VIOLATION  # the current password is one of the last two
    assert refusal(pool.admin_set, SECOND) == VIOLATION
    assert refusal(pool.admin_set, FIRST) is None  # three passwords ago
    assert pool.signs_in_with(FIRST)


@pytest.mark.parametrize("history", [None, 0])
def test_without_a_history_every_earlier_password_is_allowed(history: int | None) -> None:
    pool = Pool(history=history)
    assert refusal(pool.admin_set, THIRD) is None
    assert refusal(pool.change, FIRST) is None


def test_a_temporary_password_is_checked_too_and_a_refusal_keeps_the_code() -> None:
    pool = Pool(history=3)
    assert refusal(pool.admin_set, SECOND, False) == VIOLATION
    pool.cognito.forgot_password(ClientId=pool.client_id, Username="ann@example.com")
    code = pool.target.last_delivery(pool.pool_id, "ann@example.com").code
    confirm = pool.cognito.confirm_forgot_password
    assert refusal(lambda: confirm(ClientId=pool.client_id, Username="ann@example.com", ConfirmationCode=code,
                                   Password=SECOND)) == VIOLATION
    confirm(ClientId=pool.client_id, Username="ann@example.com", ConfirmationCode=code, Password=FOURTH)
    assert pool.signs_in_with(FOURTH)


def test_a_new_password_at_the_first_sign_in_is_checked() -> None:
    pool = Pool(history=3)
    pool.admin_set(FOURTH, permanent=False)
    challenge = pool.cognito.initiate_auth(ClientId=pool.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                           AuthParameters={"USERNAME": "ann@example.com", "PASSWORD": FOURTH})
    respond = pool.cognito.respond_to_auth_challenge
    assert refusal(lambda: respond(ClientId=pool.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                   Session=challenge["Session"],
                                   ChallengeResponses={"USERNAME": "ann@example.com", "NEW_PASSWORD": THIRD})) \
        == VIOLATION


@pytest.mark.parametrize(("tier", "refused"), [("LITE", True), ("ESSENTIALS", False), ("PLUS", False), (None, False)])
def test_only_lite_pools_refuse_a_history(tier: str | None, refused: bool) -> None:
    cognito = ReferenceTarget().cognito_client()
    settings = pool_request(3) | ({"UserPoolTier": tier} if tier else {})
    code = refusal(lambda: cognito.create_user_pool(**settings))
    assert code == ("FeatureUnavailableInTierException" if refused else None)
    assert refusal(lambda: cognito.create_user_pool(**pool_request(0), UserPoolTier="LITE")) is None


def test_describe_user_pool_leaves_a_history_of_0_out() -> None:
    assert "PasswordHistorySize" not in PasswordPolicy.from_request({"PasswordHistorySize": 0}).to_response()
    assert PasswordPolicy.from_request({"PasswordHistorySize": 0}).remembered_passwords == 0
    assert PasswordPolicy.from_request({"PasswordHistorySize": 5}).remembered_passwords == 5


def test_a_user_keeps_no_more_earlier_passwords_than_a_history_can_hold() -> None:
    user = User(username="u", sub="s", created_as="u", attributes={}, password=StoredPassword.of("p0"),
                password_set_at=0, created_at=0, modified_at=0)
    for number in range(1, PASSWORD_HISTORY_LIMIT + 5):
        user.replace_password(StoredPassword.of(f"p{number}"))
    assert len(user.earlier_passwords) == PASSWORD_HISTORY_LIMIT
    recent = user.recent_passwords(3)
    assert [any(stored.matches(f"p{n}") for stored in recent) for n in (28, 27, 26, 25)] == [True, True, True, False]
