"""The ``endpoint`` target: any Cognito-compatible service at a URL, with a code oracle you provide.

This is how another implementation uses the suite as its CI gate. The suite does not start or stop
the service; it sends every request to the URL and asks your oracle which code was delivered.

Configuration (environment variables, so that tox can pass them through):

``CONFORMANCE_ENDPOINT_URL`` (required)
    The service's base URL, e.g. ``http://127.0.0.1:9229``.
``CONFORMANCE_CODE_ORACLE`` (required)
    Where the codes your service delivered are read, in one of two forms:

    - an http(s) URL, in any language: the suite asks ``GET <url>/deliveries?userPoolId=<id>&username=<name>``
      and expects 200 with ``{"deliveries": [{"medium": "EMAIL" | "SMS", "destination": "…", "code": "…"}]}``,
      every message carrying a code sent to that user, oldest first (the protocol: ``targets.http_oracle``
      and its JSON Schema, ``targets/schemas/code-oracle.schema.json``). With it the target may declare
      ``delivery_log``.
    - ``package.module:function``, called as ``function(pool_id, username)``; it returns
      ``targets.contract.Delivery(medium, destination, code)`` for the newest code the service
      delivered to that user, or ``None`` when it delivered none.

    ``medium`` is "EMAIL" or "SMS", ``destination`` the unmasked address or number, ``code`` exactly as
    delivered. ``username`` is the name the user was created with: in pools that sign in with email or
    phone, that address or number. Read the code where your service really sends it (a test mailbox,
    an outbox table, a log); never make every code the same, or the suite cannot tell whether codes are
    checked. An oracle that fails (no answer, another status, a body off the schema, an exception) ends
    the run with the verdict ``error``, never as a failure of the service.
``CONFORMANCE_CLOCK`` (optional)
    How to move the service's clock forward; setting it declares the ``clock`` capability. An http(s)
    URL (the suite sends ``POST <url>`` with ``{"seconds": N}`` and expects a 2xx status) or
    ``package.module:function``, called as ``function(seconds)``.
``CONFORMANCE_CAPABILITIES`` (optional, comma-separated, default none)
    Any of ``sms``, ``sms_mfa``, ``rate_limits``, ``client_metadata``, ``delivery_log`` (with an oracle
    URL only) and ``clock`` (with ``CONFORMANCE_CLOCK``): declare only what the service really has.
    ``sms`` means codes can go by SMS and your oracle returns them.
Credentials and Region
    Requests are signed (SigV4) with ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and
    ``AWS_SESSION_TOKEN`` when the first two are set, else with fixed dummy credentials; in the Region
    ``CONFORMANCE_REGION``, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else ``us-east-1``. The
    results' target details say which Region and whether the credentials came from the environment
    (never the secret, which the run keeps out of every artefact).

The recipe, with moto server standing in for "your implementation" and ``targets.moto.oracle_server``
as its oracle (a tap in front of moto server that also answers the deliveries protocol), each server
in a terminal of its own and stopped with Ctrl-C at the end::

    tox exec -e moto-server -- python -m moto.server -H 127.0.0.1 -p 5000
    tox exec -e endpoint -- python -m targets.moto.oracle_server --moto-url http://127.0.0.1:5000 --port 5001
    CONFORMANCE_ENDPOINT_URL=http://127.0.0.1:5001 \\
    CONFORMANCE_CODE_ORACLE=http://127.0.0.1:5001/oracle \\
    CONFORMANCE_CAPABILITIES=sms,sms_mfa,delivery_log \\
    tox -e endpoint -- --expectations=expectations/moto.toml
"""
from __future__ import annotations

import os
import re
from typing import Any, Callable, ClassVar, Mapping
from urllib.parse import urlparse

from botocore.exceptions import BotoCoreError, ClientError

from targets.boto import REGION, cognito_client
from targets.contract import CLOCK, DELIVERY_LOG, KNOWN_CAPABILITIES, Delivery, Target, TargetError, TargetInfo
from targets.http_oracle import SCHEMA_NAME, HttpClock, HttpCodeOracle
from targets.registry import load_by_path

