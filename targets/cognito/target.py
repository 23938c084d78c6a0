"""The ``cognito`` target: real Amazon Cognito user pools in the caller's AWS account.

It is built only when ``--target cognito`` names it, and starts only with a Region and credentials
that AWS accepts (the standard boto3 chain). Each pool it provisions is named
``amplify-pw-conformance-…`` and tagged with the run's ID, and every pool the run created is deleted
when the run ends, including on Ctrl-C, SIGTERM, a failed set-up and an early exit (see ``janitor``).

The pools also carry an owner tag and a lease the run keeps renewing, and each process keeps a
record of its pools on disk, so that ``sweep`` deletes what a killed run left and never what a live
run uses (see ``lease`` and ``run_record``).

Codes are read from the capture stack (``python -m targets.cognito bootstrap``); provisioned pools
attach its sender triggers. Without the stack the target refuses to start unless
``CONFORMANCE_COGNITO_NO_CAPTURE=1`` says to run without delivered codes (scenarios needing one fail).

Requests are paced to the documented quotas and set-up calls retried on throttling (see ``quotas``).
"""
from __future__ import annotations

import hashlib
import os
from importlib.metadata import PackageNotFoundError, version
from typing import Any, ClassVar

from targets.cognito.aws import AwsAccess
from targets.cognito.capture import CaptureStack, CaptureStackManager
from targets.cognito.codes import DEFAULT_WAIT_SECONDS, CapturedCodes
from targets.cognito.janitor import PoolJanitor
from targets.cognito.quotas import MAX_WORKERS, Pacer, SetupRetry, worker_count
from targets.cognito.run_record import state_dir
from targets.cognito.tagging import new_run_id, suite_name
from targets.contract import (
    ACCOUNT_DETAIL,
    RATE_LIMITS,
    SMS,
    Delivery,
    PoolRequest,
    ProvisionedPool,
    Target,
    TargetError,
    TargetInfo,
)

NO_CAPTURE_ENV = "CONFORMANCE_COGNITO_NO_CAPTURE"
DELIVERY_WAIT_ENV = "CONFORMANCE_COGNITO_DELIVERY_WAIT"


