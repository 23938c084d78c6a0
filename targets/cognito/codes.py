"""The ``cognito`` target's code oracle: the codes the capture stack stored in its table.

Cognito invokes the sender triggers on its own schedule, so a code may land in the table a moment
after ForgotPassword answered. The oracle counts the ForgotPassword calls that succeeded for each
user and, when asked, waits (up to ``wait_seconds``) until the table holds at least that many codes
for the user before answering with the newest.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any, Callable

from botocore.exceptions import ClientError

from targets.cognito.capture_lambda.handler import recipient_key
from targets.contract import Delivery
from targets.forgot_password_tap import ForgotPasswordAnswer, ForgotPasswordTap

DEFAULT_WAIT_SECONDS = 20.0
POLL_SECONDS = 0.5


class CapturedCodes:
    def __init__(self, dynamodb: Any, lookup: Callable[[], Any], table: str,
                 wait_seconds: float = DEFAULT_WAIT_SECONDS, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._dynamodb = dynamodb
        self._lookup = lookup  # a separate cognito-idp client: the oracle's calls are not the scenario's
        self._table = table
        self.wait_seconds = wait_seconds
        self._clock = clock
        self._sleep = sleep
        self._requested: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()
        self._tap = ForgotPasswordTap(keep=self._count)  # which ForgotPassword calls succeeded, for whom

    def attach(self, client: Any) -> None:
        self._tap.attach(client)

    def app_client_of(self, pool_id: str, client_id: str) -> None:
        self._tap.app_client_of(pool_id, client_id)

    def _count(self, answer: ForgotPasswordAnswer) -> None:
        with self._lock:
            self._requested[(answer.pool_id, answer.username.lower())] += 1

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        self._tap.check()
        try:
            user = self._lookup().admin_get_user(UserPoolId=pool_id, Username=username)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"UserNotFoundException", "ResourceNotFoundException"}:
                return None
            raise
        key = recipient_key(pool_id, user["Username"])
        with self._lock:
            expected = self._requested[(pool_id, username.lower())]
        deadline = self._clock() + (self.wait_seconds if expected else 0.0)
        while True:
            items = self._items(key)
            if len(items) >= expected or self._clock() >= deadline:
                break
            self._sleep(POLL_SECONDS)
        if not items:
            return None
        newest = items[0]
        return Delivery(medium=newest["medium"]["S"], destination=newest["destination"]["S"], code=newest["code"]["S"])

    def _items(self, key: str) -> list[dict[str, Any]]:
        now = int(time.time())
        items: list[dict[str, Any]] = []
        arguments = {"TableName": self._table, "KeyConditionExpression": "recipient = :r",
                     "ExpressionAttributeValues": {":r": {"S": key}}, "ScanIndexForward": False,
                     "ConsistentRead": True}
        while True:
            page = self._dynamodb.query(**arguments)
            # TTL deletion is lazy: an expired item may linger, and is not a delivery of this run.
            items.extend(i for i in page.get("Items", []) if int(i.get("ttl", {}).get("N", now)) >= now)
            if "LastEvaluatedKey" not in page:
                return items
            arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]
