"""The cognito target on its own, against in-process moto: refusing to start, provisioning with tags and
triggers, cleaning up (also half-way), pacing and retrying only set-up calls."""
from __future__ import annotations

import datetime as dt
import os
import signal

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

moto = pytest.importorskip("moto")

from targets import create_target  # noqa: E402
from targets.cognito import CognitoTarget  # noqa: E402
from targets.cognito.aws import AwsAccess  # noqa: E402
from targets.cognito.capture import CaptureStackManager  # noqa: E402
from targets.cognito.packaging import build_package  # noqa: E402
from targets.cognito.quotas import MAX_WORKERS, Pacer, SetupRetry, rate_per_worker  # noqa: E402
from targets.cognito.lease import LEASE_SECONDS, lease_end  # noqa: E402
from targets.cognito.run_record import STATE_DIR_ENV, load_records  # noqa: E402
from targets.cognito.tagging import OWNER_TAG, RUN_TAG  # noqa: E402
from targets.contract import PoolRequest, TargetError  # noqa: E402

ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
       "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "CONFORMANCE_RUN_ID": "unit1"}
REQUEST = PoolRequest(pool={"PoolName": "amplify-pw-conformance-unit1-1", "UsernameAttributes": ["email"]},
                      client={"ClientName": "app", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH",
                                                                         "ALLOW_REFRESH_TOKEN_AUTH"]})


@pytest.fixture
def aws(monkeypatch, tmp_path):
    monkeypatch.setenv(STATE_DIR_ENV, str(tmp_path / "runs"))
    for name in ("AWS_PROFILE", "AWS_REGION", "CONFORMANCE_COGNITO_ENDPOINT_URL", "PYTEST_XDIST_WORKER_COUNT",
                 "CONFORMANCE_COGNITO_NO_CAPTURE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        yield


@pytest.fixture
def stack(aws):
    return CaptureStackManager(AwsAccess(), say=lambda _: None).bootstrap(lambda: build_package(vendor=False))


@pytest.fixture
def target(stack):
    started = CognitoTarget()
    started.start()
    yield started
    started.stop()


def _suite_pools() -> list[dict]:
    client = boto3.client("cognito-idp")
    return [client.describe_user_pool(UserPoolId=p["Id"])["UserPool"]
            for p in client.list_user_pools(MaxResults=60)["UserPools"]]


def test_the_target_is_built_by_name_without_touching_aws():
    assert isinstance(create_target("cognito"), CognitoTarget)


@pytest.mark.parametrize("missing, sentence", [
    ({"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}, "no AWS credentials were found; configure"),
    ({"AWS_DEFAULT_REGION": None}, "no AWS Region is configured; set AWS_REGION"),
])
def test_it_refuses_to_start_without_credentials_or_region_in_one_sentence(aws, monkeypatch, missing, sentence):
    for name in missing:
        monkeypatch.delenv(name)
    with pytest.raises(TargetError) as refused:
        CognitoTarget().start()
    assert str(refused.value).startswith(sentence) and "\n" not in str(refused.value)


def test_it_refuses_to_start_without_the_capture_stack_unless_told_to(aws, monkeypatch):
    before = signal.getsignal(signal.SIGINT)  # default_int_handler, or SIG_IGN when run as a background job
    with pytest.raises(TargetError, match=r"capture stack is not deployed .* python -m targets.cognito bootstrap"):
        CognitoTarget().start()
    assert signal.getsignal(signal.SIGINT) is before  # nothing left installed
    monkeypatch.setenv("CONFORMANCE_COGNITO_NO_CAPTURE", "1")
    target = CognitoTarget()
    target.start()
    target.stop()


def test_it_refuses_more_workers_than_the_quotas_allow(aws, monkeypatch):
    assert MAX_WORKERS == 4
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", str(MAX_WORKERS + 1))
    with pytest.raises(TargetError, match="run with -n 4 or fewer"):
        CognitoTarget().start()


def test_pools_are_named_tagged_and_attached_to_the_capture_triggers(target, stack):
    pool = target.provision(REQUEST)

    described = boto3.client("cognito-idp").describe_user_pool(UserPoolId=pool.pool_id)["UserPool"]
    assert described["Name"] == "amplify-pw-conformance-unit1-1"
    tags = described["UserPoolTags"]
    assert {tag: tags.pop(tag) for tag in (RUN_TAG, OWNER_TAG)} == {RUN_TAG: "unit1", OWNER_TAG: target.janitor.owner}
    lease_left = lease_end(tags) - dt.datetime.now(dt.timezone.utc)
    assert len(tags) == 1 and dt.timedelta(seconds=LEASE_SECONDS - 60) < lease_left <= dt.timedelta(seconds=LEASE_SECONDS)
    assert described["LambdaConfig"] == stack.lambda_config()
    assert target.janitor.pools == {pool.pool_id: "amplify-pw-conformance-unit1-1"}


def test_stop_deletes_every_pool_of_the_run_and_nothing_else(target):
    other = boto3.client("cognito-idp").create_user_pool(PoolName="someone-elses")["UserPool"]["Id"]
    target.provision(REQUEST)
    # a pool a scenario creates directly through the target's client is tagged and tracked too
    target.cognito_client().create_user_pool(PoolName="amplify-pw-conformance-unit1-direct")

    target.stop()

    assert [p["Id"] for p in _suite_pools()] == [other]


def test_a_provisioning_that_fails_half_way_deletes_the_pool_it_made(target):
    def refuse(**_):
        raise RuntimeError("the app client could not be made")
    target.cognito_client().meta.events.register("before-call.cognito-idp.CreateUserPoolClient", refuse)

    with pytest.raises(RuntimeError):
        target.provision(REQUEST)

    assert _suite_pools() == [] and target.janitor.pools == {}


@pytest.fixture
def interruptible():
    """Ctrl-C handled as in a terminal, even when the tests run as a background job (SIGINT ignored)."""
    original = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, original)


def test_the_janitor_cleans_up_at_exit_and_on_signals_and_then_lets_them_through(interruptible, target):
    target.provision(REQUEST)
    assert signal.getsignal(signal.SIGINT) == target.janitor._on_signal
    with pytest.raises(KeyboardInterrupt):
        target.janitor._on_signal(signal.SIGINT, None)  # what Ctrl-C does
    assert _suite_pools() == []
    target.stop()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_create_whose_answer_was_lost_is_found_and_deleted(target):
    def lose_the_answer(**_):
        raise ConnectionError("the answer was lost")
    client = target.cognito_client()
    client.meta.events.register_first("after-call.cognito-idp.CreateUserPool", lose_the_answer)
    with pytest.raises(ConnectionError):
        client.create_user_pool(PoolName="amplify-pw-conformance-unit1-lost")
    assert target.janitor.pools == {} and len(_suite_pools()) == 1

    assert target.janitor.clean_up() == []
    assert _suite_pools() == []


def test_a_create_whose_pool_never_shows_is_left_to_sweep_in_the_run_record(target, tmp_path):
    def never_arrives(**_):
        raise ConnectionError("the request was lost on its way")
    target.janitor.clean_up_seconds = 0.3
    client = target.cognito_client()
    client.meta.events.register("before-send.cognito-idp.CreateUserPool", never_arrives)
    with pytest.raises(ConnectionError):
        client.create_user_pool(PoolName="amplify-pw-conformance-unit1-lost")

    assert target.janitor.clean_up() == ["the pool amplify-pw-conformance-unit1-lost asked for was not listed "
                                         "within 0.3 s"]
    [record] = load_records(tmp_path / "runs")
    assert (record.run_id, record.owner, record.requested) == ("unit1", target.janitor.owner,
                                                               ("amplify-pw-conformance-unit1-lost",))


def test_a_sigterm_during_the_clean_up_is_acted_on_once_it_has_ended(stack):
    seen, deletes = [], []

    def terminate_on_the_first(**_):
        deletes.append(1)
        if len(deletes) == 1:
            os.kill(os.getpid(), signal.SIGTERM)
    original = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(_suite_pools()))
    try:
        target = CognitoTarget()
        target.start()
        target.provision(REQUEST)
        target.janitor.client().meta.events.register("before-call.cognito-idp.DeleteUserPool", terminate_on_the_first)

        target.stop()

        # Acted on once, after the pool was gone; had it been let in during the deletion, a second
        # clean-up would have deleted the pool again from inside the first.
        assert seen == [[]] and len(deletes) == 1
    finally:
        signal.signal(signal.SIGTERM, original)


def _throttle(times: int):
    """A before-send handler answering TooManyRequestsException ``times`` times, then letting requests through."""
    calls = []

    def handler(request, **_):
        calls.append(request.url)
        if len(calls) <= times:
            return AWSResponse(request.url, 400, {"x-amzn-ErrorType": "TooManyRequestsException"},
                               _Raw(b'{"__type": "TooManyRequestsException", "message": "Too many requests"}'))
        return None
    return handler, calls


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_):
        yield self._body


