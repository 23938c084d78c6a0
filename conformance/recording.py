"""Recording what a service answered, redacted, per requirement; and comparing a run with a recording.

``--record PATH`` keeps, for every Cognito response the scenarios observe, a redacted entry under the
requirement (and test item) that observed it, with the date, in one JSON file meant to be committed
(``recordings/cognito.json``). Recording again merges: the requirements of the new run replace their
old entries, the others stay as they were.

``--compare-recording PATH`` makes the same observations on any target (an emulator, typically) and
diffs them against the recording: the error code, the message, the response's shape and the masking
pattern of destinations, call by call. The deviations are printed per requirement and written as
JSON beside the results, so an emulator's differences from real Cognito are named even where no
scenario asserts them.

What never reaches a recording: tokens and sessions, codes, passwords, account IDs, pool and client
IDs, and the usernames, email addresses and phone numbers of users (replaced by placeholders that
are stable within one test item, so two runs of the same item compare equal). Masked destinations
keep their pattern only: every letter becomes ``x`` and every digit ``0`` (``t***@e***`` becomes
``x***@x***``). Response metadata and HTTP headers are dropped (moto puts codes in a header).

Set-up operations (creating pools, users, passwords) are recorded only when they fail: their
successful answers describe the suite's own fixtures, not a behaviour under test.

Every recorded requirement states where it was made (``made_at``: the endpoint, the Region and a
hash of the AWS account). ``validations(PATH)`` turns a recording into the results document's
``validated_against_cognito`` values: the date of the recording when every recorded item of the
requirement passed, ``False`` when real Cognito failed it, ``None`` when it was never recorded.
Only entries made against Amazon Cognito's own endpoints count: a recording of the ``cognito``
target made against a stand-in (moto server) is refused with one sentence, never taken for the
real service.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from conformance.redaction import SECRET_SHAPES
from localhost.files import write_atomically

SCHEMA = "amplify-password-conformance/recording"
SCHEMA_VERSION = 1
DEFAULT_PATH = Path("recordings") / "cognito.json"
COMPARISON_FILE = "recording-comparison.json"

SETUP_OPERATIONS = frozenset({
    "CreateUserPool", "CreateUserPoolClient", "DeleteUserPool", "AdminCreateUser", "AdminSetUserPassword",
    "AdminGetUser", "AdminDisableUser", "AdminDeleteUser", "ListUserPools",
})
PASSED, FAILED, NOT_APPLICABLE = "passed", "failed", "not_applicable"

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


class Redactor:
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


def entry_of(operation: str, status: int, parsed: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
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


def shape(value: Any, path: str = "") -> set[str]:
    """Every path in a response with the type found there: ``CodeDeliveryDetails.Destination:string``."""
    if isinstance(value, dict):
        paths = {f"{path}:object"} if path else set()
        for key, child in value.items():
            paths |= shape(child, f"{path}.{key}" if path else key)
        return paths
    if isinstance(value, list):
        paths = {f"{path}:list"}
        for child in value:
            paths |= shape(child, f"{path}[]")
        return paths
    kind = {bool: "boolean", int: "number", float: "number", str: "string", type(None): "null"}.get(type(value), "other")
    return {f"{path}:{kind}"}


def _destinations(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["Destination"]] if isinstance(value.get("Destination"), str) else []
        return found + [d for k, v in value.items() if k != "Destination" for d in _destinations(v)]
    if isinstance(value, list):
        return [d for v in value for d in _destinations(v)]
    return []


def compare_calls(recorded: list[dict[str, Any]], observed: list[dict[str, Any]], item: str) -> list[dict[str, Any]]:
    """The deviations of ``observed`` from ``recorded`` for one test item, call by call."""
    def keyed(calls: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
        seen: dict[str, int] = {}
        result = {}
        for call in calls:
            seen[call["operation"]] = seen.get(call["operation"], 0) + 1
            result[(call["operation"], seen[call["operation"]])] = call
        return result

    def deviation(kind: str, key: tuple[str, int], cognito: Any, target: Any) -> dict[str, Any]:
        return {"item": item, "operation": key[0], "call": key[1], "kind": kind, "cognito": cognito, "target": target}

    expected, actual = keyed(recorded), keyed(observed)
    deviations = []
    for key in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(key), actual.get(key)
        if got is None:
            deviations.append(deviation("missing_call", key, "called", "not called"))
            continue
        if want is None:
            deviations.append(deviation("extra_call", key, "not called", "called"))
            continue
        want_code = (want.get("error") or {}).get("code")
        got_code = (got.get("error") or {}).get("code")
        if want_code != got_code:
            deviations.append(deviation("error_code", key, want_code or "success", got_code or "success"))
        elif want_code and want["error"]["message"] != got["error"]["message"]:
            deviations.append(deviation("message", key, want["error"]["message"], got["error"]["message"]))
        if want.get("http_status") != got.get("http_status"):
            deviations.append(deviation("http_status", key, want.get("http_status"), got.get("http_status")))
        want_shape, got_shape = shape(want.get("response")), shape(got.get("response"))
        if want_shape != got_shape:
            deviations.append(deviation("shape", key, sorted(want_shape - got_shape), sorted(got_shape - want_shape)))
        want_masks, got_masks = _destinations(want.get("response")), _destinations(got.get("response"))
        if want_masks != got_masks:
            deviations.append(deviation("masking", key, want_masks, got_masks))
    return deviations


def compare(recording: dict[str, Any], observed: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Deviations per requirement, for the requirements and items both the recording and the run have."""
    result: dict[str, list[dict[str, Any]]] = {}
    for requirement, seen in sorted(observed.items()):
        recorded = recording.get("requirements", {}).get(requirement)
        if recorded is None:
            continue
        deviations = []
        for item, calls in sorted(seen["items"].items()):
            if item in recorded["items"]:
                deviations += compare_calls(recorded["items"][item]["calls"], calls["calls"], item)
        result[requirement] = deviations
    return result


