"""Keeping the secrets a run handled out of results, reports and logs, and nothing else.

A target's error message may quote what it was sent: moto, for one, repeats a revoked access token.
Every failure message and traceback passes through a :class:`Redactor` before an artefact is
written. It replaces the values this run actually handled (the codes the oracle read, the tokens
the clients held, the passwords the harness generated) and anything shaped like a token, and leaves
the message around them whole: a pool ID, a duration or an address that happens to hold six digits
is not a secret.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from localhost.files import write_atomically

# A JWT (three parts) or a JWE (five parts): Cognito's access, ID and refresh tokens, and the reference's.
TOKEN_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}")
# Shapes that are secret wherever they appear, whether or not this run handled them.
SECRET_SHAPES = (
    (TOKEN_PATTERN, "<token>"),
    # An AWS access key ID (long-term AKIA…, temporary ASIA…).
    (re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"), "<aws-access-key>"),
    # A Cognito Session (several hundred base64 characters); nothing else the suite writes is that long
    # without a space.
    (re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{200,}={0,2}(?![A-Za-z0-9+/=_-])"), "<session>"),
    # The user information of a URL (``https://user:password@host``), e.g. in an endpoint or oracle URL.
    (re.compile(r"(?<=://)[^\s/?#@]+@"), "<credentials>@"),
)
# A value is replaced only where it stands alone: with no letter or digit right before or after it.
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![A-Za-z0-9])(?<!\d\.)", r"(?![A-Za-z0-9]|\.\d)"
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_PATTERNS_KEPT = 256
_SHORTEST_SECRET = 4  # shorter values (an empty password, a one-digit code) would blank ordinary text
_AWS_SECRETS = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
_ANSWERED_SECRETS = ("AccessToken", "IdToken", "RefreshToken", "Session")


def redact_shapes(text: str) -> str:
    """``text`` with every secret shape replaced, for text no run's Redactor saw (e.g. old files)."""
    for pattern, placeholder in SECRET_SHAPES:
        text = pattern.sub(placeholder, text)
    return text


class Redactor:
    """The secrets one process of a run handled, and the text with them taken out."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self._secrets: dict[str, str] = {}  # value -> placeholder
        # Each value under its first run of letters and digits: where a value stands alone in a text,
        # that run stands alone there too, so a text's own runs tell which values it may hold.
        self._by_first_run: dict[str, list[str]] = {}
        self._patterns: dict[tuple[str, ...], re.Pattern[str]] = {}
        env = os.environ if environ is None else environ
        for name in _AWS_SECRETS:  # the credentials a cognito run signs with
            self.remember(env.get(name), "aws-secret")

    def watch(self, client: Any) -> None:
        """Remember every token and session the service hands out through ``client`` (a boto3 client)."""
        client.meta.events.register("after-call.cognito-idp", self._answered)

    def _answered(self, parsed: dict[str, Any], **_: Any) -> None:
        for source in (parsed, parsed.get("AuthenticationResult") or {}):
            for key in _ANSWERED_SECRETS:
                if isinstance(source.get(key), str):
                    self.remember(source[key], "token" if key != "Session" else "session")

    def remember(self, value: str | None, kind: str) -> None:
        """Keep ``value`` (a ``code``, ``token`` or ``password``) out of every artefact from now on."""
        if value and len(value) >= _SHORTEST_SECRET and value not in self._secrets:
            self._secrets[value] = f"<{kind}>"
            runs = _ALNUM_RUN.findall(value)
            self._by_first_run.setdefault(runs[0] if runs else "", []).append(value)

    def redact(self, text: str) -> str:
        candidates = self._candidates(text)
        if candidates:
            text = self._pattern(candidates).sub(lambda match: self._secrets[match.group(0)], text)
        return redact_shapes(text)

    def redact_files(self, directory: Path, since: float) -> int:
        """Redact, in place, every file under ``directory`` written since ``since`` (a timestamp);
        returns how many changed. For artefacts other tools write (Allure results)."""
        changed = 0
        for path in sorted(directory.rglob("*")) if directory.is_dir() else []:
            if not path.is_file() or path.stat().st_mtime < since:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # an attachment that is not text holds nothing the suite wrote
            redacted = self.redact(text)
            if redacted != text:
                write_atomically(path, redacted)
                changed += 1
        return changed

    def _candidates(self, text: str) -> tuple[str, ...]:
        """The remembered values ``text`` may hold alone, longest first: one regular expression of every
        value would have to be compiled anew whenever a value is remembered, which costs far more."""
        if not self._secrets:
            return ()
        found = set(self._by_first_run.get("", ()))  # values without a letter or digit
        for run in set(_ALNUM_RUN.findall(text)):
            found.update(self._by_first_run.get(run, ()))
        # Longest first, so that a value containing another is replaced whole.
        return tuple(sorted(found, key=lambda value: (-len(value), value)))

    def _pattern(self, values: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self._patterns.get(values)
        if pattern is None:
            if len(self._patterns) >= _PATTERNS_KEPT:
                self._patterns.clear()
            pattern = self._patterns[values] = re.compile(
                _ALONE_BEFORE + "(?:" + "|".join(re.escape(v) for v in values) + ")" + _ALONE_AFTER)
        return pattern
