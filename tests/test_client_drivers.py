"""The client driver contract: finding a driver by name, and what a driver counts for its run."""
from __future__ import annotations

import time
from importlib.metadata import EntryPoint
from typing import Any

import pytest
from botocore.exceptions import ClientError

from conformance.clients import ClientDriver, RequestTally, registry
from conformance.clients.amplify_js import AmplifyJsDriver
from conformance.clients.python import PythonAmplifyClient, PythonDriver
from conformance.clients.registry import ENTRY_POINT_GROUP, available_clients, client_driver
from conformance.definitions import AuthDefinition
from conformance.definitions.reference import ReferenceDefinitions
from conformance.harness import Harness
from conformance.phrases import ContactDetails
from conformance.session import Session
from targets.contract import ProvisionedPool
from targets.reference import ReferenceTarget
from test_python_client import FakeCognito, Sleeps, service_error

EMAIL = AuthDefinition(login_with=frozenset({"email"}))
POOL = ProvisionedPool(pool_id="us-east-1_pool", client_id="client-123")


class NotADriver:
    """Has the calls of a session, not of a driver."""

    def reset_password(self, username: str) -> dict[str, Any]:
        return {}


def failing_factory() -> ClientDriver:
    raise RuntimeError("the driver's tool is misconfigured")


def one_sentence(message: str) -> str:
    assert "\n" not in message and ". " not in message.rstrip("."), message
    return message


# --- finding a driver ----------------------------------------------------------------------------

def test_the_built_in_drivers_are_found_by_name_and_each_call_builds_a_new_one():
    assert available_clients() == ["amplify-js", "python"]
    assert isinstance(client_driver("python"), PythonDriver)
    assert isinstance(client_driver("amplify-js"), AmplifyJsDriver)  # built, not started: no Node yet
    assert client_driver("python") is not client_driver("python")
    assert isinstance(client_driver("conformance.clients.python:PythonDriver"), PythonDriver)


@pytest.mark.parametrize(("name", "said"), [
    ("amplify-swift", "unknown client 'amplify-swift'; choose one of amplify-js, python or give an import path "
                      "such as my_package.my_module:MyDriver"),
    ("no_such_package.module:Driver", "cannot load client 'no_such_package.module:Driver': cannot import "
                                      "'no_such_package.module'"),
    (f"{__name__}:NoSuchDriver", f"cannot load client '{__name__}:NoSuchDriver': module '{__name__}' has no "
                                 "attribute 'NoSuchDriver'"),
    (f"{__name__}:NotADriver", f"'{__name__}:NotADriver' did not produce a client driver (got NotADriver)"),
    (f"{__name__}:failing_factory", f"building the client '{__name__}:failing_factory' failed: RuntimeError: "
                                    "the driver's tool is misconfigured"),
], ids=["unknown", "no-module", "no-attribute", "not-a-driver", "factory-fails"])
def test_a_name_that_gives_no_driver_is_refused_in_one_sentence(name, said):
    with pytest.raises(ValueError) as raised:
        client_driver(name)
    assert one_sentence(str(raised.value)).startswith(said)


def test_an_entry_point_adds_a_client(monkeypatch):
    points = [EntryPoint("python-again", "conformance.clients.python:PythonDriver", ENTRY_POINT_GROUP),
              EntryPoint("broken", "no_such_package.module:Driver", ENTRY_POINT_GROUP)]
    monkeypatch.setattr(registry, "entry_points", lambda group: points if group == ENTRY_POINT_GROUP else [])
    assert available_clients() == ["amplify-js", "broken", "python", "python-again"]
    assert isinstance(client_driver("python-again"), PythonDriver)
    with pytest.raises(ValueError) as raised:
        client_driver("broken")
    assert one_sentence(str(raised.value)).startswith("cannot load client 'broken' from its entry point "
                                                      "'no_such_package.module:Driver': ModuleNotFoundError")


# --- what a driver counts ------------------------------------------------------------------------

class FakeTarget:
    """Just enough of a target for a python driver: a boto3 client that is a fake."""

    name = "fake"

    def __init__(self, cognito: FakeCognito) -> None:
        self.cognito = cognito
        self.waits: list[float] = []

    def cognito_client(self) -> FakeCognito:
        return self.cognito

    def wait(self, seconds: float) -> None:
        """A twentieth of the time really passes, so that a tally can tell real time from the delay asked."""
        self.waits.append(seconds)
        time.sleep(seconds / 20)


