"""The reference served over HTTP, and the latency proxy in front of it."""
from __future__ import annotations

import time
import urllib.request

import pytest
from botocore.exceptions import ClientError

from targets.contract import TargetError
from targets.latency import LatencyTarget
from targets.reference import ReferenceHttpTarget, ReferenceTarget


@pytest.fixture
def served():
    target = ReferenceHttpTarget()
    target.start()
    yield target
    target.stop()


def test_the_served_reference_answers_like_the_in_process_one(served):
    client = served.cognito_client()
    pool = client.create_user_pool(PoolName="p")["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    with pytest.raises(ClientError) as error:
        client.describe_user_pool(UserPoolId="us-east-1_missing")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_browser_preflight_is_answered(served):
    request = urllib.request.Request(served.endpoint_url(), method="OPTIONS")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_stopping_frees_the_port(served):
    url = served.endpoint_url()
    served.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)


def test_the_proxy_adds_its_delay_to_every_request():
    target = LatencyTarget(ReferenceHttpTarget(), delay=0.05)
    target.start()
    try:
        client = target.cognito_client()
        started = time.perf_counter()
        for _ in range(3):
            client.list_user_pools(MaxResults=1)
        assert time.perf_counter() - started >= 0.15
        assert target.capabilities == ReferenceHttpTarget.capabilities
    finally:
        target.stop()


def test_a_target_without_an_endpoint_cannot_take_latency():
    with pytest.raises(TargetError, match="no HTTP endpoint"):
        LatencyTarget(ReferenceTarget(), delay=0.05).start()


def test_pools_are_provisioned_by_the_inner_target_so_its_oracle_knows_them():
    provisioned = []

    class Inner(ReferenceHttpTarget):
        def provision(self, request):
            pool = super().provision(request)
            provisioned.append(pool)
            return pool

    from targets.contract import PoolRequest

    target = LatencyTarget(Inner(), delay=0.0)
    target.start()
    try:
        pool = target.provision(PoolRequest(pool={"PoolName": "p"}, client={"ClientName": "c"}))
        assert provisioned == [pool]
    finally:
        target.stop()
