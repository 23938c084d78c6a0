"""A pytest plugin for a run under test: collects every token and delivered code the run handles.

Loaded with ``-p secret_collector`` (tests/ on the path); writes what it saw to the JSON file named
by CONFORMANCE_TEST_SECRETS_OUT when the run ends.
"""
from __future__ import annotations

import json
import os
from typing import Any

from targets.reference.target import ReferenceTarget

_seen: dict[str, set[str]] = {"tokens": set(), "codes": set()}
_original_client = ReferenceTarget.cognito_client
_original_delivery = ReferenceTarget.last_delivery


def _watch(client: Any) -> Any:
    if getattr(client, "_secrets_watched", False):
        return client

    def answered(parsed: dict[str, Any], **_: Any) -> None:
        result = parsed.get("AuthenticationResult") or {}
        for field in ("AccessToken", "IdToken", "RefreshToken"):
            if result.get(field):
                _seen["tokens"].add(result[field])
        if parsed.get("Session"):
            _seen["tokens"].add(parsed["Session"])

    client.meta.events.register("after-call.cognito-idp", answered)
    client._secrets_watched = True
    return client


def _cognito_client(self):
    return _watch(_original_client(self))


def _last_delivery(self, pool_id, username):
    delivery = _original_delivery(self, pool_id, username)
    if delivery is not None:
        _seen["codes"].add(delivery.code)
    return delivery


ReferenceTarget.cognito_client = _cognito_client
ReferenceTarget.last_delivery = _last_delivery


def pytest_sessionfinish(session) -> None:
    path = os.environ.get("CONFORMANCE_TEST_SECRETS_OUT")
    if path:
        with open(path, "w", encoding="utf-8") as stream:
            json.dump({kind: sorted(values) for kind, values in _seen.items()}, stream)
