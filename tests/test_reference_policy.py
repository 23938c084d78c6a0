"""The reference's password rules, checked at every boundary without any service around them."""
from __future__ import annotations

import pytest

from targets.reference import errors, policy
from targets.reference.policy import PasswordPolicy, PolicySettingError, first_policy_violation

# Written out here, not taken from the module, so the test is an independent statement of the rule.
DOCUMENTED_SYMBOLS = "^ $ * . [ ] { } ( ) ? \" ! @ # % & / \\ , > < ' : ; | _ ~ ` = + -".split(" ")
ONLY_SYMBOLS = PasswordPolicy(
    minimum_length=6, require_uppercase=False, require_lowercase=False, require_numbers=False
)
DEFAULT = PasswordPolicy()


def test_documented_symbol_list_is_complete() -> None:
    assert len(DOCUMENTED_SYMBOLS) == 32
    assert set(DOCUMENTED_SYMBOLS) == policy.SYMBOLS


@pytest.mark.parametrize("symbol", DOCUMENTED_SYMBOLS)
def test_each_documented_symbol_counts(symbol: str) -> None:
    assert first_policy_violation(f"abcdef{symbol}g", ONLY_SYMBOLS) is None
    assert first_policy_violation(f"Abcdef1{symbol}", DEFAULT) is None


@pytest.mark.parametrize(
    "character",
    ["§", "€", "£", "¥", "¿", "¡", "×", "÷", "´", "°", "\u00a0", "\t", "—", "“", "…", "😀"],
)
def test_other_characters_are_not_symbols(character: str) -> None:
    assert first_policy_violation(f"abc{character}def", ONLY_SYMBOLS) == policy.NEEDS_SYMBOLS


def test_inner_space_counts_as_symbol() -> None:
    assert first_policy_violation("Abc def1", DEFAULT) is None


@pytest.mark.parametrize("password", [" Abcdef1", "Abcdef1 "])
def test_edge_space_is_not_a_symbol(password: str) -> None:
    assert not policy.has_symbol(password)


@pytest.mark.parametrize("minimum", [6, 8, 12, 99])
def test_minimum_length_boundary(minimum: int) -> None:
    rules = PasswordPolicy(minimum_length=minimum)
    short = "Aa1!" + "x" * (minimum - 5)
    assert len(short) == minimum - 1
    assert first_policy_violation(short, rules) == policy.NOT_LONG_ENOUGH
    assert first_policy_violation(short + "x", rules) is None


def test_length_counts_code_points() -> None:
    assert first_policy_violation("Aa1!ééé", DEFAULT) == policy.NOT_LONG_ENOUGH
    assert first_policy_violation("Aa1!éééé", DEFAULT) is None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", policy.NOT_LONG_ENOUGH),  # every rule fails; length is reported
        ("ABCDEFGH", policy.NEEDS_LOWERCASE),  # lowercase reported before the rest
        ("abcdefgh", policy.NEEDS_UPPERCASE),
        ("abcdEFGH", policy.NEEDS_NUMBERS),
        ("abcdEF12", policy.NEEDS_SYMBOLS),
        ("abcdEF1!", None),
    ],
)
def test_only_the_first_failing_rule_is_reported(password: str, reason: str | None) -> None:
    assert first_policy_violation(password, DEFAULT) == reason


def test_reasons_are_cognitos_words() -> None:
    assert policy.NOT_LONG_ENOUGH == "Password not long enough"
    assert policy.NEEDS_LOWERCASE == "Password must have lowercase characters"
    assert policy.NEEDS_UPPERCASE == "Password must have uppercase characters"
    assert policy.NEEDS_NUMBERS == "Password must have numeric characters"
    assert policy.NEEDS_SYMBOLS == "Password must have symbol characters"


@pytest.mark.parametrize("password", ["ÉÀÖÑ1234!x", "ＡＢＣ1234!x", "ΣΩΔ12345!x", "ЖЯБ12345!x"])
def test_only_basic_latin_letters_are_uppercase(password: str) -> None:
    assert first_policy_violation(password, DEFAULT) == policy.NEEDS_UPPERCASE


@pytest.mark.parametrize("password", ["éàöñ1234!X", "ａｂｃ1234!X", "σωδ12345!X", "жяб12345!X", "ßßß12345!X"])
def test_only_basic_latin_letters_are_lowercase(password: str) -> None:
    assert first_policy_violation(password, DEFAULT) == policy.NEEDS_LOWERCASE


