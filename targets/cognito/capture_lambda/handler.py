"""The capture stack's Lambda function: Cognito's Custom email sender and Custom SMS sender trigger.

Cognito hands a custom sender trigger the code it would have sent, encrypted with the AWS Encryption
SDK under the KMS key the user pool names (``LambdaConfig.KMSKeyID``). This function decrypts the
code with that key only and writes it, with the pool, the user and the channel, to a DynamoDB table
that the conformance suite reads as its code oracle. Items expire after ``TTL_SECONDS``.

It sends nothing to anyone, and never logs a code or an address.

Environment: ``CODES_TABLE`` (table name), ``KEY_ARN`` (the KMS key's ARN), ``TTL_SECONDS``
(optional, default 3600). The deployment package carries aws-encryption-sdk and its dependencies;
boto3 comes with the Lambda runtime.
"""
from __future__ import annotations

import base64
import os
import time
from typing import Any

_MEDIUM_OF_TRIGGER = (("CustomEmailSender_", "EMAIL"), ("CustomSMSSender_", "SMS"))
_DESTINATION_ATTRIBUTE = {"EMAIL": "email", "SMS": "phone_number"}
DEFAULT_TTL_SECONDS = 3600

_decryptor: Any = None
_table: Any = None


def recipient_key(pool_id: str, username: str) -> str:
    """The table's partition key: one user of one pool (the user's Username, as Cognito files it)."""
    return f"{pool_id}#{username}"


def medium_of(trigger_source: str) -> str | None:
    for prefix, medium in _MEDIUM_OF_TRIGGER:
        if trigger_source.startswith(prefix):
            return medium
    return None


class Decryptor:
    """Decrypts what Cognito encrypted, accepting only data keys wrapped by the one KMS key."""

    def __init__(self, key_arn: str, botocore_session: Any = None) -> None:
        import aws_encryption_sdk
        from aws_encryption_sdk.identifiers import CommitmentPolicy

        self._client = aws_encryption_sdk.EncryptionSDKClient(
            commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
        options = {"key_ids": [key_arn]}
        if botocore_session is not None:
            options["botocore_session"] = botocore_session
        self._provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(**options)

    def decrypt(self, encrypted: str) -> str:
        plaintext, _ = self._client.decrypt(source=base64.b64decode(encrypted), key_provider=self._provider)
        return plaintext.decode("utf-8")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _decryptor, _table
    if _decryptor is None:
        _decryptor = Decryptor(os.environ["KEY_ARN"])
    if _table is None:
        import boto3

        _table = boto3.resource("dynamodb").Table(os.environ["CODES_TABLE"])
    return capture(event, context, _decryptor, _table, int(os.environ.get("TTL_SECONDS", DEFAULT_TTL_SECONDS)))


def capture(event: dict[str, Any], context: Any, decryptor: Decryptor, table: Any,
            ttl_seconds: int = DEFAULT_TTL_SECONDS, now: float | None = None) -> dict[str, Any]:
    """Decrypt the event's code and store it; events without a code are left alone."""
    request = event.get("request") or {}
    encrypted = request.get("code")
    medium = medium_of(str(event.get("triggerSource", "")))
    if not encrypted or medium is None:
        print(f"capture: nothing to store for {event.get('triggerSource')!r}")  # no code, no address
        return event
    attributes = request.get("userAttributes") or {}
    moment = time.time() if now is None else now
    request_id = getattr(context, "aws_request_id", "local")
    table.put_item(Item={
        "recipient": recipient_key(event["userPoolId"], event["userName"]),
        "sent_at": f"{int(moment * 1000):013d}#{request_id}",
        "pool": event["userPoolId"],
        "username": event["userName"],
        "code": decryptor.decrypt(encrypted),
        "medium": medium,
        "destination": attributes.get(_DESTINATION_ATTRIBUTE[medium], ""),
        "trigger": event.get("triggerSource", ""),
        "ttl": int(moment) + ttl_seconds,
    })
    print(f"capture: stored a {medium} code for {event.get('triggerSource')!r}")
    return event