# --- the recording file ----------------------------------------------------------------------


def load(path: Path) -> dict[str, Any]:
    """A recording; a missing file is an empty recording, a malformed one an error naming the fix."""
    if not path.exists():
        return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "requirements": {}}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a readable recording ({error}); restore it from git or delete it") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ValueError(f"{path} is not a recording of this suite (its schema is not {SCHEMA!r})")
    if document.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"{path} has recording schema version {document.get('schema_version')}; "
                         f"this suite reads version {SCHEMA_VERSION}")
    return document


def write(document: dict[str, Any], path: Path) -> None:
    write_atomically(path, json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def merge(document: dict[str, Any], requirements: dict[str, Any]) -> dict[str, Any]:
    merged = dict(document)
    merged["schema"], merged["schema_version"] = SCHEMA, SCHEMA_VERSION
    merged["note"] = ("Redacted answers of the service per requirement, written by pytest --record; "
                      "read by --compare-recording and by the reports' validated_against_cognito.")
    merged["requirements"] = {**document.get("requirements", {}), **requirements}
    return merged


def validation(recorded: dict[str, Any] | None) -> str | bool | None:
    """The ``validated_against_cognito`` value of one requirement's recording."""
    if not recorded:
        return None
    if recorded.get("outcome") == PASSED:
        return recorded.get("recorded")
    if recorded.get("outcome") == FAILED:
        return False
    return None


# Amazon Cognito's own user-pool endpoints (standard, FIPS, China), always over HTTPS.
_AWS_ENDPOINT = re.compile(r"^cognito-idp(?:-fips)?\.[a-z]{2}(?:-[a-z]+)+-\d\.amazonaws\.com(?:\.cn)?$")


def is_aws_endpoint(url: str | None) -> bool:
    """Whether ``url`` is one of Amazon Cognito's own endpoints (not a stand-in, a proxy or an emulator)."""
    parsed = urlparse(url or "")
    return parsed.scheme == "https" and bool(_AWS_ENDPOINT.match(parsed.hostname or ""))


def validations(path: Path | str = DEFAULT_PATH) -> dict[str, str | bool]:
    """``validated_against_cognito`` per requirement, from a recording of real Cognito (empty without one).

    Only what the ``cognito`` target recorded counts (an emulator's recording validates nothing), and
    only when it was made at Amazon Cognito's own endpoint; ValueError (one sentence) for a recording
    of the cognito target made anywhere else.
    """
    document = load(Path(path))
    values = {}
    for requirement, recorded in document.get("requirements", {}).items():
        if recorded.get("target") != "cognito":
            continue
        endpoint = (recorded.get("made_at") or {}).get("endpoint")
        if not is_aws_endpoint(endpoint):
            where = f"against {endpoint}" if endpoint else "without saying where"
            raise ValueError(f"{path} holds {requirement} recorded by the cognito target {where}, not at Amazon "
                             "Cognito's own endpoint, so it cannot validate requirements; record against real "
                             "Cognito, or move the file aside")
        value = validation(recorded)
        if value is not None:
            values[requirement] = value
    return values


def apply_validations(document: dict[str, Any], values: dict[str, str | bool]) -> dict[str, Any]:
    """Fill ``validated_against_cognito`` in a results document (in place; returns it)."""
    for requirement in document.get("requirements", []):
        requirement["validated_against_cognito"] = values.get(requirement["id"])
    return document


# --- the pytest plugin ---------------------------------------------------------------------------


class Recorder:
    """Watches a target's client during test items; records (``--record``) or compares (``--compare-recording``).

    Register it as a plugin and call :meth:`attach` with the target's Cognito client. Under
    pytest-xdist each worker observes its own items and hands them to the controller, which writes.
    """

    def __init__(self, path: Path, *, mode: str, target: str, comparison_path: Path | None = None,
                 today: str | None = None) -> None:
        if mode not in {"record", "compare"}:
            raise ValueError(f"unknown recording mode {mode!r}")
        self.path = path
        self.mode = mode
        self.target = target
        self.comparison_path = comparison_path
        self.today = today or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
        self.observed: dict[str, dict[str, Any]] = {}  # requirement -> {"items": {item: {...}}}
        self.deviations: dict[str, list[dict[str, Any]]] | None = None
        self._current: tuple[str, str] | None = None
        self._redactor = Redactor()
        self._nodes: dict[str, tuple[str, str]] = {}
        self.made_at: dict[str, str | None] = {}  # where the answers come from: endpoint, Region, account hash
        if mode == "compare":
            if not path.is_file():
                raise ValueError(f"--compare-recording={path} does not exist; name a recording made with --record")
            self.recording = load(path)  # fail early on a malformed file

    # --- what the client does ---------------------------------------------------------------

    def attach(self, client: Any, account_hash: str | None = None) -> None:
        """Watch ``client`` (the target's boto3 client); ``account_hash`` names the AWS account, hashed."""
        self.made_at = {"endpoint": client.meta.endpoint_url, "region": client.meta.region_name,
                        "account_sha256": account_hash}
        client.meta.events.register("before-parameter-build.cognito-idp", self._request)
        client.meta.events.register("after-call.cognito-idp", self._answer)
        client.meta.events.register("after-call-error.cognito-idp", self._failure)

    def _request(self, params: dict[str, Any], **_: Any) -> None:
        if self._current is not None:
            self._redactor.learn_request(params)

    def _answer(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if self._current is None:
            return
        failed = bool(parsed.get("Error"))
        if model.name in SETUP_OPERATIONS and not failed:
            return
        self._calls().append(entry_of(model.name, http_response.status_code, parsed, self._redactor))

    def _failure(self, exception: BaseException, model: Any, **_: Any) -> None:
        if self._current is not None:
            self._calls().append({"operation": model.name, "http_status": None, "response": {},
                                  "error": {"code": type(exception).__name__, "message": "no answer (network error)"}})

    def _calls(self) -> list[dict[str, Any]]:
        requirement, item = self._current  # type: ignore[misc]
        items = self.observed.setdefault(requirement, {"items": {}})["items"]
        return items.setdefault(item, {"outcome": None, "calls": []})["calls"]

    # --- which item is running --------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        requirement = _requirement_of(item)
        self._current = None if requirement is None else (requirement, item.name)
        self._redactor = Redactor()
        if self._current is not None:
            self._nodes[item.nodeid] = self._current
            self.observed.setdefault(requirement, {"items": {}})["items"].setdefault(
                item.name, {"outcome": None, "calls": []})

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        self._current = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        where = self._nodes.get(report.nodeid)
        if where is None:
            return
        entry = self.observed[where[0]]["items"][where[1]]
        outcome = _outcome(report)
        if outcome is not None and entry["outcome"] != FAILED:
            entry["outcome"] = outcome if entry["outcome"] is None or outcome == FAILED else entry["outcome"]

    # --- the end of the run -----------------------------------------------------------------

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = session.config
        if hasattr(config, "workeroutput"):  # a pytest-xdist worker: the controller writes
            config.workeroutput["conformance_recording"] = json.dumps(self.observed)
            config.workeroutput["conformance_recording_made_at"] = json.dumps(self.made_at)
            return
        if not self.observed:
            return
        if self.mode == "record":
            write(merge(load(self.path), self._recorded()), self.path)
        else:
            self.deviations = compare(self.recording, self.observed)
            if self.comparison_path is not None:
                write_comparison(self.deviations, self.path, self.target, self.comparison_path)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        made_at = getattr(node, "workeroutput", {}).get("conformance_recording_made_at")
        if made_at:
            self.made_at = json.loads(made_at)
        data = getattr(node, "workeroutput", {}).get("conformance_recording")
        if data:
            for requirement, seen in json.loads(data).items():
                self.observed.setdefault(requirement, {"items": {}})["items"].update(seen["items"])

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.mode == "record" and self.observed:
            terminalreporter.write_line(f"recording: {len(self.observed)} requirement(s) recorded in {self.path}")
        if self.mode == "compare" and self.deviations is not None:
            for line in summary_lines(self.deviations):
                terminalreporter.write_line(line)
            if self.comparison_path is not None:
                terminalreporter.write_line(f"recording comparison written to {self.comparison_path}")

    def _recorded(self) -> dict[str, Any]:
        recorded = {}
        for requirement, seen in self.observed.items():
            outcomes = {item["outcome"] for item in seen["items"].values()}
            outcome = FAILED if FAILED in outcomes else PASSED if PASSED in outcomes else NOT_APPLICABLE
            recorded[requirement] = {"recorded": self.today, "target": self.target, "outcome": outcome,
                                     "made_at": self.made_at, "items": seen["items"]}
        return recorded


def write_comparison(deviations: dict[str, list[dict[str, Any]]], recording: Path, target: str, path: Path) -> None:
    document = {
        "schema": "amplify-password-conformance/recording-comparison",
        "schema_version": 1,
        "recording": str(recording),
        "target": target,
        "requirements_compared": len(deviations),
        "requirements_deviating": sum(1 for d in deviations.values() if d),
        "deviations": deviations,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def summary_lines(deviations: dict[str, list[dict[str, Any]]]) -> list[str]:
    deviating = {req: found for req, found in deviations.items() if found}
    lines = [f"recording comparison: {len(deviations)} requirement(s) compared, {len(deviating)} deviate from the recording"]
    for requirement, found in deviating.items():
        kinds: dict[str, int] = {}
        for deviation in found:
            kinds[deviation["kind"]] = kinds.get(deviation["kind"], 0) + 1
        first = found[0]
        lines.append(f"  {requirement}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
                     + f" (first: {first['operation']} #{first['call']} {first['kind']}: recorded "
                     + f"{_short(first['cognito'])}, this run {_short(first['target'])})")
    return lines


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _requirement_of(item: pytest.Item) -> str | None:
    from conformance.collector import requirement_of

    return requirement_of(item)


def _outcome(report: pytest.TestReport) -> str | None:
    if report.failed:
        return FAILED
    if report.skipped:
        if report.when == "call" and hasattr(report, "wasxfail"):  # a warning or an expected failure
            return FAILED
        return NOT_APPLICABLE
    if report.when == "call":
        return PASSED
    return None
