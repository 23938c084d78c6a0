"""A pytest plugin for a run under test: collects every secret the run handles, whatever the target.

Loaded with ``-p secret_collector`` (tests/ on the path): the tokens and sessions the service hands
out (watched on the run's boto3 client), the codes the oracle reads, and the passwords the harness
generates. Writes what it saw to the JSON file named by CONFORMANCE_TEST_SECRETS_OUT when the run
ends (each pytest-xdist worker adds its own part).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from conformance import harness as harness_module
from conformance.harness import Harness
from conformance.session import Session

_seen: dict[str, set[str]] = {"tokens": set(), "codes": set(), "passwords": set()}


def _answered(parsed: dict[str, Any], **_: Any) -> None:
    for source in (parsed, parsed.get("AuthenticationResult") or {}):
        for field in ("AccessToken", "IdToken", "RefreshToken", "Session"):
            if isinstance(source.get(field), str):
                _seen["tokens"].add(source[field])


_original_post_init = Session.__post_init__
_original_last_delivery = Harness.last_delivery
_original_password = harness_module.compliant_password


def _post_init(self: Session) -> None:
    _original_post_init(self)
    self.service().meta.events.register("after-call.cognito-idp", _answered)


def _last_delivery(self: Harness):
    delivery = _original_last_delivery(self)
    if delivery is not None:
        _seen["codes"].add(delivery.code)
    return delivery


def _password(length: int) -> str:
    password = _original_password(length)
    _seen["passwords"].add(password)
    return password


Session.__post_init__ = _post_init  # type: ignore[method-assign]
Harness.last_delivery = _last_delivery  # type: ignore[method-assign]
harness_module.compliant_password = _password


def pytest_sessionfinish(session) -> None:
    path = os.environ.get("CONFORMANCE_TEST_SECRETS_OUT")
    if not path:
        return
    worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
    out = Path(path)
    with open(out.with_name(f"{out.stem}-{worker}{out.suffix}"), "w", encoding="utf-8") as stream:
        json.dump({kind: sorted(values) for kind, values in _seen.items()}, stream)


# --- a target that quotes what it was sent in its error messages, as moto does with tokens ----------

from targets.reference import ReferenceTarget  # noqa: E402
from targets.reference.errors import ServiceError  # noqa: E402
from targets.reference.service import UserPoolService  # noqa: E402

_QUOTED = ("AccessToken", "Session", "Password", "ProposedPassword", "PreviousPassword", "ConfirmationCode")


class _QuotingService(UserPoolService):
    def handle(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return super().handle(operation, params)
        except ServiceError as error:
            quoted = {key: params[key] for key in _QUOTED if isinstance(params, dict) and key in params}
            raise ServiceError(error.code, f"{error.message} (received {quoted})", error.status) from None


class QuotingTarget(ReferenceTarget):
    """The reference, planting every secret it receives into the error messages it answers."""

    def __init__(self) -> None:
        super().__init__(_QuotingService)
