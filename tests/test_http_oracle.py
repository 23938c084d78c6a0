"""The HTTP code oracle and clock of the ``endpoint`` target: the published schema, the README's examples,
and every way an oracle or a clock can answer wrongly, each one sentence naming the URL."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conformance.run_errors import is_network_error
from localhost.loopback import LoopbackServer
from localhost.processes import free_port
from targets.contract import Delivery, TargetError
from targets.http_oracle import (
    CLOCK_REQUEST,
    DELIVERIES_RESPONSE,
    SCHEMA_PATH,
    HttpClock,
    HttpCodeOracle,
    load_schema,
    schema_problem,
    validator,
)

ROOT = Path(__file__).resolve().parent.parent
README_SECTION = "### Using the suite as the CI gate of your implementation"


class FakeOracle(LoopbackServer):
    """Answers every request with ``status`` and ``body`` (after ``delay`` seconds) and keeps the requests."""

    def __init__(self, status: int = 200, body: bytes = b'{"deliveries": []}', delay: float = 0.0) -> None:
        super().__init__("fake oracle")
        self.status, self.body, self.delay = status, body, delay
        self.requests: list[tuple[str, str, dict, bytes]] = []

    def answer(self, method, path, headers, body):
        self.requests.append((method, path, dict(headers), body))
        if self.delay:
            time.sleep(self.delay)
        return self.status, {"Content-Type": "application/json"}, self.body


@pytest.fixture
def fake():
    server = FakeOracle().start()
    yield server
    server.stop()


def deliveries_body(*deliveries: dict) -> bytes:
    return json.dumps({"deliveries": list(deliveries)}).encode()


# --- the schema and the documented examples --------------------------------------------------------

def test_the_schema_is_a_valid_draft_2020_12_schema_and_its_examples_match_it():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    whole = Draft202012Validator(schema)
    for definition in (DELIVERIES_RESPONSE, CLOCK_REQUEST):
        examples = schema["$defs"][definition]["examples"]
        assert examples
        for example in examples:
            assert schema_problem(validator(definition), example) is None, example
            assert whole.is_valid(example)


def readme_examples() -> list[dict]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(README_SECTION):]
    section = section[:section.index("\n### ", len(README_SECTION))]
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", section, flags=re.DOTALL)]


def test_the_readme_s_examples_of_the_protocol_match_the_schema():
    examples = readme_examples()
    responses = [e for e in examples if "deliveries" in e]
    requests = [e for e in examples if "seconds" in e]
    assert responses and requests and len(responses) + len(requests) == len(examples)
    for example in responses:
        assert schema_problem(validator(DELIVERIES_RESPONSE), example) is None, example
    for example in requests:
        assert schema_problem(validator(CLOCK_REQUEST), example) is None, example


def test_the_readme_names_the_schema_file():
    assert SCHEMA_PATH.relative_to(ROOT).as_posix() in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("document, words", [
    ({}, "'deliveries' is a required property"),
    ({"deliveries": {}}, "the body.deliveries is not of type 'array'"),
    ({"deliveries": [{"medium": "EMAIL", "destination": "a@example.com"}]}, "'code' is a required property"),
    ({"deliveries": [{"medium": "PIGEON", "destination": "a", "code": "1"}]},
     "the body.deliveries[0].medium is not one of"),
    ({"deliveries": [{"medium": "SMS", "destination": "+1", "code": ""}]}, "the body.deliveries[0].code is empty"),
    ({"deliveries": [{"medium": "SMS", "destination": "+1", "code": "1", "sent": 1}]}, "'sent' was unexpected"),
    ({"deliveries": [], "more": True}, "'more' was unexpected"),
])
def test_a_schema_problem_is_said_in_words(document, words):
    assert words in schema_problem(validator(DELIVERIES_RESPONSE), document)


def test_a_schema_problem_never_quotes_the_value_a_code_may_be():
    problem = schema_problem(validator(DELIVERIES_RESPONSE),
                             {"deliveries": [{"medium": "EMAIL", "destination": "a", "code": 918273}]})
    assert problem == "the body.deliveries[0].code is not of type 'string'"
    assert "918273" not in problem


# --- the oracle ------------------------------------------------------------------------------------

def test_the_oracle_is_asked_by_pool_and_name_and_its_deliveries_come_oldest_first(fake):
    fake.body = deliveries_body(
        {"medium": "EMAIL", "destination": "a+b@example.com", "code": "111111", "attributeName": "email"},
        {"medium": "SMS", "destination": "+15550100", "code": "222222"},
    )
    oracle = HttpCodeOracle(fake.url + "/oracle/")
    assert oracle.deliveries("eu-west-1_Pool", "a+b@example.com") == [
        Delivery("EMAIL", "a+b@example.com", "111111"), Delivery("SMS", "+15550100", "222222")]
    assert oracle.last_delivery("eu-west-1_Pool", "a+b@example.com") == Delivery("SMS", "+15550100", "222222")
    method, path, _, _ = fake.requests[0]
    assert (method, path) == ("GET", "/oracle/deliveries?userPoolId=eu-west-1_Pool&username=a%2Bb%40example.com")


def test_an_empty_list_means_nothing_was_delivered(fake):
    oracle = HttpCodeOracle(fake.url)
    assert oracle.deliveries("pool", "nobody") == []
    assert oracle.last_delivery("pool", "nobody") is None


def one_sentence(error: TargetError) -> str:
    text = str(error)
    assert "\n" not in text and text.count(". ") == 0, text
    return text


@pytest.mark.parametrize("status, body, words", [
    (404, b"{}", "answered HTTP 404 (Not Found) instead of 200"),
    (500, deliveries_body(), "answered HTTP 500 (Internal Server Error) instead of 200"),
    (204, b"", "answered HTTP 204"),
    (200, b"<html>oracle</html>", "answered with a body that is not JSON"),
    (200, b"\xff\xfe", "answered with a body that is not JSON"),
    (200, b'{"deliveries": [{"medium": "EMAIL"}]}',
     "does not match targets/schemas/code-oracle.schema.json#/$defs/deliveriesResponse: the body.deliveries[0]: "
     "'destination' is a required property"),
    (200, b"[]", "the body is not of type 'object'"),
])
def test_a_wrong_answer_is_an_error_of_the_oracle_naming_its_url(fake, status, body, words):
    fake.status, fake.body = status, body
    with pytest.raises(TargetError) as raised:
        HttpCodeOracle(fake.url).last_delivery("pool", "someone")
    text = one_sentence(raised.value)
    assert text.startswith(f"the code oracle at {fake.url}/deliveries?userPoolId=pool&username=someone ")
    assert words in text


def test_an_oracle_that_is_not_there_is_an_error_naming_its_url():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(TargetError) as raised:
        HttpCodeOracle(url).deliveries("pool", "someone")
    text = one_sentence(raised.value)
    assert text.startswith(f"the code oracle at {url}/deliveries?") and "could not be reached" in text
    assert "refused" in text.lower()


def test_an_oracle_that_does_not_answer_in_time_is_an_error():
    slow = FakeOracle(delay=1.0).start()
    try:
        with pytest.raises(TargetError, match=r"the code oracle at http://127\.0\.0\.1:\d+/deliveries\?\S+ "
                                              r"did not answer within 0\.2 s"):
            HttpCodeOracle(slow.url, timeout=0.2).deliveries("pool", "someone")
    finally:
        slow.stop()


def test_an_oracle_error_is_not_mistaken_for_the_target_not_answering():
    """A refused connection to the oracle is the oracle's breakdown, not the target's: the run's
    classification of network errors must not see it."""
    with pytest.raises(TargetError) as raised:
        HttpCodeOracle(f"http://127.0.0.1:{free_port()}").deliveries("pool", "someone")
    assert not is_network_error(raised.value)


# --- the clock -------------------------------------------------------------------------------------

def test_the_clock_is_moved_by_a_post_whose_body_matches_the_schema(fake):
    fake.status, fake.body = 204, b""
    HttpClock(fake.url + "/clock?token=abc").advance(3600)
    method, path, headers, body = fake.requests[0]
    assert (method, path) == ("POST", "/clock?token=abc")
    assert headers["Content-Type"] == "application/json"
    request = json.loads(body)
    assert request == {"seconds": 3600}
    assert schema_problem(validator(CLOCK_REQUEST), request) is None


@pytest.mark.parametrize("status", [200, 202, 299])
def test_any_2xx_means_the_clock_moved(fake, status):
    fake.status = status
    HttpClock(fake.url).advance(60)  # no error
    assert [(method, json.loads(body)) for method, _, _, body in fake.requests] == [("POST", {"seconds": 60})]


@pytest.mark.parametrize("status, words", [(404, "HTTP 404 (Not Found)"), (500, "HTTP 500"), (301, "HTTP 301")])
def test_any_other_status_is_an_error_of_the_clock(fake, status, words):
    fake.status = status
    with pytest.raises(TargetError) as raised:
        HttpClock(fake.url + "/clock").advance(60)
    text = one_sentence(raised.value)
    assert text.startswith(f"the clock at {fake.url}/clock answered {words}")
    assert "move 60 s forward" in text


def test_a_clock_that_is_not_there_is_an_error_naming_its_url():
    url = f"http://127.0.0.1:{free_port()}/clock"
    with pytest.raises(TargetError, match=f"the clock at {re.escape(url)} could not be reached"):
        HttpClock(url).advance(60)