def test_set_up_calls_are_retried_on_throttling_but_calls_under_test_are_not(target, monkeypatch):
    monkeypatch.setattr(target.setup_retry, "backoff", lambda attempts: 0.0)
    client = target.cognito_client()
    handler, calls = _throttle(2)
    client.meta.events.register_first("before-send.cognito-idp.CreateUserPool", handler)
    pool = client.create_user_pool(PoolName="amplify-pw-conformance-unit1-throttled")["UserPool"]["Id"]
    assert len(calls) == 3 and target.setup_retry.retried == 2

    handler, calls = _throttle(1)
    client.meta.events.register_first("before-send.cognito-idp.ForgotPassword", handler)
    with pytest.raises(ClientError, match="TooManyRequestsException"):
        client.forgot_password(ClientId="any", Username="someone")
    assert len(calls) == 1  # a result for the scenario, never retried here
    client.delete_user_pool(UserPoolId=pool)


def test_the_pacer_keeps_each_worker_within_its_share_of_the_quota():
    now = [0.0]
    pacer = Pacer(workers=2, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    for _ in range(13):
        pacer.wait("ForgotPassword")
    # UserAccountRecovery: 30 RPS * 0.8 headroom / 2 workers = 12 RPS for this worker
    assert rate_per_worker("ForgotPassword", 2) == pytest.approx(12.0)
    assert now[0] == pytest.approx(1.0)
    assert rate_per_worker("CreateUserPoolClient", 1) == pytest.approx(4.0)  # 5 RPS per pool, with headroom


def test_set_up_retries_back_off_exponentially_with_a_cap():
    retry = SetupRetry(rng=__import__("random").Random(1))
    waits = [retry.backoff(attempt) for attempt in range(1, 8)]
    assert all(0.25 <= w <= 8.0 for w in waits) and waits[-1] >= 4.0