def throttled_once() -> FakeCognito:
    return FakeCognito(forgot_password=[service_error("TooManyRequestsException"), {}, {}])


def test_a_driver_s_tally_adds_up_its_sessions_and_starts_afresh():
    driver, target = PythonDriver(), FakeTarget(throttled_once())
    driver.start(target)
    first, second = driver.session(POOL), driver.session(POOL)
    first.reset_password("one@example.com")  # throttled once, then answered: two requests
    second.reset_password("two@example.com")
    tally = driver.stop()
    assert tally.count == 3 and tally.seconds > 0  # timed from botocore's events
    assert target.waits == [0.2]  # the back-off passed on the target's time
    assert 0.01 <= tally.backoff_seconds < 0.1  # the real time it took, not the delay asked
    assert first.requests_sent + second.requests_sent == tally.count
    assert driver.stop() == RequestTally()  # nothing more was sent
    driver.start(FakeTarget(throttled_once()))
    driver.session(POOL).reset_password("three@example.com")
    assert driver.stop().count == 2


def test_two_drivers_in_one_process_keep_separate_totals():
    throttled_sleeps, calm_sleeps = Sleeps(), Sleeps()
    throttled, calm = PythonDriver(sleep=throttled_sleeps), PythonDriver(sleep=calm_sleeps)
    throttled.start(FakeTarget(throttled_once()))
    calm.start(FakeTarget(FakeCognito(forgot_password={})))
    throttled.session(POOL).reset_password("one@example.com")
    for _ in range(3):
        calm.session(POOL).reset_password("two@example.com")
    assert (calm.stop().count, throttled.stop().count) == (3, 2)
    throttled.start(FakeTarget(throttled_once()))
    calm.start(FakeTarget(FakeCognito(forgot_password={})))
    throttled.session(POOL).reset_password("one@example.com")
    calm.session(POOL).reset_password("two@example.com")
    assert calm.stop().backoff_seconds == 0 and throttled.stop().backoff_seconds > 0
    assert throttled_sleeps == [0.2, 0.2] and calm_sleeps == []


def test_two_drivers_on_one_boto3_client_keep_separate_totals():
    target = FakeTarget(FakeCognito(forgot_password={}))
    first, second = PythonDriver(), PythonDriver()
    first.start(target)
    second.start(target)
    first.session(POOL).reset_password("one@example.com")
    for _ in range(2):
        second.session(POOL).reset_password("two@example.com")
    first_sent, second_sent = first.stop(), second.stop()
    assert (first_sent.count, second_sent.count) == (1, 2)
    assert first_sent.seconds > 0 and second_sent.seconds > 0


def test_a_session_is_refused_before_start():
    with pytest.raises(RuntimeError, match="before start"):
        PythonDriver().session(POOL)


def test_every_request_of_a_run_is_counted_once_by_the_run_or_by_the_driver():
    target, driver = ReferenceTarget(), PythonDriver(sleep=lambda _: None)
    seen: list[str] = []
    target.cognito_client().meta.events.register("before-call.cognito-idp", lambda model, **_: seen.append(model.name))
    driver.start(target)
    run = Session(target=target, definitions=ReferenceDefinitions(), client_driver=driver)
    harness = Harness(run)
    harness.define_backend(EMAIL)
    user = harness.create_user(ContactDetails(email=True, email_verified=True))
    assert harness.reset_password().service_calls == 1
    assert harness.reset_password(username="").service_calls == 0
    assert harness.can_sign_in(user.password)  # from a second session
    with pytest.raises(ClientError):
        run.service().admin_get_user(UserPoolId=harness.backend.pool.pool_id, Username="nobody@example.com")
    tally = driver.stop()
    assert (tally.count, tally.backoff_seconds) == (2, 0) and tally.seconds > 0
    assert run.calls.count + tally.count == len(seen)
    assert seen.count("ForgotPassword") == 1 and "AdminGetUser" in seen
    assert isinstance(harness.client, PythonAmplifyClient) and harness.client.requests_sent == 1
