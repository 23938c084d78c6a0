"""``--definitions amplify-backend``: the real auth construct, its cache, and how it compares with the reference.

Needs Node.js and the construct installed (``npm ci --prefix conformance/definitions/amplify_backend``;
``tox -e tests`` does it); skipped, saying so, without them.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_bdd.feature import get_features

from conformance.definitions import AuthDefinition, DefinitionError, create_definitions
from conformance.definitions.amplify_backend import synthesizer
from conformance.phrases import parse_definition
from conformance.definitions.amplify_backend.synthesizer import (
    AmplifyBackendDefinitions,
    DefinitionsUnavailable,
    installed_versions,
    pinned_versions,
)
from conformance.definitions.reference import ReferenceDefinitions

ROOT = Path(__file__).resolve().parent.parent
EMAIL = AuthDefinition(login_with=frozenset({"email"}))
BOTH = AuthDefinition(login_with=frozenset({"email", "phone"}))
MIN_LENGTH = "Policies.PasswordPolicy.MinimumLength"

needs_construct = pytest.mark.skipif(
    shutil.which("node") is None or None in installed_versions().values(),
    reason="@aws-amplify/auth-construct is not installed: run npm ci --prefix conformance/definitions/amplify_backend "
           "(needs Node.js), or tox -e tests",
)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("synthesis-cache")


@pytest.fixture(scope="module")
def construct(shared_cache):
    """One mapping (one Node process) for the module; its cache lives in a temporary folder."""
    mapping = AmplifyBackendDefinitions(cache_directory=shared_cache)
    yield mapping
    mapping.close()


# --- the cache ----------------------------------------------------------------------------------

@needs_construct
def test_a_definition_is_synthesized_once_then_read_from_the_cache(construct, shared_cache):
    definition = AuthDefinition(login_with=frozenset({"phone"}), account_recovery="NONE")
    before = construct.node_syntheses
    first = construct.synthesize(definition)
    assert construct.node_syntheses == before + 1
    assert construct.synthesize(definition) == first
    assert construct.node_syntheses == before + 1
    assert (shared_cache / f"{construct.cache.key(synthesizer.construct_input(definition))}.json").is_file()


@needs_construct
def test_a_later_run_reads_the_cache_without_starting_node(construct, shared_cache, monkeypatch):
    construct.synthesize(BOTH)

    def no_node(*args, **kwargs):
        raise AssertionError("Node was started for a cached definition")

    monkeypatch.setattr(synthesizer, "NodeBridge", no_node)
    later = AmplifyBackendDefinitions(cache_directory=shared_cache)
    assert later.synthesize(BOTH) == construct.synthesize(BOTH)
    assert later.node_syntheses == 0


@needs_construct
def test_the_cache_key_changes_with_the_definition_and_the_package_versions(construct, tmp_path):
    key = construct.cache.key({"loginWith": {"email": True}})
    assert key != construct.cache.key({"loginWith": {"phone": True}})
    other_versions = synthesizer.SynthesisCache(tmp_path, {"versions": {"aws-cdk-lib": "2.0.0"}, "script": "x"})
    assert other_versions.key({"loginWith": {"email": True}}) != key


@pytest.mark.parametrize("definition, words", [
    (AuthDefinition(login_with=frozenset({"email"}), account_recovery="EMAIL_FIRST"), "accountRecovery"),
    (AuthDefinition(login_with=frozenset()), "email or phone"),
])
@needs_construct
def test_definitions_no_deployment_survives_are_refused_before_synthesis(definition, words, tmp_path):
    mapping = AmplifyBackendDefinitions(cache_directory=tmp_path)
    with pytest.raises(DefinitionError, match=words):
        mapping.synthesize(definition)
    assert mapping.node_syntheses == 0 and not list(tmp_path.iterdir())


@needs_construct
def test_what_the_construct_refuses_becomes_a_definition_error(construct):
    with pytest.raises(DefinitionError, match="At least one of email or phone must be enabled"):
        construct._synthesize_in_node({"loginWith": {}}, AuthDefinition(login_with=frozenset()))


def test_without_node_or_packages_the_mapping_names_the_fix(monkeypatch):
    monkeypatch.setattr(synthesizer.shutil, "which", lambda name: None)
    with pytest.raises(DefinitionsUnavailable, match="npm ci --prefix conformance/definitions/amplify_backend"):
        create_definitions("amplify-backend")
    monkeypatch.undo()
    monkeypatch.setattr(synthesizer.PINS, "installed", lambda: {name: None for name in synthesizer.PACKAGES})
    monkeypatch.setattr(synthesizer.shutil, "which", lambda name: "/usr/bin/node")
    with pytest.raises(DefinitionsUnavailable, match="not installed"):
        create_definitions("amplify-backend")


def test_without_node_the_option_fails_at_start_in_one_sentence(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider", "--definitions=amplify-backend",
         f"--results={tmp_path / 'results.json'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={"PATH": str(empty)})
    output = completed.stdout + completed.stderr
    errors = [line for line in output.splitlines() if line.startswith("ERROR: ")]
    assert completed.returncode == 4 and len(errors) == 1, output
    assert "npm ci --prefix conformance/definitions/amplify_backend" in errors[0]


def test_the_pinned_versions_are_the_facts_of_the_specification():
    assert pinned_versions() == {"@aws-amplify/auth-construct": "1.12.0", "aws-cdk-lib": "2.276.0",
                                 "constructs": "10.6.0"}


# --- what the construct synthesizes, against SPEC-FACTS §2 and the reference mapping ---------------

@needs_construct
@pytest.mark.parametrize("login, mechanisms", [
    ({"phone"}, ["verified_phone_number:1"]),
    ({"email"}, ["verified_email:1"]),
    ({"email", "phone"}, ["verified_email:1"]),
])
def test_the_default_recovery_follows_the_login_options(construct, login, mechanisms):
    pool = construct.synthesize(AuthDefinition(login_with=frozenset(login))).pool
    assert [f"{m['Name']}:{m['Priority']}" for m in pool["AccountRecoverySetting"]["RecoveryMechanisms"]] == mechanisms


@needs_construct
def test_the_default_policy_requires_symbols_and_sets_no_temporary_validity(construct):
    assert construct.synthesize(EMAIL).pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 8, "RequireLowercase": True, "RequireUppercase": True, "RequireNumbers": True,
        "RequireSymbols": True}


@needs_construct
def test_an_override_changes_the_pool_but_not_amplify_outputs(construct):
    synthesized = construct.synthesize(AuthDefinition(login_with=frozenset({"email"}), pool_overrides=((MIN_LENGTH, 32),)))
    assert synthesized.pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 32
    assert synthesized.pool["Policies"]["PasswordPolicy"]["RequireSymbols"] is True
    assert synthesized.outputs["password_policy"]["min_length"] == 8


@pytest.mark.parametrize("minimum", [5, 100])
@needs_construct
def test_a_minimum_length_cognito_refuses_synthesizes_and_is_left_to_the_service(construct, minimum):
    synthesized = construct.synthesize(AuthDefinition(login_with=frozenset({"email"}),
                                                      pool_overrides=((MIN_LENGTH, minimum),)))
    assert synthesized.pool["Policies"]["PasswordPolicy"]["MinimumLength"] == minimum


@needs_construct
def test_the_app_client_is_amplify_s_plus_the_suite_s_sign_in_flow(construct):
    client = construct.synthesize(EMAIL).client
    assert client["ExplicitAuthFlows"] == ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                                           "ALLOW_USER_PASSWORD_AUTH"]
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert "GenerateSecret" not in client  # no secret: the property is omitted


def feature_definitions() -> list[AuthDefinition]:
    """Every deployable definition a scenario of the features names, Examples rows expanded."""
    found = set()
    for feature in get_features([str(ROOT / "features")]):
        for template in feature.scenarios.values():
            contexts = [context for examples in template.examples for context in examples.as_contexts()] or [{}]
            for context in contexts:
                for step in template.render(context).steps:
                    phrase = step.name.partition("defined with ")[2]
                    if not phrase:
                        continue
                    definition = parse_definition(phrase)
                    try:
                        definition.validate()
                    except DefinitionError:
                        continue
                    found.add(definition)
    return sorted(found, key=AuthDefinition.describe)


@needs_construct
def test_on_what_the_specification_reads_the_construct_and_the_reference_agree(construct):
    """Password policy, recovery, username settings and the app client's security settings, per definition."""
    reference = ReferenceDefinitions()
    compared = 0
    for definition in feature_definitions():
        try:
            expected = reference.synthesize(definition)
        except DefinitionError:
            continue
        actual = construct.synthesize(definition)
        for key in ("Policies", "AccountRecoverySetting", "UsernameAttributes", "AutoVerifiedAttributes",
                    "UsernameConfiguration", "AdminCreateUserConfig", "MfaConfiguration"):
            assert actual.pool.get(key) == expected.pool.get(key), (definition.describe(), key)
        for key in ("ExplicitAuthFlows", "PreventUserExistenceErrors"):
            assert actual.client.get(key) == expected.client.get(key), (definition.describe(), key)
        assert actual.outputs["password_policy"] == expected.outputs["password_policy"], definition.describe()
        compared += 1
    assert compared >= 10