URL_VARIABLE = "CONFORMANCE_ENDPOINT_URL"
ORACLE_VARIABLE = "CONFORMANCE_CODE_ORACLE"
CAPABILITIES_VARIABLE = "CONFORMANCE_CAPABILITIES"
CLOCK_VARIABLE = "CONFORMANCE_CLOCK"
REGION_VARIABLE = "CONFORMANCE_REGION"
# Where the Region comes from, first found first: the suite's own variable, then the standard ones.
REGION_VARIABLES = (REGION_VARIABLE, "AWS_REGION", "AWS_DEFAULT_REGION")
KEY_ID_VARIABLE = "AWS_ACCESS_KEY_ID"
SECRET_VARIABLE = "AWS_SECRET_ACCESS_KEY"
TOKEN_VARIABLE = "AWS_SESSION_TOKEN"
# A hook given as a Python import path: package.module:function.
IMPORT_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*:[A-Za-z_]\w*")


class EndpointTarget(Target):
    """A Cognito-compatible service someone else runs, reached at a URL."""

    name: ClassVar[str] = "endpoint"

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.url = env.get(URL_VARIABLE, "").strip()
        if not self.url:
            raise TargetError(f"the endpoint target needs {URL_VARIABLE}, the service's URL "
                              f"(e.g. {URL_VARIABLE}=http://127.0.0.1:9229), and {ORACLE_VARIABLE}")
        if urlparse(self.url).scheme not in {"http", "https"} or not urlparse(self.url).netloc:
            raise TargetError(f"{URL_VARIABLE}={self.url!r} is not an http(s) URL")

        self.oracle = env.get(ORACLE_VARIABLE, "").strip()
        if not self.oracle:
            raise TargetError(f"the endpoint target needs {ORACLE_VARIABLE}: an http(s) URL answering "
                              f"GET <url>/deliveries ({SCHEMA_NAME}), or package.module:function, a function "
                              "(pool_id, username) -> Delivery | None that reads the codes your service delivers")
        self._http_oracle: HttpCodeOracle | None = None
        self._oracle: Callable[[str, str], Delivery | None] | None = None
        if _is_url(ORACLE_VARIABLE, self.oracle, query_allowed=False):
            self._http_oracle = HttpCodeOracle(self.oracle)
        else:
            self._oracle = _load(ORACLE_VARIABLE, self.oracle)

        names = {c.strip() for c in env.get(CAPABILITIES_VARIABLE, "").split(",") if c.strip()}
        unknown = names - KNOWN_CAPABILITIES
        if unknown:
            raise TargetError(f"{CAPABILITIES_VARIABLE} names unknown capabilities {sorted(unknown)}; "
                              f"choose from {sorted(KNOWN_CAPABILITIES)}")
        if DELIVERY_LOG in names and self._http_oracle is None:
            raise TargetError(f"{CAPABILITIES_VARIABLE} declares 'delivery_log', which needs an oracle that lists "
                              f"every delivery: set {ORACLE_VARIABLE} to an http(s) URL answering GET <url>/deliveries "
                              f"({SCHEMA_NAME}), not a Python function returning only the newest")
        self.clock = env.get(CLOCK_VARIABLE, "").strip()
        self._clock: Callable[[float], None] | None = None
        if self.clock:
            names.add(CLOCK)  # a clock given is a clock declared
            if _is_url(CLOCK_VARIABLE, self.clock, query_allowed=True):
                self._clock = HttpClock(self.clock).advance
            else:
                self._clock = _load(CLOCK_VARIABLE, self.clock)
        elif CLOCK in names:
            raise TargetError(f"{CAPABILITIES_VARIABLE} declares 'clock', so {CLOCK_VARIABLE} must say how to advance "
                              "the service's clock: an http(s) URL taking POST {\"seconds\": N}, or "
                              "package.module:function, a function (seconds) -> None")
        self.capabilities = frozenset(names)  # type: ignore[misc]  # per instance: read from the environment

        self.region, self.region_source = _region(env)
        self._credentials, self.credentials_source = _credentials(env)
        self._client: Any = None

    def start(self) -> None:
        """Check that something answers at the URL, so that a wrong URL ends the run in one sentence."""
        try:
            self.cognito_client().list_user_pools(MaxResults=1)
        except ClientError:
            pass  # the service answered; whether it has ListUserPools is not this check's business
        except BotoCoreError as error:
            raise TargetError(f"nothing answers at {URL_VARIABLE}={self.url} ({error}); start your service "
                              "or correct the URL") from None

    def cognito_client(self) -> Any:
        if self._client is None:
            self._client = cognito_client(self.url, self.region, self._credentials)
        return self._client

    def endpoint_url(self) -> str | None:
        return self.url

    def info(self) -> TargetInfo:
        details = {
            "endpoint": self.url,
            "code oracle": self.oracle,
            "region": f"{self.region} ({self.region_source})",
            "credentials": self.credentials_source,
        }
        if self.clock:
            details["clock"] = self.clock
        return TargetInfo(name=self.name, details=details)

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        if self._http_oracle is not None:
            return self._http_oracle.last_delivery(pool_id, username)
        assert self._oracle is not None
        delivery = self._oracle(pool_id, username)
        if delivery is not None and not isinstance(delivery, Delivery):
            raise TargetError(f"the code oracle {self.oracle} returned {type(delivery).__name__}, "
                              "not targets.contract.Delivery or None")
        return delivery

    def deliveries(self, pool_id: str, username: str) -> list[Delivery]:
        if self._http_oracle is None or DELIVERY_LOG not in self.capabilities:
            return super().deliveries(pool_id, username)
        return self._http_oracle.deliveries(pool_id, username)

    def advance_clock(self, seconds: float) -> None:
        if self._clock is None:
            super().advance_clock(seconds)
        else:
            self._clock(seconds)


