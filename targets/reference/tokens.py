"""JWT-shaped tokens: what the claims are, and signing/verifying them with HMAC-SHA256.

The reference signs with a random per-service key rather than Cognito's RS256 keys: callers of the
suite only decode tokens, and the service itself is the only verifier.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

ACCESS_SCOPE = "aws.cognito.signin.user.admin"
HEADER = {"alg": "HS256", "typ": "JWT", "kid": "reference"}


class TokenError(Exception):
    """A token is malformed or its signature does not verify."""


def _encode_segment(data: Mapping[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode_segment(segment: str) -> Any:
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


class TokenSigner:
    """Signs claims into ``header.payload.signature`` strings and verifies them."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else secrets.token_bytes(32)

    def _signature(self, signing_input: str) -> str:
        digest = hmac.new(self._key, signing_input.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def sign(self, claims: Mapping[str, Any]) -> str:
        signing_input = f"{_encode_segment(HEADER)}.{_encode_segment(claims)}"
        return f"{signing_input}.{self._signature(signing_input)}"

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims; raises :class:`TokenError` if malformed or not signed by this key."""
        parts = token.split(".") if isinstance(token, str) and token.isascii() else []
        if len(parts) != 3:
            raise TokenError("a token has three dot-separated parts")
        signing_input = f"{parts[0]}.{parts[1]}"
        if not hmac.compare_digest(self._signature(signing_input), parts[2]):
            raise TokenError("signature does not verify")
        try:
            header = _decode_segment(parts[0])
            claims = _decode_segment(parts[1])
        except (ValueError, UnicodeError) as error:
            raise TokenError(f"undecodable token: {error}") from error
        if header.get("alg") != HEADER["alg"] or not isinstance(claims, dict):
            raise TokenError("unexpected token header or payload")
        return claims


def decode_unverified(token: str) -> dict[str, Any]:
    """A token's claims without checking the signature (for tests and diagnostics)."""
    return _decode_segment(token.split(".")[1])


def new_token_id() -> str:
    return str(uuid.uuid4())


def access_claims(
    *,
    issuer: str,
    client_id: str,
    username: str,
    sub: str,
    origin_jti: str,
    issued_at: int,
    lifetime: int,
) -> dict[str, Any]:
    """Claims of an access token, named as Cognito names them."""
    return {
        "sub": sub,
        "iss": issuer,
        "client_id": client_id,
        "origin_jti": origin_jti,
        "event_id": new_token_id(),
        "token_use": "access",
        "scope": ACCESS_SCOPE,
        "auth_time": issued_at,
        "iat": issued_at,
        "exp": issued_at + lifetime,
        "jti": new_token_id(),
        "username": username,
    }


def id_claims(
    *,
    issuer: str,
    client_id: str,
    username: str,
    sub: str,
    attributes: Mapping[str, str],
    origin_jti: str,
    issued_at: int,
    lifetime: int,
) -> dict[str, Any]:
    """Claims of an ID token: identity plus the user's email and phone attributes."""
    claims: dict[str, Any] = {
        "sub": sub,
        "iss": issuer,
        "aud": client_id,
        "cognito:username": username,
        "origin_jti": origin_jti,
        "event_id": new_token_id(),
        "token_use": "id",
        "auth_time": issued_at,
        "iat": issued_at,
        "exp": issued_at + lifetime,
        "jti": new_token_id(),
    }
    for name in ("email", "phone_number"):
        if name in attributes:
            claims[name] = attributes[name]
    # Cognito puts the verification flags in ID tokens as JSON booleans.
    for name in ("email_verified", "phone_number_verified"):
        if name in attributes:
            claims[name] = attributes[name].lower() == "true"
    return claims
