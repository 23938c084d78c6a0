"""A code oracle and a clock served over HTTP, in whatever language the implementation is written.

The ``endpoint`` target takes either a Python import path or an http(s) URL for its code oracle
(``CONFORMANCE_CODE_ORACLE``) and its clock (``CONFORMANCE_CLOCK``). With a URL it speaks this
protocol, whose messages are published as a JSON Schema, ``targets/schemas/code-oracle.schema.json``:

``GET <oracle URL>/deliveries?userPoolId=<pool ID>&username=<name>``
    answers 200 with ``{"deliveries": [{"medium": "EMAIL" | "SMS", "destination": "…", "code": "…"}]}``:
    every message carrying a code delivered to the user, oldest first, an empty list when none
    (``attributeName`` may be given with each delivery). The body is validated against the schema.
``POST <clock URL>`` with ``{"seconds": N}``
    moves the implementation's clock N seconds forward; any 2xx status means it did.

Anything else (no connection, no answer in time, another status, a body that is not JSON or does
not match the schema) raises :class:`~targets.contract.TargetError` with one sentence naming the URL
and what was wrong. The harness reports it as a breakdown of the target's oracle or clock: the run
ends with the verdict ``error``, never as a failure of the target.
"""
from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from targets.contract import Delivery, TargetError

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "code-oracle.schema.json"
SCHEMA_NAME = "targets/schemas/code-oracle.schema.json"
DELIVERIES_RESPONSE = "deliveriesResponse"
CLOCK_REQUEST = "clockRequest"
TIMEOUT_SECONDS = 10.0


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validator(definition: str) -> Any:
    """A draft 2020-12 validator for one message of the protocol (a name under the schema's ``$defs``)."""
    from jsonschema import Draft202012Validator  # imported on first use, like the expectations' validator

    defs = load_schema()["$defs"]
    return Draft202012Validator({**defs[definition], "$defs": defs})


def schema_problem(checker: Any, document: Any) -> str | None:
    """What is wrong with ``document``, in words that never quote a value (a wrongly typed code stays out
    of the message); None when it matches."""
    from jsonschema.exceptions import best_match

    error = best_match(checker.iter_errors(document))
    if error is None:
        return None
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
    where = f"the body{where}" if where else "the body"
    kind, expected = error.validator, error.validator_value
    if kind in {"required", "additionalProperties"}:
        return f"{where}: {error.message}"  # names properties, never values
    if kind == "type":
        return f"{where} is not of type {expected!r}"
    if kind == "enum":
        return f"{where} is not one of {', '.join(map(repr, expected))}"
    if kind == "minLength":
        return f"{where} is empty"
    return f"{where} breaks the schema's {kind!r} rule ({expected!r})"


class HttpCodeOracle:
    """The deliveries of a user, asked of an oracle served at ``url`` (see the module's docstring)."""

    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._checker: Any = None

    def deliveries(self, pool_id: str, username: str) -> list[Delivery]:
        address = f"{self.url}/deliveries?{urlencode({'userPoolId': pool_id, 'username': username})}"
        who = f"the code oracle at {address}"
        status, reason, body = _exchange(who, "GET", address, None, self.timeout)
        if status != 200:
            raise TargetError(f"{who} answered HTTP {status} ({reason}) instead of 200 with the user's deliveries")
        try:
            document = json.loads(body)
        except ValueError:  # includes a body that is not UTF-8
            raise TargetError(f"{who} answered with a body that is not JSON (expected {{\"deliveries\": [...]}}, "
                              f"see {SCHEMA_NAME})") from None
        if self._checker is None:
            self._checker = validator(DELIVERIES_RESPONSE)
        problem = schema_problem(self._checker, document)
        if problem is not None:
            raise TargetError(f"{who} answered with a body that does not match {SCHEMA_NAME}#/$defs/"
                              f"{DELIVERIES_RESPONSE}: {problem}")
        return [Delivery(medium=d["medium"], destination=d["destination"], code=d["code"])
                for d in document["deliveries"]]

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        found = self.deliveries(pool_id, username)
        return found[-1] if found else None


class HttpClock:
    """An implementation's clock, moved forward by ``POST <url>`` (see the module's docstring)."""

    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url = url
        self.timeout = timeout

    def advance(self, seconds: float) -> None:
        who = f"the clock at {self.url}"
        body = json.dumps({"seconds": seconds}).encode()
        status, reason, _ = _exchange(who, "POST", self.url, body, self.timeout)
        if not 200 <= status < 300:
            raise TargetError(f"{who} answered HTTP {status} ({reason}) when asked to move {seconds} s forward; "
                              "it must answer 2xx once the clock has moved")


def _exchange(who: str, method: str, url: str, body: bytes | None, timeout: float) -> tuple[int, str, bytes]:
    """Status, reason and body of one request; TargetError naming ``who`` when no answer came."""
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked)
            return response.status, response.reason, response.read()
    except urllib.error.HTTPError as error:  # an answer all the same: the caller judges its status
        with error:
            return error.code, str(error.reason), error.read()
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise TargetError(f"{who} did not answer within {timeout:g} s") from None
        raise TargetError(f"{who} could not be reached ({error.reason}); start it or correct the URL") from None
    except (TimeoutError, socket.timeout):
        raise TargetError(f"{who} did not answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as error:
        raise TargetError(f"{who} gave no proper HTTP answer ({type(error).__name__}: {error})") from None
