"""Redaction takes out the secrets a run handled and token-shaped strings, and leaves the message around them whole."""
import random
import re
from types import SimpleNamespace

from botocore.hooks import HierarchicalEmitter

from conformance.redaction import Redactor
from conformance.session import run_info
from targets.contract import TargetInfo


def test_token_shapes_are_replaced_without_being_remembered():
    message = "expected 'Access Token has been revoked', got 'eyJhbGciOi.eyJzdWIiOi.c2ln'"
    assert Redactor().redact(message) == "expected 'Access Token has been revoked', got '<token>'"


def test_a_five_part_token_is_replaced_whole():
    jwe = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.a2V5.aXY.Y2lwaGVy.dGFn"
    assert Redactor().redact(f"refresh {jwe} done") == "refresh <token> done"


def test_the_codes_and_passwords_a_run_handled_are_replaced():
    redactor = Redactor()
    redactor.remember("482913", "code")
    redactor.remember("Xy7!pass-word-9", "password")
    text = "confirmForgotPassword(code=482913, password=Xy7!pass-word-9) failed"
    assert redactor.redact(text) == "confirmForgotPassword(code=<code>, password=<password>) failed"


def test_six_digits_that_the_run_did_not_handle_stay():
    redactor = Redactor()
    redactor.remember("482913", "code")
    text = ("user+u123456@example.com in pool us-east-1_AbC123 took 0.482913 s at 0x7f3a12345678; "
            "code 4829130 is not the code")
    assert redactor.redact(text) == text


def test_values_too_short_to_be_secrets_are_not_remembered():
    redactor = Redactor()
    redactor.remember("", "password")
    redactor.remember("123", "code")
    assert redactor.redact("a 123 b") == "a 123 b"


def test_aws_keys_and_sessions_are_secret_shapes():
    session = "AYABe" + "Qk3x_-9" * 60
    text = f"key AKIAIOSFODNN7EXAMPLE session {session} end"
    assert Redactor(environ={}).redact(text) == "key <aws-access-key> session <session> end"


def test_the_aws_secret_the_run_signs_with_is_redacted():
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    redactor = Redactor(environ={"AWS_SECRET_ACCESS_KEY": secret})
    assert redactor.redact(f"signed with {secret}") == "signed with <aws-secret>"


def test_the_tokens_a_service_hands_out_are_remembered():
    events = HierarchicalEmitter()
    redactor = Redactor(environ={})
    redactor.watch(SimpleNamespace(meta=SimpleNamespace(events=events)))
    events.emit("after-call.cognito-idp.InitiateAuth",
                parsed={"Session": "short-session-1234", "AuthenticationResult": {"AccessToken": "opaque-token-99"}})
    assert redactor.redact("short-session-1234 / opaque-token-99") == "<session> / <token>"


def test_files_another_tool_wrote_are_redacted_in_place(tmp_path):
    redactor = Redactor(environ={})
    redactor.remember("482913", "code")
    (tmp_path / "a-result.json").write_text('{"message": "code 482913"}')
    (tmp_path / "b-result.json").write_text('{"message": "nothing"}')
    assert redactor.redact_files(tmp_path, since=0) == 1
    assert (tmp_path / "a-result.json").read_text() == '{"message": "code <code>"}'


def test_a_value_containing_another_is_replaced_whole():
    redactor = Redactor(environ={})
    redactor.remember("482913", "code")
    redactor.redact("warm the cache: 482913")
    redactor.remember("482913-pw", "password")
    assert redactor.redact("sent 482913-pw, then 482913") == "sent <password>, then <code>"


def test_a_value_of_punctuation_alone_is_still_replaced():
    redactor = Redactor(environ={})
    redactor.remember("!#%&-", "password")
    assert redactor.redact("password=!#%&-;") == "password=<password>;"


def one_expression_of_every_value(secrets: dict[str, str], text: str) -> str:
    """What redaction must equal: every remembered value in one alternation, longest first."""
    values = sorted(secrets, key=len, reverse=True)
    pattern = re.compile(r"(?<![A-Za-z0-9])(?<!\d\.)(?:" + "|".join(map(re.escape, values)) + r")(?![A-Za-z0-9]|\.\d)")
    return pattern.sub(lambda match: secrets[match.group(0)], text)


def test_finding_candidates_first_replaces_exactly_what_one_expression_of_every_value_would():
    chance = random.Random(20261202)
    alphabet = "ab1.2-!x "
    for _ in range(300):
        redactor, secrets = Redactor(environ={}), {}
        for _ in range(chance.randint(1, 6)):
            value = "".join(chance.choice(alphabet) for _ in range(chance.randint(4, 7)))
            if secrets and chance.random() < 0.5:  # a value that begins with another, or holds it
                value = chance.choice(["", value]) + chance.choice(list(secrets)) + value[:chance.randint(0, 2)]
            kind = chance.choice(["code", "password"])
            redactor.remember(value, kind)
            secrets.setdefault(value, f"<{kind}>")
        pieces = list(secrets) + ["a", "1", ".", "-", " ", "x1", "2."]
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(1, 12)))
        assert redactor.redact(text) == one_expression_of_every_value(secrets, text), (secrets, text)


def test_the_credentials_in_a_url_are_a_secret_shape():
    text = "the oracle at https://me:s3cret@oracle.example/deliveries and http://token123@10.0.0.1:5001/x said no"
    assert Redactor(environ={}).redact(text) == ("the oracle at https://<credentials>@oracle.example/deliveries and "
                                                 "http://<credentials>@10.0.0.1:5001/x said no")
    assert Redactor(environ={}).redact("mail user+u1@example.com at http://host/a@b") == \
        "mail user+u1@example.com at http://host/a@b"


def test_a_target_s_details_reach_the_results_without_credentials():
    target = SimpleNamespace(capabilities=frozenset(), info=lambda: TargetInfo(
        name="endpoint", details={"code oracle": "http://me:s3cret@127.0.0.1:5001/oracle"}))
    info = run_info("endpoint", target, "python", "reference", stats={}, workers=1, expectations=None)
    assert info["target"]["details"] == {"code oracle": "http://<credentials>@127.0.0.1:5001/oracle"}
