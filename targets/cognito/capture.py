"""The capture stack: how the suite reads the codes real Cognito delivers.

Cognito shows a code only to the user it sends it to. With a Custom email sender and a Custom SMS
sender trigger, Cognito instead hands the code, encrypted under a KMS key the pool names, to a Lambda
function; ours decrypts it and writes it to a DynamoDB table with a short TTL, which the target reads.

One stack per account and Region, made of:

- a symmetric KMS key (alias ``alias/amplify-pw-conformance-capture``) that Cognito encrypts codes with;
- the DynamoDB table ``amplify-pw-conformance-codes`` (on demand, TTL on the ``ttl`` attribute);
- the IAM role ``amplify-pw-conformance-capture`` (decrypt with that key, write that table, log);
- two Lambda functions, ``amplify-pw-conformance-email-sender`` and ``-sms-sender``, with their
  CloudWatch log groups (kept one day) and a permission for Cognito to invoke them.

``bootstrap`` creates what is missing and leaves what exists (run it again at will); ``teardown``
removes all of it. A KMS key cannot be deleted at once: teardown schedules its deletion after the
minimum waiting period of 7 days, during which it cannot be used (and, per AWS's pricing, is not
charged). Everything carries the tag ``amplify-password-conformance=capture-stack``.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable

from botocore.exceptions import ClientError

from targets.cognito.aws import AwsAccess
from targets.cognito.packaging import ARCHITECTURE, RUNTIME, build_package, source_digest

STACK_TAG_KEY = "amplify-password-conformance"
STACK_TAG_VALUE = "capture-stack"
KEY_ALIAS = "alias/amplify-pw-conformance-capture"
KEY_DESCRIPTION = "amplify-password-conformance capture stack: encrypts the codes Cognito hands to its sender triggers"
TABLE = "amplify-pw-conformance-codes"
ROLE = "amplify-pw-conformance-capture"
ROLE_POLICY = "capture"
FUNCTIONS = {"EMAIL": "amplify-pw-conformance-email-sender", "SMS": "amplify-pw-conformance-sms-sender"}
PERMISSION_ID = "cognito-idp-invoke"
LOG_RETENTION_DAYS = 1
CODE_TTL_SECONDS = 3600
KEY_DELETION_DAYS = 7  # the minimum KMS allows
ROLE_PROPAGATION_SECONDS = 60  # IAM roles take a few seconds before Lambda can assume them


@dataclass(frozen=True)
class CaptureStack:
    """A deployed stack: what a user pool needs to attach the triggers, and where codes land."""

    key_arn: str
    table: str
    email_function_arn: str
    sms_function_arn: str

    def lambda_config(self) -> dict[str, Any]:
        return {
            "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": self.email_function_arn},
            "CustomSMSSender": {"LambdaVersion": "V1_0", "LambdaArn": self.sms_function_arn},
            "KMSKeyID": self.key_arn,
        }


def log_group(function: str) -> str:
    return f"/aws/lambda/{function}"


def _code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


class CaptureStackManager:
    def __init__(self, access: AwsAccess, say: Callable[[str], None] = print,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.access = access
        self.say = say
        self.sleep = sleep
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.access.client(service)
        return self._clients[service]

    # --- reading ----------------------------------------------------------------------------

    def find(self) -> CaptureStack | None:
        """The deployed stack, or None when any part of it is missing or unusable."""
        key = self._key()
        if key is None or key["KeyState"] != "Enabled":
            return None
        try:
            table = self.client("dynamodb").describe_table(TableName=TABLE)["Table"]
            arns = {medium: self.client("lambda").get_function_configuration(FunctionName=name)["FunctionArn"]
                    for medium, name in FUNCTIONS.items()}
        except ClientError as error:
            if _code(error) == "ResourceNotFoundException":
                return None
            raise
        if table.get("TableStatus") not in {"ACTIVE", "UPDATING"}:
            return None
        return CaptureStack(key_arn=key["Arn"], table=TABLE, email_function_arn=arns["EMAIL"],
                            sms_function_arn=arns["SMS"])

    def _key(self) -> dict[str, Any] | None:
        try:
            return self.client("kms").describe_key(KeyId=KEY_ALIAS)["KeyMetadata"]
        except ClientError as error:
            if _code(error) == "NotFoundException":
                return None
            raise

    # --- bootstrap --------------------------------------------------------------------------

    def bootstrap(self, package: Callable[[], bytes] = build_package) -> CaptureStack:
        """Create whatever part of the stack is missing; a deployed stack is left as it is."""
        account, region, partition = self.access.account_id, self.access.region, self.access.partition
        table_arn = self._table()
        key_arn = self._kms_key(account, region, partition)
        role_arn = self._role(key_arn, table_arn, account, region, partition)
        arns = {}
        for medium, name in FUNCTIONS.items():
            self._log_group(name)
            arns[medium] = self._function(name, medium, role_arn, key_arn, package)
            self._permission(name, account, region, partition)
        self.say(f"capture stack ready in {self.access.describe()}")
        return CaptureStack(key_arn=key_arn, table=TABLE, email_function_arn=arns["EMAIL"], sms_function_arn=arns["SMS"])

    def _table(self) -> str:
        dynamodb = self.client("dynamodb")
        try:
            table = dynamodb.describe_table(TableName=TABLE)["Table"]
            self.say(f"table {TABLE}: exists")
        except ClientError as error:
            if _code(error) != "ResourceNotFoundException":
                raise
            table = dynamodb.create_table(
                TableName=TABLE,
                KeySchema=[{"AttributeName": "recipient", "KeyType": "HASH"},
                           {"AttributeName": "sent_at", "KeyType": "RANGE"}],
                AttributeDefinitions=[{"AttributeName": "recipient", "AttributeType": "S"},
                                      {"AttributeName": "sent_at", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                Tags=[{"Key": STACK_TAG_KEY, "Value": STACK_TAG_VALUE}],
            )["TableDescription"]
            self.say(f"table {TABLE}: created")
            dynamodb.get_waiter("table_exists").wait(TableName=TABLE, WaiterConfig={"Delay": 2, "MaxAttempts": 60})
        ttl = dynamodb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
        if ttl.get("TimeToLiveStatus") not in {"ENABLED", "ENABLING"}:
            dynamodb.update_time_to_live(TableName=TABLE,
                                         TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
        return table["TableArn"]

    def _kms_key(self, account: str, region: str, partition: str) -> str:
        kms = self.client("kms")
        key = self._key()
        if key is not None:
            if key["KeyState"] == "PendingDeletion":
                kms.cancel_key_deletion(KeyId=key["KeyId"])
                kms.enable_key(KeyId=key["KeyId"])
                self.say(f"KMS key {KEY_ALIAS}: its scheduled deletion was cancelled")
            elif key["KeyState"] == "Disabled":
                kms.enable_key(KeyId=key["KeyId"])
            else:
                self.say(f"KMS key {KEY_ALIAS}: exists")
            return key["Arn"]
        created = kms.create_key(
            Description=KEY_DESCRIPTION, KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT",
            Policy=json.dumps(_key_policy(account, region, partition)),
            Tags=[{"TagKey": STACK_TAG_KEY, "TagValue": STACK_TAG_VALUE}],
        )["KeyMetadata"]
        try:
            kms.create_alias(AliasName=KEY_ALIAS, TargetKeyId=created["KeyId"])
        except ClientError:  # a key without its alias would be found by nobody: do not leave it
            kms.schedule_key_deletion(KeyId=created["KeyId"], PendingWindowInDays=KEY_DELETION_DAYS)
            raise
        self.say(f"KMS key {KEY_ALIAS}: created")
        return created["Arn"]

    def _role(self, key_arn: str, table_arn: str, account: str, region: str, partition: str) -> str:
        iam = self.client("iam")
        try:
            role = iam.get_role(RoleName=ROLE)["Role"]
            self.say(f"IAM role {ROLE}: exists")
        except ClientError as error:
            if _code(error) != "NoSuchEntity":
                raise
            role = iam.create_role(
                RoleName=ROLE, Description="amplify-password-conformance capture stack: its Lambda functions' role",
                AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
                Tags=[{"Key": STACK_TAG_KEY, "Value": STACK_TAG_VALUE}],
            )["Role"]
            self.say(f"IAM role {ROLE}: created")
        logs = [f"arn:{partition}:logs:{region}:{account}:log-group:{log_group(name)}:*" for name in FUNCTIONS.values()]
        iam.put_role_policy(RoleName=ROLE, PolicyName=ROLE_POLICY, PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn},
                {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": table_arn},
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": logs},
            ],
        }))
        return role["Arn"]

    def _log_group(self, function: str) -> None:
        logs = self.client("logs")
        try:
            logs.create_log_group(logGroupName=log_group(function), tags={STACK_TAG_KEY: STACK_TAG_VALUE})
        except ClientError as error:
            if _code(error) != "ResourceAlreadyExistsException":
                raise
        logs.put_retention_policy(logGroupName=log_group(function), retentionInDays=LOG_RETENTION_DAYS)

    def _function(self, name: str, medium: str, role_arn: str, key_arn: str, package: Callable[[], bytes]) -> str:
        functions = self.client("lambda")
        description = f"amplify-password-conformance capture stack ({medium}), source {source_digest()[:16]}"
        environment = {"Variables": {"CODES_TABLE": TABLE, "KEY_ARN": key_arn, "TTL_SECONDS": str(CODE_TTL_SECONDS)}}
        try:
            current = functions.get_function_configuration(FunctionName=name)
        except ClientError as error:
            if _code(error) != "ResourceNotFoundException":
                raise
            current = None
        if current is not None and current.get("Description") == description \
                and current.get("Environment", {}).get("Variables") == environment["Variables"]:
            self.say(f"Lambda function {name}: exists")
            return current["FunctionArn"]
        if current is not None:
            functions.update_function_code(FunctionName=name, ZipFile=package())
            self._wait_updated(name)
            functions.update_function_configuration(FunctionName=name, Description=description,
                                                    Environment=environment, Role=role_arn)
            self.say(f"Lambda function {name}: updated")
            return current["FunctionArn"]
        code = package()
        deadline = time.monotonic() + ROLE_PROPAGATION_SECONDS
        while True:
            try:
                created = functions.create_function(
                    FunctionName=name, Runtime=RUNTIME, Role=role_arn, Handler="handler.handler",
                    Code={"ZipFile": code}, Description=description, Timeout=10, MemorySize=256,
                    Architectures=[ARCHITECTURE], Environment=environment,
                    Tags={STACK_TAG_KEY: STACK_TAG_VALUE},
                )
                break
            except ClientError as error:
                # A role made seconds ago may not be assumable yet: IAM is eventually consistent.
                if _code(error) != "InvalidParameterValueException" or time.monotonic() > deadline:
                    raise
                self.sleep(3)
        self.say(f"Lambda function {name}: created")
        return created["FunctionArn"]

    def _wait_updated(self, name: str) -> None:
        for _ in range(60):
            status = self.client("lambda").get_function_configuration(FunctionName=name).get("LastUpdateStatus")
            if status in (None, "Successful", "Failed"):
                return
            self.sleep(1)

    def _permission(self, name: str, account: str, region: str, partition: str) -> None:
        try:
            self.client("lambda").add_permission(
                FunctionName=name, StatementId=PERMISSION_ID, Action="lambda:InvokeFunction",
                Principal="cognito-idp.amazonaws.com", SourceAccount=account,
                SourceArn=f"arn:{partition}:cognito-idp:{region}:{account}:userpool/*",
            )
        except ClientError as error:
            if _code(error) != "ResourceConflictException":  # the permission exists already
                raise

    # --- teardown ---------------------------------------------------------------------------

    def teardown(self) -> list[str]:
        """Remove every part of the stack that exists; return what was removed."""
        removed: list[str] = []
        functions, logs = self.client("lambda"), self.client("logs")
        for name in FUNCTIONS.values():
            if _gone_if_missing(lambda: functions.delete_function(FunctionName=name)):
                removed.append(f"Lambda function {name}")
            if _gone_if_missing(lambda: logs.delete_log_group(logGroupName=log_group(name))):
                removed.append(f"log group {log_group(name)}")
        iam = self.client("iam")
        try:
            for policy in iam.list_role_policies(RoleName=ROLE)["PolicyNames"]:
                iam.delete_role_policy(RoleName=ROLE, PolicyName=policy)
            iam.delete_role(RoleName=ROLE)
            removed.append(f"IAM role {ROLE}")
        except ClientError as error:
            if _code(error) != "NoSuchEntity":
                raise
        if _gone_if_missing(lambda: self.client("dynamodb").delete_table(TableName=TABLE)):
            removed.append(f"table {TABLE}")
        removed.extend(self._remove_keys())
        for item in removed:
            self.say(f"removed {item}")
        if not removed:
            self.say("nothing to remove: no part of the capture stack exists")
        return removed

    def _remove_keys(self) -> list[str]:
        """Schedule the deletion of the stack's key, and of any key a half-finished bootstrap left unnamed."""
        kms = self.client("kms")
        removed = []
        key = self._key()
        if key is not None:
            kms.delete_alias(AliasName=KEY_ALIAS)
            removed.append(f"KMS alias {KEY_ALIAS}")
        for key_id in self._stack_keys():
            kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=KEY_DELETION_DAYS)
            removed.append(f"KMS key {key_id} (deletion scheduled in {KEY_DELETION_DAYS} days)")
        return removed

    def _stack_keys(self) -> list[str]:
        """Customer-managed keys carrying the stack's description and tag, not yet pending deletion."""
        kms = self.client("kms")
        found = []
        for page in kms.get_paginator("list_keys").paginate():
            for entry in page.get("Keys", []):
                try:
                    meta = kms.describe_key(KeyId=entry["KeyId"])["KeyMetadata"]
                    if meta.get("KeyManager") != "CUSTOMER" or meta.get("Description") != KEY_DESCRIPTION \
                            or meta.get("KeyState") == "PendingDeletion":
                        continue
                    tags = kms.list_resource_tags(KeyId=entry["KeyId"]).get("Tags", [])
                except ClientError as error:
                    if _code(error) in {"AccessDeniedException", "NotFoundException"}:
                        continue
                    raise
                if {"TagKey": STACK_TAG_KEY, "TagValue": STACK_TAG_VALUE} in tags:
                    found.append(entry["KeyId"])
        return found


def _gone_if_missing(delete: Callable[[], Any]) -> bool:
    """Run a deletion; True if it deleted something, False if there was nothing to delete."""
    try:
        delete()
        return True
    except ClientError as error:
        if _code(error) in {"ResourceNotFoundException", "NoSuchEntity"}:
            return False
        raise


def _key_policy(account: str, region: str, partition: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {   # the account administers the key and grants its use through IAM (the Lambda role)
                "Sid": "Account", "Effect": "Allow", "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": "kms:*", "Resource": "*",
            },
            {   # Cognito encrypts the codes of this account's user pools with the key
                "Sid": "CognitoEncrypts", "Effect": "Allow", "Principal": {"Service": "cognito-idp.amazonaws.com"},
                "Action": ["kms:Encrypt", "kms:GenerateDataKey"], "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account},
                    "ArnLike": {"aws:SourceArn": f"arn:{partition}:cognito-idp:{region}:{account}:userpool/*"},
                },
            },
        ],
    }
