"""Reading backend definitions from the words the features use."""
from __future__ import annotations

import re

import pytest
from pytest_bdd.feature import get_features

from conformance.catalogue import FEATURES_PATH
from conformance.definitions import AuthDefinition, DefinitionError
from conformance.definitions.reference import ReferenceDefinitions
from conformance.phrases import parse_definition

EMAIL = frozenset({"email"})
PHONE = frozenset({"phone"})
BOTH = frozenset({"email", "phone"})
MIN_LENGTH = "Policies.PasswordPolicy.MinimumLength"

# The three step texts that carry a definition phrase (see steps/given.py, backend_steps.py).
_PHRASE_IN_STEP = re.compile(
    r"^(?:a backend defined with |a backend is defined with |its recovery setting is the same as with )"
    r"(?P<phrase>login by .+?)(?: alone)?$"
)


def _feature_phrases() -> list[str]:
    """Every definition phrase in features/, with Examples rows filled in."""
    phrases = set()
    for feature in get_features([str(FEATURES_PATH)]):
        for template in feature.scenarios.values():
            contexts = [c for examples in template.examples for c in examples.as_contexts()] or [{}]
            for context in contexts:
                for step in template.render(context).steps:
                    match = _PHRASE_IN_STEP.match(step.name)
                    if match:
                        phrases.add(match["phrase"])
    return sorted(phrases)


FEATURE_PHRASES = _feature_phrases()


def test_the_features_use_definition_phrases():
    # Guards the parametrised test below against silently finding nothing.
    assert len(FEATURE_PHRASES) >= 15
    assert "login by email" in FEATURE_PHRASES
    assert "login by nothing" in FEATURE_PHRASES


@pytest.mark.parametrize("phrase", FEATURE_PHRASES)
def test_every_phrase_in_the_features_is_understood(phrase):
    definition = parse_definition(phrase)
    assert isinstance(definition, AuthDefinition)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("login by email", AuthDefinition(login_with=EMAIL)),
        ("login by phone", AuthDefinition(login_with=PHONE)),
        ("login by email and phone", AuthDefinition(login_with=BOTH)),
        ("login by nothing", AuthDefinition(login_with=frozenset())),
        ('login by email and accountRecovery "EMAIL_ONLY"',
         AuthDefinition(login_with=EMAIL, account_recovery="EMAIL_ONLY")),
        ('login by email and accountRecovery "NONE"', AuthDefinition(login_with=EMAIL, account_recovery="NONE")),
        ('login by email and phone and accountRecovery "PHONE_AND_EMAIL"',
         AuthDefinition(login_with=BOTH, account_recovery="PHONE_AND_EMAIL")),
        ('login by email and accountRecovery "EMAIL_FIRST"',
         AuthDefinition(login_with=EMAIL, account_recovery="EMAIL_FIRST")),
        ("login by email and user existence errors revealed",
         AuthDefinition(login_with=EMAIL, client_overrides=(("PreventUserExistenceErrors", "LEGACY"),))),
        ("login by email and the minimum password length overridden to 32",
         AuthDefinition(login_with=EMAIL, pool_overrides=((MIN_LENGTH, 32),))),
        ("login by email and the minimum password length overridden to 5",
         AuthDefinition(login_with=EMAIL, pool_overrides=((MIN_LENGTH, 5),))),
        ("login by email and its password policy assigned a minimum length of 12",
         AuthDefinition(login_with=EMAIL, assigned_password_policy=(
             ("MinimumLength", 12), ("RequireLowercase", True), ("RequireUppercase", True),
             ("RequireNumbers", True), ("RequireSymbols", True)))),
        ("login by email and its password policy assigned a minimum length of 32 and temporary passwords valid for "
         "20 days",
         AuthDefinition(login_with=EMAIL, assigned_password_policy=(
             ("MinimumLength", 32), ("RequireLowercase", True), ("RequireUppercase", True),
             ("RequireNumbers", True), ("RequireSymbols", True), ("TemporaryPasswordValidityDays", 20)))),
        ('login by email and phone and accountRecovery "NONE" and user existence errors revealed',
         AuthDefinition(login_with=BOTH, account_recovery="NONE",
                        client_overrides=(("PreventUserExistenceErrors", "LEGACY"),))),
    ],
)
def test_phrase_becomes_definition(phrase, expected):
    assert parse_definition(phrase) == expected


def test_surrounding_whitespace_is_ignored():
    assert parse_definition("  login by phone \n") == AuthDefinition(login_with=PHONE)


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "email",
        "login with email",
        "login by",
        "login by username",
        "login by phone and email",
        "login by email and phone number",
        "login by email and accountRecovery EMAIL_ONLY",
        'login by email and accountRecovery "EMAIL_ONLY" please',
        "login by email and the minimum password length overridden to thirty",
        "login by email and the minimum password length overridden to 32x",
        "login by email and its password policy assigned a minimum length of",
        "login by email and temporary passwords valid for 20 days",
        "login by email and its password policy assigned a minimum length of 32 and temporary passwords valid for "
        "twenty days",
        "login by email, phone",
    ],
)
def test_nonsense_is_rejected(phrase):
    with pytest.raises(ValueError):
        parse_definition(phrase)


def test_rejection_names_the_part_not_understood():
    with pytest.raises(ValueError, match="with sugar on top"):
        parse_definition("login by email with sugar on top")


def test_phrases_for_rejected_definitions_parse_but_do_not_synthesize():
    # Parsing only reads words; whether the definition is refused is the mapping's decision.
    for phrase in ('login by email and accountRecovery "EMAIL_FIRST"', "login by nothing"):
        with pytest.raises(DefinitionError):
            ReferenceDefinitions().synthesize(parse_definition(phrase))
