"""The reference's JWT-shaped tokens and its controllable clock."""
from __future__ import annotations

import base64
import json

import pytest

from targets.reference import tokens
from targets.reference.clock import ManualClock, OffsetClock
from targets.reference.tokens import TokenError, TokenSigner


def _payload(token: str) -> dict:
    segment = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def test_signed_token_is_three_base64url_json_parts() -> None:
    token = TokenSigner().sign({"sub": "abc", "n": 1})
    header, payload, signature = token.split(".")
    assert "=" not in token
    assert _payload(token) == {"sub": "abc", "n": 1}
    assert json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["alg"] == "HS256"
    assert signature


def test_verify_returns_the_claims() -> None:
    signer = TokenSigner()
    assert signer.verify(signer.sign({"sub": "abc"})) == {"sub": "abc"}


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c.d", "a.b.c", "é.é.é", None])
def test_malformed_tokens_are_refused(token) -> None:
    with pytest.raises(TokenError):
        TokenSigner().verify(token)


def test_tampered_payload_is_refused() -> None:
    signer = TokenSigner()
    header, _, signature = signer.sign({"sub": "abc"}).split(".")
    forged = base64.urlsafe_b64encode(b'{"sub":"admin"}').rstrip(b"=").decode()
    with pytest.raises(TokenError, match="signature"):
        signer.verify(f"{header}.{forged}.{signature}")


def test_another_key_does_not_verify() -> None:
    with pytest.raises(TokenError):
        TokenSigner().verify(TokenSigner().sign({"sub": "abc"}))


def test_access_claims() -> None:
    claims = tokens.access_claims(
        issuer="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
        client_id="client",
        username="alice",
        sub="sub-1",
        origin_jti="origin",
        issued_at=1000,
        lifetime=3600,
    )
    assert claims["token_use"] == "access"
    assert claims["scope"] == "aws.cognito.signin.user.admin"
    assert (claims["iat"], claims["exp"]) == (1000, 4600)
    assert (claims["username"], claims["client_id"], claims["sub"]) == ("alice", "client", "sub-1")
    assert claims["origin_jti"] == "origin" and claims["jti"] != "origin"


def test_id_claims_carry_contact_attributes() -> None:
    claims = tokens.id_claims(
        issuer="iss",
        client_id="client",
        username="alice",
        sub="sub-1",
        attributes={"email": "a@example.com", "email_verified": "true", "name": "Alice"},
        origin_jti="origin",
        issued_at=1000,
        lifetime=3600,
    )
    assert claims["token_use"] == "id"
    assert claims["cognito:username"] == "alice"
    assert claims["aud"] == "client"
    assert claims["email"] == "a@example.com"
    assert claims["email_verified"] is True
    assert "phone_number" not in claims and "scope" not in claims


def test_manual_clock_stands_still_until_advanced() -> None:
    clock = ManualClock(start=1000.0)
    assert clock.now() == clock.now() == 1000.0
    clock.advance(3600)
    assert clock.now() == 4600.0
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)


def test_offset_clock_follows_wall_time_plus_offset() -> None:
    clock = OffsetClock()
    before = clock.now()
    clock.advance(86400)
    assert clock.now() - before >= 86400
    with pytest.raises(ValueError):
        clock.advance(-0.5)
