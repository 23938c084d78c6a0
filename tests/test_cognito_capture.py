"""The capture stack: the Lambda handler (with the AWS Encryption SDK against moto's KMS), the code
oracle reading its table, and bootstrap/teardown against moto."""
from __future__ import annotations

import base64
import io
import zipfile

import boto3
import pytest

moto = pytest.importorskip("moto")
aws_encryption_sdk = pytest.importorskip("aws_encryption_sdk")

from targets.boto import REGION  # noqa: E402
from targets.cognito import capture as stack  # noqa: E402
from targets.cognito.aws import AwsAccess  # noqa: E402
from targets.cognito.capture_lambda import handler as capture_lambda  # noqa: E402
from targets.cognito.codes import CapturedCodes  # noqa: E402
from targets.cognito.packaging import build_package, pip_commands  # noqa: E402


@pytest.fixture
def aws(monkeypatch):
    """In-process moto for every AWS service; dummy credentials, no endpoint override, no config files."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": REGION, "AWS_CONFIG_FILE": "/dev/null",
                        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("CONFORMANCE_COGNITO_ENDPOINT_URL", raising=False)
    with moto.mock_aws():
        yield


def _encrypt_as_cognito_does(key_arn: str, code: str) -> str:
    """Cognito's side: the Encryption SDK with a KMS master key provider naming the pool's key."""
    client = aws_encryption_sdk.EncryptionSDKClient(
        commitment_policy=aws_encryption_sdk.CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[key_arn])
    ciphertext, _ = client.encrypt(source=code.encode(), key_provider=provider)
    return base64.b64encode(ciphertext).decode()


def _codes_table() -> None:
    boto3.client("dynamodb").create_table(
        TableName=stack.TABLE, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "recipient", "KeyType": "HASH"}, {"AttributeName": "sent_at", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "recipient", "AttributeType": "S"},
                              {"AttributeName": "sent_at", "AttributeType": "S"}])


def _event(trigger: str, code: str, **attributes: str) -> dict:
    return {"version": "1", "triggerSource": trigger, "region": REGION, "userPoolId": "us-east-1_Pool",
            "userName": "3f1c-user", "callerContext": {"clientId": "client"},
            "request": {"type": "customEmailSenderRequestV1", "code": code, "userAttributes": attributes}}


class _Context:
    aws_request_id = "request-1"


def test_the_handler_decrypts_the_code_and_stores_it_for_the_oracle(aws, monkeypatch):
    key_arn = boto3.client("kms").create_key()["KeyMetadata"]["Arn"]
    _codes_table()
    monkeypatch.setenv("KEY_ARN", key_arn)
    monkeypatch.setenv("CODES_TABLE", stack.TABLE)
    monkeypatch.setattr(capture_lambda, "_decryptor", None)
    monkeypatch.setattr(capture_lambda, "_table", None)
    event = _event("CustomEmailSender_ForgotPassword", _encrypt_as_cognito_does(key_arn, "246810"),
                   email="someone@example.com", sub="3f1c-user")

    assert capture_lambda.handler(event, _Context()) is event

    item = boto3.resource("dynamodb").Table(stack.TABLE).scan()["Items"][0]
    assert item["recipient"] == "us-east-1_Pool#3f1c-user"
    assert (item["pool"], item["username"], item["code"], item["medium"], item["destination"]) == (
        "us-east-1_Pool", "3f1c-user", "246810", "EMAIL", "someone@example.com")
    assert item["ttl"] > 0 and item["trigger"] == "CustomEmailSender_ForgotPassword"


def test_the_handler_refuses_a_code_encrypted_under_another_key(aws):
    kms = boto3.client("kms")
    ours, theirs = kms.create_key()["KeyMetadata"]["Arn"], kms.create_key()["KeyMetadata"]["Arn"]
    _codes_table()
    event = _event("CustomEmailSender_ForgotPassword", _encrypt_as_cognito_does(theirs, "111111"), email="a@b.example")
    with pytest.raises(Exception):
        capture_lambda.capture(event, _Context(), capture_lambda.Decryptor(ours),
                               boto3.resource("dynamodb").Table(stack.TABLE))
    assert boto3.client("dynamodb").scan(TableName=stack.TABLE)["Count"] == 0


def test_sms_codes_are_stored_with_the_phone_number_and_codeless_events_are_ignored(aws):
    key_arn = boto3.client("kms").create_key()["KeyMetadata"]["Arn"]
    _codes_table()
    table = boto3.resource("dynamodb").Table(stack.TABLE)
    decryptor = capture_lambda.Decryptor(key_arn)
    capture_lambda.capture(_event("CustomSMSSender_ForgotPassword", _encrypt_as_cognito_does(key_arn, "135790"),
                                  phone_number="+15550001234"), _Context(), decryptor, table)
    capture_lambda.capture(_event("CustomEmailSender_AccountTakeOverNotification", ""), _Context(), decryptor, table)
    items = table.scan()["Items"]
    assert [(i["medium"], i["destination"], i["code"]) for i in items] == [("SMS", "+15550001234", "135790")]


def test_the_oracle_answers_the_newest_code_of_the_user(aws):
    cognito = boto3.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName="amplify-pw-conformance-oracle")["UserPool"]["Id"]
    cognito.admin_create_user(UserPoolId=pool, Username="reader", MessageAction="SUPPRESS")
    _codes_table()
    table = boto3.resource("dynamodb").Table(stack.TABLE)
    for moment, code in ((1000.0, "111111"), (2000.0, "222222")):
        table.put_item(Item={"recipient": capture_lambda.recipient_key(pool, "reader"),
                             "sent_at": f"{int(moment * 1000):013d}#x", "code": code, "medium": "EMAIL",
                             "destination": "r@example.com", "ttl": 4_000_000_000})
    oracle = CapturedCodes(boto3.client("dynamodb"), lambda: cognito, stack.TABLE, wait_seconds=0)

    delivery = oracle.last_delivery(pool, "reader")

    assert (delivery.code, delivery.medium, delivery.destination) == ("222222", "EMAIL", "r@example.com")
    assert oracle.last_delivery(pool, "nobody") is None


def test_the_oracle_waits_for_as_many_codes_as_forgot_password_calls_succeeded(aws):
    cognito = boto3.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName="amplify-pw-conformance-wait")["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool, ClientName="app")["UserPoolClient"]["ClientId"]
    cognito.admin_create_user(UserPoolId=pool, Username="reader", MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": "r@example.com"},
                                              {"Name": "email_verified", "Value": "true"}])
    _codes_table()
    now, slept = [0.0], []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    oracle = CapturedCodes(boto3.client("dynamodb"), lambda: cognito, stack.TABLE, wait_seconds=2,
                           clock=lambda: now[0], sleep=sleep)
    oracle.attach(cognito)
    cognito.forgot_password(ClientId=client_id, Username="reader")  # an app client the oracle was not told of
    assert oracle.last_delivery(pool, "reader") is None and slept == []  # no code expected: no wait
    oracle.app_client_of(pool, client_id)
    cognito.forgot_password(ClientId=client_id, Username="reader")
    assert oracle.last_delivery(pool, "reader") is None  # the code never reached the table
    assert sum(slept) >= 2  # after waiting for it until the deadline


def _inventory() -> dict:
    """Everything of the capture stack that exists in the (mocked) account."""
    lambdas = {f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]}
    kms = boto3.client("kms")
    live_keys = [k["KeyId"] for k in kms.list_keys()["Keys"]
                 if kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] != "PendingDeletion"]
    return {
        "functions": sorted(lambdas & set(stack.FUNCTIONS.values())),
        "tables": sorted(set(boto3.client("dynamodb").list_tables()["TableNames"]) & {stack.TABLE}),
        "roles": sorted(r["RoleName"] for r in boto3.client("iam").list_roles()["Roles"] if r["RoleName"] == stack.ROLE),
        "log_groups": sorted(g["logGroupName"] for g in boto3.client("logs").describe_log_groups()["logGroups"]),
        "aliases": sorted(a["AliasName"] for a in kms.list_aliases()["Aliases"] if a["AliasName"] == stack.KEY_ALIAS),
        "live_keys": live_keys,
    }


def test_bootstrap_is_idempotent_and_teardown_leaves_nothing(aws):
    manager = stack.CaptureStackManager(AwsAccess(), say=lambda _: None, sleep=lambda _: None)
    package = lambda: build_package(vendor=False)  # noqa: E731
    assert manager.find() is None

    first = manager.bootstrap(package)
    after_first = _inventory()
    second = manager.bootstrap(package)

    assert first == second == manager.find()
    assert _inventory() == after_first
    assert after_first["functions"] == sorted(stack.FUNCTIONS.values())
    assert len(after_first["live_keys"]) == 1 and after_first["aliases"] == [stack.KEY_ALIAS]
    config = first.lambda_config()
    assert config["KMSKeyID"] == first.key_arn
    assert config["CustomEmailSender"]["LambdaArn"].endswith(stack.FUNCTIONS["EMAIL"])
    environment = boto3.client("lambda").get_function_configuration(FunctionName=stack.FUNCTIONS["SMS"])["Environment"]
    assert environment["Variables"]["KEY_ARN"] == first.key_arn

    removed = manager.teardown()

    assert removed and manager.find() is None
    assert _inventory() == {"functions": [], "tables": [], "roles": [], "log_groups": [], "aliases": [], "live_keys": []}
    assert manager.teardown() == []  # nothing left to remove
    assert manager.bootstrap(package).key_arn != first.key_arn  # a fresh stack after a teardown


def test_teardown_also_removes_a_key_that_a_half_finished_bootstrap_left_without_its_alias(aws):
    kms = boto3.client("kms")
    orphan = kms.create_key(Description=stack.KEY_DESCRIPTION,
                            Tags=[{"TagKey": stack.STACK_TAG_KEY, "TagValue": stack.STACK_TAG_VALUE}])["KeyMetadata"]
    stranger = kms.create_key(Description="someone else's key")["KeyMetadata"]

    stack.CaptureStackManager(AwsAccess(), say=lambda _: None).teardown()

    assert kms.describe_key(KeyId=orphan["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert kms.describe_key(KeyId=stranger["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_the_package_holds_the_handler_and_pip_vendors_for_the_lambda_platform():
    names = zipfile.ZipFile(io.BytesIO(build_package(vendor=False))).namelist()
    assert names == ["handler.py"]
    without_deps, with_deps = pip_commands(pytest.importorskip("pathlib").Path("/tmp/x"))
    assert "--no-deps" in without_deps and any(a.startswith("aws-encryption-sdk==") for a in without_deps)
    assert "--platform" in with_deps and "--only-binary=:all:" in with_deps and "--no-deps" not in with_deps
