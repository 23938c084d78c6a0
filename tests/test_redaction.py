from conformance.redaction import redact_secrets


def test_tokens_and_codes_are_replaced():
    message = "expected 'Access Token has been revoked', got 'eyJhbGciOi.eyJzdWIiOi.c2ln' for code 482913"
    assert redact_secrets(message) == "expected 'Access Token has been revoked', got '<token>' for code <code>"


def test_numbers_that_are_not_codes_stay():
    text = "took 0.482913 s on port 1234567 in pool us-east-1_AbC123"
    assert redact_secrets(text) == text
