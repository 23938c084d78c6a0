"""Self-test: nothing a run leaves behind holds the tokens, codes or credentials that run handled.

A run of the specification through the cognito target (a moto server standing in for AWS) records
its answers (--record) and writes its results, reports, logs and output. This module doubles as a
pytest plugin loaded into that run (``-p tests.test_cognito_secrets``): botocore hooks on every
client the target makes collect each token, session, code and password that passes, and the test
then looks for every one of them, and for the AWS credentials, in every file the run produced.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SECRETS_OUT = "CONFORMANCE_TEST_SECRETS_OUT"
_TOKEN_FIELDS = ("AccessToken", "IdToken", "RefreshToken", "Session")
_PARAM_FIELDS = ("ConfirmationCode", "AccessToken", "Password", "PreviousPassword", "ProposedPassword",
                 "TemporaryPassword", "Session")
_collected: dict[str, set[str]] = {"tokens": set(), "codes": set(), "passwords": set()}


# --- the plugin side (inside the run under test) -------------------------------------------------

def _watch(client: Any) -> Any:
    def request(params: dict[str, Any], **_: Any) -> None:
        for field in _PARAM_FIELDS:
            value = params.get(field)
            # Codes are taken from where the service delivered them (below): the codes a scenario
            # types itself (a wrong code, "123456") are part of the specification, not secrets.
            if isinstance(value, str) and value and field != "ConfirmationCode":
                _collected["passwords" if "Password" in field else "tokens"].add(value)

    def answer(http_response: Any, parsed: dict[str, Any], **_: Any) -> None:
        code = http_response.headers.get("x-moto-forgot-password-confirmation-code")
        if code and code != "None":
            _collected["codes"].add(code)
        result = parsed.get("AuthenticationResult") or {}
        for field in _TOKEN_FIELDS:
            for value in (result.get(field), parsed.get(field)):
                if isinstance(value, str) and value:
                    _collected["tokens"].add(value)

    client.meta.events.register("before-parameter-build", request)
    client.meta.events.register("after-call", answer)
    return client


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get(SECRETS_OUT):
        return
    from targets.cognito.aws import AwsAccess

    original = AwsAccess.client
    AwsAccess.client = lambda self, service, **kw: _watch(original(self, service, **kw))  # type: ignore[method-assign]


def pytest_unconfigure(config: pytest.Config) -> None:
    if os.environ.get(SECRETS_OUT):
        Path(os.environ[SECRETS_OUT]).write_text(json.dumps({k: sorted(v) for k, v in _collected.items()}))


# --- the test side ----------------------------------------------------------------------------------

def _files(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file()]


def _found(secret: str, text: str, whole_number: bool) -> bool:
    if not whole_number:
        return secret in text
    # a six-digit code is looked for as a number of its own (not inside a duration such as 0.123456)
    return re.search(rf"(?<![0-9A-Za-z.]){re.escape(secret)}(?![0-9A-Za-z])", text) is not None


@pytest.mark.slow
def test_no_artefact_of_a_run_holds_its_tokens_codes_or_credentials(tmp_path):
    pytest.importorskip("moto.server")
    from tests.test_cognito_run import ROOT, run_environment
    from targets.cognito.aws import AwsAccess
    from targets.cognito.capture import CaptureStackManager
    from targets.cognito.packaging import build_package
    from targets.cognito.stand_in import AwsStandIn

    aws = AwsStandIn()
    aws.start()
    try:
        env = run_environment(aws, "secrets1", tmp_path)
        with pytest.MonkeyPatch.context() as patch:
            for name in [n for n in os.environ if n.startswith(("AWS_", "CONFORMANCE_"))]:
                patch.delenv(name)
            for name, value in env.items():
                if name.startswith(("AWS_", "CONFORMANCE_")):
                    patch.setenv(name, value)
            CaptureStackManager(AwsAccess(), say=lambda _: None).bootstrap(lambda: build_package(vendor=False))
        env[SECRETS_OUT] = str(tmp_path / "secrets.json")
        output_dir, recording = tmp_path / "out", tmp_path / "recordings" / "cognito.json"
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", "steps", "-p", "tests.test_cognito_secrets", "-p", "no:cacheprovider",
             "-rA", "--target=cognito", f"--results={output_dir / 'results.json'}", f"--record={recording}",
             f"--junitxml={output_dir / 'junit.xml'}", "-k", "reset or update or sign or confirm"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    finally:
        aws.stop()
    (tmp_path / "out" / "pytest-output.txt").write_text(completed.stdout + completed.stderr)
    assert completed.returncode in (0, 1), completed.stdout[-3000:] + completed.stderr[-3000:]
    handled = json.loads((tmp_path / "secrets.json").read_text())
    assert handled["tokens"] and handled["codes"] and handled["passwords"], "the run handled no secrets to look for"

    # The recording says where it was made, and a stand-in's recording never passes for real Cognito.
    from conformance.recording.store import load, validations
    made_at = {entry["made_at"]["endpoint"] for entry in load(recording)["requirements"].values()}
    assert made_at == {env["CONFORMANCE_COGNITO_ENDPOINT_URL"]}, made_at
    with pytest.raises(ValueError, match="not at Amazon Cognito's own endpoint"):
        validations(recording)

    artefacts = _files(output_dir, recording, tmp_path / "logs")
    assert {p.name for p in artefacts} >= {"results.json", "summary.md", "report.html", "junit.xml",
                                           "pytest-output.txt", "cognito.json"}
    # The passwords a feature file types itself ("hunter2", "Aa1!aaaa") are the specification's text;
    # every other password the run sent was generated by the harness and must not be written anywhere.
    written_in_features = "\n".join(f.read_text(encoding="utf-8") for f in (ROOT / "features").glob("*.feature"))
    generated = [p for p in handled["passwords"] if p not in written_in_features]
    assert generated, "the run sent no generated password to look for"
    secrets = [(s, False) for s in handled["tokens"]] + [(s, True) for s in handled["codes"]] \
        + [(s, False) for s in generated] + [(aws.access_key, False), (aws.secret_key, False)]
    leaks = [f"{path.name}: {secret[:12]}…" for path in artefacts
             for text in [path.read_text(errors="replace")]
             for secret, whole in secrets if _found(secret, text, whole)]
    assert leaks == []