def _is_url(variable: str, value: str, *, query_allowed: bool) -> bool:
    """True for an http(s) URL, False for an import path; TargetError (a usage error) for anything else."""
    parts = urlparse(value)
    if parts.scheme in {"http", "https"}:
        if not parts.netloc:
            raise TargetError(f"{variable}={value!r} is not a usable URL: it names no host")
        if parts.fragment or (parts.query and not query_allowed):
            what = ("a fragment" if query_allowed
                    else "a query or fragment; the suite adds /deliveries?userPoolId=… itself")
            raise TargetError(f"{variable}={value!r} must be a URL without {what}")
        return True
    if IMPORT_PATH.fullmatch(value):
        return False
    raise TargetError(f"{variable}={value!r} is neither an http(s) URL (e.g. http://127.0.0.1:8081) nor a Python "
                      "import path package.module:function")


def _region(env: Mapping[str, str]) -> tuple[str, str]:
    """The Region to sign for, and where it came from."""
    for variable in REGION_VARIABLES:
        value = env.get(variable, "").strip()
        if value:
            return value, f"from {variable}"
    return REGION, "the default"


def _credentials(env: Mapping[str, str]) -> tuple[dict[str, str] | None, str]:
    """The credentials to sign with (None: the fixed dummy ones), and where they came from, without a secret."""
    key_id, secret = env.get(KEY_ID_VARIABLE, "").strip(), env.get(SECRET_VARIABLE, "").strip()
    if bool(key_id) != bool(secret):
        given, missing = (KEY_ID_VARIABLE, SECRET_VARIABLE) if key_id else (SECRET_VARIABLE, KEY_ID_VARIABLE)
        raise TargetError(f"{given} is set but {missing} is not: set both to sign the endpoint's requests with "
                          "your credentials, or neither to sign with fixed dummy ones")
    if not key_id:
        return None, f"fixed dummy values ({KEY_ID_VARIABLE} and {SECRET_VARIABLE} are not set)"
    credentials = {"aws_access_key_id": key_id, "aws_secret_access_key": secret}
    used = [KEY_ID_VARIABLE, SECRET_VARIABLE]
    token = env.get(TOKEN_VARIABLE, "").strip()
    if token:
        credentials["aws_session_token"] = token
        used.append(TOKEN_VARIABLE)
    return credentials, f"from the environment ({', '.join(used)})"


def _load(variable: str, path: str) -> Callable[..., Any]:
    try:
        hook = load_by_path(path)
    except ImportError as error:
        raise TargetError(f"{variable}: {error}") from None
    if not callable(hook):
        raise TargetError(f"{variable}: {path} is not callable")
    return hook