@pytest.mark.parametrize("digit", ["٣", "３", "²", "½"])
def test_only_ascii_digits_are_numbers(digit: str) -> None:
    assert first_policy_violation(f"Abcdefg!{digit}", DEFAULT) == policy.NEEDS_NUMBERS


def test_rules_switched_off_are_not_checked() -> None:
    lenient = PasswordPolicy(
        minimum_length=6,
        require_uppercase=False,
        require_lowercase=False,
        require_numbers=False,
        require_symbols=False,
    )
    assert first_policy_violation("aaaaaa", lenient) is None
    assert first_policy_violation("aaaaa", lenient) == policy.NOT_LONG_ENOUGH


# --- shape: what the API model refuses before any policy applies


def test_256_characters_is_the_longest_accepted() -> None:
    assert policy.shape_violations("Aa1!" + "x" * 252) == []
    assert policy.shape_violations("Aa1!" + "x" * 253) == [
        "Member must have length less than or equal to 256"
    ]


@pytest.mark.parametrize(
    "password", [" Abcdef1!", "Abcdef1! ", "\tAbcdef1!", "Abcdef1!\n", "\rAbcdef1!", "", " "]
)
def test_edge_whitespace_breaks_the_pattern(password: str) -> None:
    assert policy.shape_violations(password) == [
        "Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$"
    ]


@pytest.mark.parametrize("password", ["Abc def1!", "A\tb", "Ab  cd", "Abcdef1!\u00a0x"])
def test_inner_whitespace_is_accepted_by_the_shape(password: str) -> None:
    assert policy.shape_violations(password) == []


def test_shape_message_reads_like_an_aws_validation_error() -> None:
    one = errors.validation_error("password", policy.shape_violations(" x"))
    assert (one.code, one.message) == (
        "InvalidParameterException",
        "1 validation error detected: Value at 'password' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
    )
    two = errors.validation_error("password", policy.shape_violations(" " + "x" * 300)).message
    assert two.startswith("2 validation errors detected: Value at 'password'")
    assert "; Value at 'password' failed to satisfy constraint: Member must have length" in two


# --- policy settings at pool creation


def test_omitted_policy_is_cognitos_default() -> None:
    assert PasswordPolicy.from_request(None).to_response() == {
        "MinimumLength": 8,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": 7,
    }


def test_given_policy_leaves_absent_flags_off_and_numbers_defaulted() -> None:
    resolved = PasswordPolicy.from_request({"RequireNumbers": True})
    assert resolved == PasswordPolicy(
        minimum_length=8,
        require_uppercase=False,
        require_lowercase=False,
        require_numbers=True,
        require_symbols=False,
        temporary_password_validity_days=7,
    )


@pytest.mark.parametrize(("given", "resolved"), [(0, 7), (1, 1), (3, 3), (365, 365)])
def test_temporary_password_validity_days(given: int, resolved: int) -> None:
    settings = {"TemporaryPasswordValidityDays": given}
    assert PasswordPolicy.from_request(settings).temporary_password_validity_days == resolved


@pytest.mark.parametrize("minimum", [6, 99])
def test_minimum_length_limits_are_accepted(minimum: int) -> None:
    assert PasswordPolicy.from_request({"MinimumLength": minimum}).minimum_length == minimum


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"MinimumLength": 5}, "minimumLength' failed to satisfy constraint: Member must have "
         "value greater than or equal to 6"),
        ({"MinimumLength": 100}, "less than or equal to 99"),
        ({"TemporaryPasswordValidityDays": -1}, "greater than or equal to 0"),
        ({"TemporaryPasswordValidityDays": 366}, "less than or equal to 365"),
        ({"PasswordHistorySize": 25}, "less than or equal to 24"),
        ({"MinimumLength": True}, "Member must be an integer"),
    ],
)
def test_out_of_range_settings_are_refused(settings: dict, message: str) -> None:
    with pytest.raises(PolicySettingError, match="1 validation error detected") as raised:
        PasswordPolicy.from_request(settings)
    assert message in str(raised.value)


def test_history_size_is_reported_only_when_given() -> None:
    assert "PasswordHistorySize" not in PasswordPolicy.from_request({}).to_response()
    settings = {"PasswordHistorySize": 24}
    assert PasswordPolicy.from_request(settings).to_response()["PasswordHistorySize"] == 24
