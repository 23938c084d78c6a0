"""Staying inside Amazon Cognito's request-rate quotas.

Cognito counts requests per account and Region in categories, each with a rate in requests per
second (RPS); a request beyond it fails with ``TooManyRequestsException``. The rates below are
the documented defaults ("Quotas in Amazon Cognito", category operations; the suite's
SPEC-FACTS §3 repeats the two it relies on most: UserAccountRecovery 30 and UserPoolUpdate 15).

Two mechanisms, and a cap:

- **Pacing** (every request of the target's clients): before a request is sent, the process waits
  until its share of the category's rate allows it. Every worker takes ``rate * HEADROOM /
  workers``, so the workers together stay below the quota even at full speed. Pacing delays a
  request; it never repeats one, so it changes no outcome.
- **Retrying set-up** (only the operations in ``SETUP_OPERATIONS``): if another tenant of the
  account still pushes a set-up call over the quota, it is repeated after an exponential backoff.
  The operations under test are never retried here: their throttling, like a
  ``LimitExceededException``, is a result the scenario sees (and the Amplify client's own retries
  are the Amplify client's business).
- **The worker cap** ``MAX_WORKERS``: with N workers, each gets 1/N of the smallest category the
  suite uses (UserPoolRead, UserPoolUpdate and the app-client categories: 15 RPS, times the
  headroom, 12). Below ``MIN_WORKER_RPS`` a worker waits on its pacer more than on the service, so
  ``MAX_WORKERS = floor(15 * 0.8 / 3) = 4``: run with ``-n 4`` at most.
"""
from __future__ import annotations

import math
import os
import random
import threading
import time
from typing import Any, Callable

HEADROOM = 0.8  # use at most 80 % of a quota: other tools in the account may be sending too
MIN_WORKER_RPS = 3.0  # a serial worker against Cognito sends at least this many requests a second

# Documented default quotas (RPS) of the categories the suite's requests fall in.
CATEGORY_RPS: dict[str, float] = {
    "UserAuthentication": 120,
    "UserCreation": 50,
    "UserAccountRecovery": 30,  # not adjustable
    "UserRead": 120,
    "UserUpdate": 25,
    "UserToken": 120,
    "UserPoolRead": 15,
    "UserPoolUpdate": 15,
    "UserPoolClientRead": 15,
    "UserPoolClientUpdate": 15,
}
# The app-client categories also allow only 5 RPS per operation and user pool.
PER_POOL_RPS = {"UserPoolClientRead": 5.0, "UserPoolClientUpdate": 5.0}
# Operations whose category the documentation does not place for us are paced at the slowest rate.
UNKNOWN_CATEGORY_RPS = min(CATEGORY_RPS.values())

OPERATION_CATEGORY: dict[str, str] = {
    "InitiateAuth": "UserAuthentication",
    "AdminInitiateAuth": "UserAuthentication",
    "RespondToAuthChallenge": "UserAuthentication",
    "AdminRespondToAuthChallenge": "UserAuthentication",
    "SignUp": "UserCreation",
    "ConfirmSignUp": "UserCreation",
    "AdminCreateUser": "UserCreation",
    "AdminConfirmSignUp": "UserCreation",
    "ForgotPassword": "UserAccountRecovery",
    "ConfirmForgotPassword": "UserAccountRecovery",
    "ChangePassword": "UserAccountRecovery",
    "AdminResetUserPassword": "UserAccountRecovery",
    "AdminSetUserPassword": "UserAccountRecovery",
    "AdminGetUser": "UserRead",
    "GetUser": "UserRead",
    "AdminDisableUser": "UserUpdate",
    "AdminEnableUser": "UserUpdate",
    "AdminDeleteUser": "UserUpdate",
    "AdminUpdateUserAttributes": "UserUpdate",
    "AdminUserGlobalSignOut": "UserUpdate",
    "GlobalSignOut": "UserToken",
    "RevokeToken": "UserToken",
    "DescribeUserPool": "UserPoolRead",
    "ListUserPools": "UserPoolRead",
    "CreateUserPool": "UserPoolUpdate",
    "UpdateUserPool": "UserPoolUpdate",
    "DeleteUserPool": "UserPoolUpdate",
    "DescribeUserPoolClient": "UserPoolClientRead",
    "CreateUserPoolClient": "UserPoolClientUpdate",
    "DeleteUserPoolClient": "UserPoolClientUpdate",
}

# Set-up and tear-down: retried on throttling. Everything else is under test and never retried.
SETUP_OPERATIONS = frozenset({
    "CreateUserPool", "CreateUserPoolClient", "DeleteUserPool", "DescribeUserPool", "ListUserPools",
    "AdminCreateUser", "AdminSetUserPassword", "AdminGetUser", "AdminDisableUser", "AdminDeleteUser",
    "TagResource", "ListTagsForResource",
})
THROTTLING = "TooManyRequestsException"
SETUP_MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 8.0

MAX_WORKERS = math.floor(min(CATEGORY_RPS.values()) * HEADROOM / MIN_WORKER_RPS)


def worker_count(environ: dict[str, str] | None = None) -> int:
    """How many pytest-xdist workers share the account in this run (1 without xdist)."""
    value = (os.environ if environ is None else environ).get("PYTEST_XDIST_WORKER_COUNT", "1")
    try:
        return max(1, int(value))
    except ValueError:
        return 1


def rate_per_worker(operation: str, workers: int) -> float:
    """The requests per second one worker may send for ``operation``."""
    category = OPERATION_CATEGORY.get(operation)
    rate = CATEGORY_RPS.get(category, UNKNOWN_CATEGORY_RPS) * HEADROOM / workers
    if category in PER_POOL_RPS:
        rate = min(rate, PER_POOL_RPS[category] * HEADROOM)
    return rate


class Pacer:
    """Spaces a process's requests so that each category stays within its per-worker share."""

    def __init__(self, workers: int = 1, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.workers = workers
        self.waited = 0.0
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-call.cognito-idp", self._before_call)

    def _before_call(self, model: Any, **_: Any) -> None:
        self.wait(model.name)

    def wait(self, operation: str) -> None:
        category = OPERATION_CATEGORY.get(operation, operation)
        interval = 1.0 / rate_per_worker(operation, self.workers)
        with self._lock:
            now = self._clock()
            due = max(now, self._next.get(category, now))
            self._next[category] = due + interval
        if due > now:
            self.waited += due - now
            self._sleep(due - now)


class SetupRetry:
    """Repeats throttled set-up and tear-down calls with exponential backoff and jitter.

    Hooked to botocore's ``needs-retry`` event of each set-up operation only, so that the
    client's own retries stay off for everything else.
    """

    def __init__(self, max_attempts: int = SETUP_MAX_ATTEMPTS, rng: random.Random | None = None) -> None:
        self.max_attempts = max_attempts
        self.retried = 0
        self._rng = rng or random.Random()

    def attach(self, client: Any) -> None:
        for operation in SETUP_OPERATIONS:
            client.meta.events.register(f"needs-retry.cognito-idp.{operation}", self._needs_retry)

    def _needs_retry(self, response: Any = None, attempts: int = 1, **_: Any) -> float | None:
        if response is None or attempts >= self.max_attempts:
            return None
        _, parsed = response
        if parsed.get("Error", {}).get("Code") != THROTTLING:
            return None
        self.retried += 1
        return self.backoff(attempts)

    def backoff(self, attempts: int) -> float:
        ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