class CognitoTarget(Target):
    """Amazon Cognito itself, reached with the caller's AWS credentials."""

    name: ClassVar[str] = "cognito"
    # SMS: codes sent by SMS reach the Custom SMS sender trigger like email codes reach theirs.
    # RATE_LIMITS: the service enforces its per-user attempt limits. No clock: real time only.
    capabilities: ClassVar[frozenset[str]] = frozenset({SMS, RATE_LIMITS})

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self._env = dict(os.environ if environ is None else environ)
        try:
            self.run_id = new_run_id(self._env)
        except ValueError as error:
            raise TargetError(str(error)) from None
        self.workers = worker_count(self._env)
        self._access: AwsAccess | None = None
        self._client: Any = None
        self._lookup: Any = None
        self._stack: CaptureStack | None = None
        self._codes: CapturedCodes | None = None
        self.pacer = Pacer(self.workers)
        self.setup_retry = SetupRetry()
        self.janitor: PoolJanitor | None = None

    # --- life cycle -------------------------------------------------------------------------

    def start(self) -> None:
        if self.workers > MAX_WORKERS:
            raise TargetError(f"{self.workers} workers would exceed Cognito's request-rate quotas; run with "
                              f"-n {MAX_WORKERS} or fewer (see docs/COGNITO.md)")
        access = AwsAccess(self._env)
        access.check()
        self._access = access
        self.janitor = PoolJanitor(self._bookkeeping_client, self.run_id, state=state_dir(self._env))
        self.janitor.install()
        self._stack = CaptureStackManager(access, say=lambda _: None).find()
        if self._stack is None and self._env.get(NO_CAPTURE_ENV) != "1":
            self.janitor.uninstall()
            raise TargetError(f"the capture stack is not deployed in {access.describe()}; run "
                              f"python -m targets.cognito bootstrap first (or set {NO_CAPTURE_ENV}=1 to run "
                              "without delivered codes)")
        if self._stack is not None:
            self._codes = CapturedCodes(access.client("dynamodb"), self._lookup_client, self._stack.table,
                                        wait_seconds=_seconds(self._env.get(DELIVERY_WAIT_ENV), DEFAULT_WAIT_SECONDS))

    def stop(self) -> None:
        if self.janitor is not None:
            try:
                self.janitor.clean_up()
            finally:  # a signal held during the clean-up may be acted on as it ends
                self.janitor.uninstall()
        self._client = self._lookup = None

    # --- the contract -----------------------------------------------------------------------

    def cognito_client(self) -> Any:
        if self._client is None:
            access = self._started()
            client = access.client("cognito-idp", under_test=True)
            self.pacer.attach(client)
            self.setup_retry.attach(client)
            assert self.janitor is not None
            self.janitor.attach(client)
            client.meta.events.register("before-parameter-build.cognito-idp.CreateUserPool", self._tag_pool)
            if self._codes is not None:
                self._codes.attach(client)
            self._client = client
        return self._client

    def provision(self, request: PoolRequest) -> ProvisionedPool:
        pool_params = dict(request.pool)
        pool_params["PoolName"] = suite_name(pool_params.get("PoolName", self.run_id))
        if self._stack is not None:
            pool_params["LambdaConfig"] = {**pool_params.get("LambdaConfig", {}), **self._stack.lambda_config()}
        client = self.cognito_client()
        pool_id = client.create_user_pool(**pool_params)["UserPool"]["Id"]
        try:
            client_id = client.create_user_pool_client(UserPoolId=pool_id, **request.client)["UserPoolClient"]["ClientId"]
        except BaseException:  # includes Ctrl-C: a pool without its app client is of no use to anyone
            assert self.janitor is not None
            self.janitor.delete_pool(pool_id)
            raise
        if self._codes is not None:
            self._codes.app_client_of(pool_id, client_id)
        return ProvisionedPool(pool_id=pool_id, client_id=client_id)

    def last_delivery(self, pool_id: str, username: str) -> Delivery | None:
        if self._codes is None:
            raise TargetError("the cognito target has no capture stack, so it cannot read delivered codes; "
                              "run python -m targets.cognito bootstrap")
        return self._codes.last_delivery(pool_id, username)

    def info(self) -> TargetInfo:
        details = {
            "service": "Amazon Cognito user pools",
            "run id": self.run_id,
            "workers": str(self.workers),
            "code oracle": "the capture stack's table (Custom email/SMS sender triggers)" if self._stack
            else "none (no capture stack)",
            "throttled set-up calls retried": str(self.setup_retry.retried),
            "seconds waited for the quotas": f"{self.pacer.waited:.1f}",
        }
        if self._access is not None:
            details["where"] = self._access.describe()
            details[ACCOUNT_DETAIL] = hashlib.sha256(self._access.account_id.encode()).hexdigest()[:16]
        return TargetInfo(name=self.name, version=f"botocore {_version('botocore')}", details=details)

    # --- plumbing ---------------------------------------------------------------------------

    def _started(self) -> AwsAccess:
        if self._access is None:
            raise TargetError("the cognito target was used before start() (or after stop())")
        return self._access

    def _bookkeeping_client(self) -> Any:
        client = self._started().client("cognito-idp", under_test=True)
        self.setup_retry.attach(client)
        self.pacer.attach(client)
        return client

    def _lookup_client(self) -> Any:
        if self._lookup is None:
            self._lookup = self._bookkeeping_client()
        return self._lookup

    def _tag_pool(self, params: dict[str, Any], **_: Any) -> None:
        """Tag every pool made through the target's client, also those a scenario creates directly."""
        assert self.janitor is not None
        params["UserPoolTags"] = {**(params.get("UserPoolTags") or {}), **self.janitor.tags()}


def _seconds(value: str | None, default: float) -> float:
    try:
        return max(0.0, float(value)) if value not in (None, "") else default
    except ValueError:
        return default


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"
