"""DelegatingTarget hands the whole target contract to the target it wraps, so that a wrapper (the
latency target) overrides only what it changes and cannot forget a method the contract gains."""
from __future__ import annotations

import inspect
from typing import Any

import pytest

from targets.contract import DelegatingTarget, Target
from targets.latency import LatencyTarget
from targets.reference import ReferenceHttpTarget


def contract_members() -> set[str]:
    """Every public method and attribute of Target, declared (``name``) or defined."""
    return {name for name in set(vars(Target)) | set(Target.__annotations__) if not name.startswith("_")}


class Recording(Target):
    """Answers every call with a value of its own and remembers it."""

    name = "recording"
    capabilities = frozenset({"clock", "sms"})

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.marker = object()

    def __getattribute__(self, attribute: str) -> Any:
        value = object.__getattribute__(self, attribute)
        if attribute in contract_members() and callable(value):
            def recorded(*args: Any) -> Any:
                self.calls.append((attribute, args))
                return (attribute, args)
            return recorded
        return value

    def cognito_client(self) -> Any:
        raise AssertionError("replaced by __getattribute__")

    def last_delivery(self, pool_id: str, username: str) -> None:
        raise AssertionError("replaced by __getattribute__")


def test_the_contract_is_the_one_delegating_target_forwards():
    assert contract_members() == {
        "name", "capabilities", "start", "stop", "cognito_client", "endpoint_url", "info", "health", "provision",
        "last_delivery", "deliveries", "client_metadata", "advance_clock", "wait"}, \
        "the target contract changed: forward the new member in DelegatingTarget, then update this list"


@pytest.mark.parametrize("member", sorted(contract_members()))
def test_every_member_of_the_contract_goes_to_the_inner_target(member):
    assert member in vars(DelegatingTarget), f"DelegatingTarget does not forward {member!r}"
    inner = Recording()
    wrapper = DelegatingTarget(inner)
    if not callable(getattr(Target, member, None)):
        assert getattr(wrapper, member) == getattr(inner, member)
        return
    signature = inspect.signature(getattr(Target, member))
    arguments = tuple(object() for _ in list(signature.parameters)[1:])
    returned = getattr(wrapper, member)(*arguments)
    assert inner.calls == [(member, arguments)]
    if signature.return_annotation != "None":  # what the inner target answers comes back unchanged
        assert returned == (member, arguments)


def test_other_attributes_are_the_inner_targets_too():
    inner = ReferenceHttpTarget()
    assert DelegatingTarget(inner).service is inner.service
    with pytest.raises(AttributeError):
        DelegatingTarget(inner).no_such_attribute


def test_the_latency_target_overrides_only_what_the_proxy_changes():
    overridden = {name for name in vars(LatencyTarget) if name in contract_members()}
    assert overridden == {"start", "stop", "endpoint_url", "cognito_client", "info"}
    inner = ReferenceHttpTarget()
    target = LatencyTarget(inner, delay=0.0)
    assert (target.name, target.capabilities) == (inner.name, inner.capabilities)
    target.start()
    try:
        assert target.endpoint_url() not in (None, inner.endpoint_url())
        assert target.cognito_client().meta.endpoint_url == target.endpoint_url()
        assert target.info().details["latency_ms"] == "0"
    finally:
        target.stop()
    assert target.endpoint_url() is None
