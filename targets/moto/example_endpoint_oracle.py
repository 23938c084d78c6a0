"""EXAMPLE ONLY: a code oracle for the ``endpoint`` target when the endpoint is a moto server.

It shows the shape of the hook an implementer writes (``CONFORMANCE_CODE_ORACLE``): a function
``(pool_id, username) -> Delivery | None``. It reads moto server's state dump
``GET <CONFORMANCE_ENDPOINT_URL>/moto-api/data.json``, finds the user the way moto does (by name, or
by email or phone in pools that sign in with them) and returns the confirmation code moto stored on
it. moto does not record which channel it used, so the channel is derived from the pool's
AccountRecoverySetting the way moto picks it (the priority-1 mechanism; phone first without one).

This is a stand-in for "your implementation's outbox", not a faithful moto oracle: moto keeps the
code on the user even when ForgotPassword then fails (accountRecovery NONE) and clears it once
used, so results can differ from the ``moto-server`` target, whose oracle reads the response
header instead. Your own oracle should read where your service really delivers codes.
"""
from __future__ import annotations

import json
import os
import urllib.request
from typing import Any

from targets.contract import Delivery

_CHANNELS = {
    "verified_phone_number": ("SMS", "phone_number"),
    "verified_email": ("EMAIL", "email"),
}


def last_delivery(pool_id: str, username: str) -> Delivery | None:
    state = _moto_state()
    pools = [p for p in state.get("cognitoidp", {}).get("CognitoIdpUserPool", []) if p.get("id") == pool_id]
    if not pools:
        return None
    pool = pools[-1]
    config = pool.get("extended_config") or {}
    aliases = config.get("UsernameAttributes") or []
    user = _find_user(state, pool_id, username, aliases)
    if user is None or not user.get("confirmation_code"):
        return None
    mechanisms = (config.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms") or [
        {"Name": "verified_phone_number", "Priority": 1}, {"Name": "verified_email", "Priority": 2}]
    first = min(mechanisms, key=lambda mechanism: mechanism["Priority"])["Name"]
    if first not in _CHANNELS:
        return None
    medium, attribute = _CHANNELS[first]
    return Delivery(medium=medium, destination=user.get("attribute_lookup", {}).get(attribute, ""),
                    code=user["confirmation_code"])


def _find_user(state: dict[str, Any], pool_id: str, name: str, aliases: list[str]) -> dict[str, Any] | None:
    users = [u for u in state.get("cognitoidp", {}).get("CognitoIdpUser", []) if u.get("user_pool_id") == pool_id]
    for user in reversed(users):  # newest first
        lookup = user.get("attribute_lookup", {})
        if user.get("username") == name or any(lookup.get(alias) == name for alias in aliases):
            return user
    return None


def _moto_state() -> dict[str, Any]:
    url = os.environ["CONFORMANCE_ENDPOINT_URL"].rstrip("/") + "/moto-api/data.json"
    with urllib.request.urlopen(url, timeout=10) as response:  # a loopback moto server, never AWS
        return json.loads(response.read())
