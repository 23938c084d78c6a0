"""What of a service's answer may be kept: identifiers and secrets of one test item become placeholders.

Tokens and sessions, codes, passwords, account IDs, pool and client IDs, and the usernames, email
addresses and phone numbers of users never reach a recording. Users' values become placeholders that
are stable within one test item (``<email-1>``), so two runs of the same item compare equal. Masked
destinations keep their pattern only: every letter becomes ``x`` and every digit ``0``.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from conformance.redaction import SECRET_SHAPES


_TOKEN_KEYS = frozenset({"AccessToken", "IdToken", "RefreshToken", "Session", "SecretHash", "ClientSecret"})
_SECRET_PARAMS = {"Password": "password", "PreviousPassword": "password", "ProposedPassword": "password",
                  "TemporaryPassword": "password", "ConfirmationCode": "code", "AccessToken": "token",
                  "RefreshToken": "token", "Session": "token"}
_ID_KEYS = {"UserPoolId": "pool-id", "Id": "id", "ClientId": "client-id", "Arn": "arn", "KMSKeyID": "arn",
            "LambdaArn": "arn", "SnsCallerArn": "arn", "SourceArn": "arn", "Username": "username"}
_KEPT_KEYS = frozenset({"DeliveryMedium", "AttributeName", "ChallengeName", "Name", "Status", "UserStatus",
                        "PreventUserExistenceErrors", "MfaConfiguration", "DeletionProtection", "TokenType"})
_PATTERNS = [
    *SECRET_SHAPES,
    (re.compile(r"arn:aws[a-z-]*:[^\s\"']+"), "<arn>"),
    (re.compile(r"\b[a-z]{2}(?:-[a-z]+)+-\d_[A-Za-z0-9]+\b"), "<pool-id>"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "<email>"),
    (re.compile(r"\+\d{7,15}\b"), "<phone>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "<uuid>"),
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "<account-id>"),
]


def masking_pattern(destination: str) -> str:
    """A masked destination with its visible characters replaced: the pattern, not the person."""
    return re.sub(r"[0-9]", "0", re.sub(r"[^\W\d_]", "x", destination))


class AnswerRedactor:
    """Replaces the identifiers and secrets of one test item with placeholders."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self._counts: dict[str, int] = {}

    def learn(self, kind: str, value: Any) -> None:
        if not isinstance(value, str) or len(value) < 3 or value in self._known:
            return
        if kind in {"username", "user"}:
            kind = "email" if "@" in value else "phone" if re.fullmatch(r"\+\d{7,15}", value) else "username"
        if kind in {"password", "code", "token"}:
            self._known[value] = f"<{kind}>"
            return
        self._counts[kind] = self._counts.get(kind, 0) + 1
        self._known[value] = f"<{kind}-{self._counts[kind]}>"

    def learn_request(self, params: dict[str, Any]) -> None:
        for key, kind in _SECRET_PARAMS.items():
            self.learn(kind, params.get(key))
        self.learn("username", params.get("Username"))
        for key in ("USERNAME", "PASSWORD", "SECRET_HASH", "NEW_PASSWORD"):
            self.learn("password" if key != "USERNAME" else "username", (params.get("AuthParameters") or {}).get(key))
        for attribute in params.get("UserAttributes") or []:
            if isinstance(attribute, dict) and attribute.get("Name") in {"email", "phone_number"}:
                self.learn("username", attribute.get("Value"))

    def text(self, value: str) -> str:
        for known in sorted(self._known, key=len, reverse=True):
            if known in value:
                value = value.replace(known, self._known[known])
        for pattern, placeholder in _PATTERNS:
            value = pattern.sub(placeholder, value)
        return value

    def value(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.value(v, k) for k, v in value.items() if k != "ResponseMetadata"}
        if isinstance(value, list):
            return [self.value(v, key) for v in value]
        if isinstance(value, (dt.datetime, dt.date)):
            return "<timestamp>"
        if isinstance(value, bytes):
            return "<bytes>"
        if not isinstance(value, str):
            return value
        if key in _TOKEN_KEYS:
            return "<token>"
        if key == "Destination":
            return masking_pattern(value)
        if key in _ID_KEYS:
            if key == "Username":
                self.learn("username", value)
                return self.text(value)
            return f"<{_ID_KEYS[key]}>"
        if key in _KEPT_KEYS and re.fullmatch(r"[A-Za-z_]+", value):
            return value
        return self.text(value)


def entry_of(operation: str, status: int, parsed: dict[str, Any], redactor: AnswerRedactor) -> dict[str, Any]:
    """One observed answer, redacted."""
    error = parsed.get("Error") or None
    body = {k: v for k, v in parsed.items() if k not in {"Error", "ResponseMetadata"}}
    if error:
        body.pop("message", None)
        body.pop("Message", None)
    return {
        "operation": operation,
        "http_status": status,
        "error": None if not error else {"code": error.get("Code", ""),
                                         "message": redactor.text(str(error.get("Message", "")))},
        "response": redactor.value(body),
    }
