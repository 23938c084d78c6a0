"""Record mode and comparison: redaction, the comparison's kinds of deviation, merging, validation values,
and both options end to end on the reference target (the same code path as on real Cognito)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from conformance.recording import store
from conformance.recording.plugin import COMPARISON_FILE
from conformance.recording.compare import compare_calls
from conformance.recording.redact import AnswerRedactor, entry_of, masking_pattern
from tests.specification_runs import run_specification

ROOT = Path(__file__).resolve().parent.parent


def test_masked_destinations_keep_only_their_pattern():
    assert masking_pattern("t***@e***") == "x***@x***"
    assert masking_pattern("+*******6828") == "+*******0000"
    assert masking_pattern("+15550001234") == "+00000000000"  # an unmasked number stays unreadable


def test_answers_lose_tokens_identifiers_and_people_but_keep_codes_messages_and_shape():
    redactor = AnswerRedactor()
    redactor.learn_request({"Username": "jane+u000123@example.com", "ConfirmationCode": "246810",
                            "Password": "S3cret-Passw0rd!", "ClientId": "abcdefghij0123456789klmno"})
    parsed = {
        "AuthenticationResult": {"AccessToken": "eyJa.eyJb.c", "RefreshToken": "opaque", "ExpiresIn": 3600},
        "CodeDeliveryDetails": {"Destination": "j***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"},
        "UserAttributes": [{"Name": "email", "Value": "jane+u000123@example.com"},
                           {"Name": "sub", "Value": "0f8fad5b-d9cb-469f-a165-70867728950e"}],
        "UserPool": {"Id": "us-east-1_AbC123", "Arn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/x",
                     "CreationDate": dt.datetime(2025, 1, 1)},
        "ResponseMetadata": {"HTTPHeaders": {"x-moto-forgot-password-confirmation-code": "246810"}},
    }
    entry = entry_of("GetUser", 200, parsed, redactor)
    text = json.dumps(entry)

    for secret in ("eyJa", "opaque", "jane", "246810", "S3cret", "123456789012", "AbC123", "0f8fad5b"):
        assert secret not in text
    assert entry["response"]["CodeDeliveryDetails"] == {"Destination": "x***@x***", "DeliveryMedium": "EMAIL",
                                                         "AttributeName": "email"}
    assert entry["response"]["UserAttributes"][0] == {"Name": "email", "Value": "<email-1>"}
    assert entry["response"]["AuthenticationResult"]["ExpiresIn"] == 3600


def test_error_messages_keep_their_words_but_not_the_users_in_them():
    redactor = AnswerRedactor()
    redactor.learn_request({"Username": "+15550001234"})
    parsed = {"Error": {"Code": "UserNotFoundException", "Message": "User +15550001234 does not exist."},
              "ResponseMetadata": {"HTTPStatusCode": 400}}
    assert entry_of("ForgotPassword", 400, parsed, redactor)["error"] == {
        "code": "UserNotFoundException", "message": "User <phone-1> does not exist."}


def _call(operation="ForgotPassword", code=None, message="", response=None, status=None):
    return {"operation": operation, "http_status": status or (400 if code else 200),
            "error": {"code": code, "message": message} if code else None, "response": response or {}}


def test_the_comparison_names_each_kind_of_deviation():
    recorded = [_call(response={"CodeDeliveryDetails": {"Destination": "x***@x***"}}),
                _call("ConfirmForgotPassword", "CodeMismatchException", "Invalid verification code provided, please try again."),
                _call("ChangePassword", "LimitExceededException", "Attempt limit exceeded, please try after some time.")]
    observed = [_call(response={"CodeDeliveryDetails": {"Destination": "x***@x***.xxx", "Extra": 1}}),
                _call("ConfirmForgotPassword", "CodeMismatchException", "Invalid code."),
                _call("GetUser")]
    kinds = {(d["operation"], d["kind"]) for d in compare_calls(recorded, observed, "item")}
    assert kinds == {("ForgotPassword", "shape"), ("ForgotPassword", "masking"), ("ConfirmForgotPassword", "message"),
                     ("ChangePassword", "missing_call"), ("GetUser", "extra_call")}
    assert compare_calls(recorded, recorded, "item") == []


AWS = {"endpoint": "https://cognito-idp.eu-west-1.amazonaws.com", "region": "eu-west-1", "account_sha256": "ab12"}
STAND_IN = {"endpoint": "http://127.0.0.1:5000", "region": "us-east-1", "account_sha256": "ab12"}


def test_validation_values_come_from_recordings_of_real_cognito_only(tmp_path):
    path = tmp_path / "cognito.json"
    store.write(store.merge(store.load(path), {
        "req_a": {"recorded": "2026-01-05", "target": "cognito", "outcome": "passed", "made_at": AWS, "items": {}},
        "req_b": {"recorded": "2026-01-05", "target": "cognito", "outcome": "failed", "made_at": AWS, "items": {}},
        "req_c": {"recorded": "2026-01-05", "target": "cognito", "outcome": "not_applicable", "made_at": AWS,
                  "items": {}},
        "req_d": {"recorded": "2026-01-05", "target": "moto", "outcome": "passed", "made_at": STAND_IN, "items": {}},
    }), path)
    values = store.validations(path)
    assert values == {"req_a": "2026-01-05", "req_b": False}
    document = {"requirements": [{"id": "req_a"}, {"id": "req_b"}, {"id": "req_e"}]}
    assert [r["validated_against_cognito"] for r in store.apply_validations(document, values)["requirements"]] \
        == ["2026-01-05", False, None]
    assert store.validations(tmp_path / "missing.json") == {}


@pytest.mark.parametrize("made_at, words", [(STAND_IN, "against http://127.0.0.1:5000"), (None, "without saying where"),
                                            ({**AWS, "endpoint": "http://cognito-idp.eu-west-1.amazonaws.com"},
                                             "against http://cognito-idp")])
def test_a_recording_of_the_cognito_target_made_elsewhere_than_aws_cannot_validate(tmp_path, made_at, words):
    path = tmp_path / "cognito.json"
    entry = {"recorded": "2026-01-05", "target": "cognito", "outcome": "passed", "items": {}}
    store.write(store.merge({}, {"req_a": {**entry, **({"made_at": made_at} if made_at else {})}}), path)
    with pytest.raises(ValueError, match="cannot validate requirements") as refused:
        store.validations(path)
    assert words in str(refused.value)


def test_only_cognito_s_own_https_endpoints_are_aws():
    assert store.is_aws_endpoint("https://cognito-idp.us-east-1.amazonaws.com")
    assert store.is_aws_endpoint("https://cognito-idp-fips.us-gov-west-1.amazonaws.com")
    assert store.is_aws_endpoint("https://cognito-idp.cn-north-1.amazonaws.com.cn")
    for url in ("http://127.0.0.1:5000", "https://cognito-idp.us-east-1.amazonaws.com.evil.example",
                "https://localhost.amazonaws.com", None):
        assert not store.is_aws_endpoint(url)


def _spec(tmp_path: Path, name: str, *options: str) -> subprocess.CompletedProcess:
    return run_specification("--no-header", f"--results={tmp_path / name / 'results.json'}", *options)


def test_record_then_compare_on_the_reference_target(tmp_path):
    path = tmp_path / "recording.json"
    first = _spec(tmp_path, "one", f"--record={path}", "-k", "reset or confirm")
    assert first.returncode == 0, first.stdout[-2000:]
    document = store.load(path)
    assert document["requirements"] and all(r["target"] == "reference" for r in document["requirements"].values())
    _spec(tmp_path, "two", f"--record={path}", "-k", "update")  # a second recording merges, keeps the first
    merged = store.load(path)["requirements"]
    assert set(document["requirements"]) < set(merged)

    compared = _spec(tmp_path, "three", f"--compare-recording={path}")
    assert "0 deviate from the recording" in compared.stdout
    written = json.loads((tmp_path / "three" / COMPARISON_FILE).read_text())
    assert written["requirements_compared"] == len(merged) and written["requirements_deviating"] == 0


def test_the_two_options_exclude_each_other_and_a_bad_recording_is_named(tmp_path):
    both = _spec(tmp_path, "x", "--record=a.json", "--compare-recording=b.json")
    assert both.returncode == 4 and "exclude each other" in both.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    refused = _spec(tmp_path, "y", f"--compare-recording={bad}")
    assert refused.returncode == 4 and "is not a recording of this suite" in refused.stderr
