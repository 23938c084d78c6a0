"""Redaction takes out the secrets a run handled and token-shaped strings, and leaves the message around them whole."""
from conformance.redaction import Redactor


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
