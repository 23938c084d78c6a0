"""Contact-detail phrases, unique addresses, spans of time and made-up passwords."""
from __future__ import annotations

import re

import pytest
from pytest_bdd.feature import get_features

from conformance.catalogue import FEATURES_PATH
from conformance.phrases import ContactDetails, parse_duration, surround
from conformance.test_data import AddressBook, compliant_password

MINUTE, HOUR, DAY = 60, 3600, 86400


def _rendered_steps() -> set[str]:
    names = set()
    for feature in get_features([str(FEATURES_PATH)]):
        for template in feature.scenarios.values():
            contexts = [c for examples in template.examples for c in examples.as_contexts()] or [{}]
            for context in contexts:
                names.update(step.name for step in template.render(context).steps)
    return names


STEPS = _rendered_steps()
# "a user with <contact details>[ who has only a temporary password]"; quoted addresses are another step.
CONTACT_PHRASES = sorted({
    re.sub(r" who has only a temporary password$", "", name[len("a user with "):])
    for name in STEPS
    if name.startswith("a user with ") and '"' not in name
})
DURATIONS = sorted({m["d"] for name in STEPS if (m := re.fullmatch(r"(?P<d>\d+ (?:second|minute|hour|day).*) pass(?:es)?", name))})


# --- ContactDetails ------------------------------------------------------------------------

def test_the_features_use_contact_phrases():
    assert len(CONTACT_PHRASES) >= 4
    assert "a verified email address" in CONTACT_PHRASES


@pytest.mark.parametrize("phrase", CONTACT_PHRASES)
def test_every_contact_phrase_in_the_features_is_understood(phrase):
    details = ContactDetails.from_phrase(phrase)
    assert details.email or details.phone


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("a verified email address", ContactDetails(email=True, email_verified=True)),
        ("an unverified email address", ContactDetails(email=True)),
        ("a verified phone number", ContactDetails(phone=True, phone_verified=True)),
        ("an unverified phone number", ContactDetails(phone=True)),
        ("a verified email address and a verified phone number",
         ContactDetails(email=True, email_verified=True, phone=True, phone_verified=True)),
        ("a verified email address and an unverified phone number",
         ContactDetails(email=True, email_verified=True, phone=True)),
        ("an unverified email address and a verified phone number",
         ContactDetails(email=True, phone=True, phone_verified=True)),
        ("no verified email address or phone number", ContactDetails()),
        ("  a verified email address  ", ContactDetails(email=True, email_verified=True)),
    ],
)
def test_contact_phrase_becomes_details(phrase, expected):
    assert ContactDetails.from_phrase(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "   ",
        "an email address",
        "a verified email",
        "a confirmed email address",
        "a verified phone number and a verified email address",
        "a verified email address a verified phone number",
        "a verified email addressa verified phone number",
        "a verified email address and",
        "and a verified phone number",
        "a verified email address and a verified email address",
        "a verified email address and no phone number",
    ],
)
def test_contact_nonsense_is_rejected(phrase):
    with pytest.raises(ValueError, match="cannot read contact details"):
        ContactDetails.from_phrase(phrase)


# --- AddressBook ---------------------------------------------------------------------------

def test_emails_are_unique_and_keep_what_masking_shows():
    book = AddressBook()
    addresses = [book.email("test@test.com") for _ in range(2000)]
    assert len(set(addresses)) == len(addresses)
    for address in addresses[:50]:
        local, domain = address.split("@")
        assert local.startswith("test+") and local[0] == "t"
        assert domain == "test.com"


def test_email_from_a_template_with_dots():
    address = AddressBook(seed=1).email("a.b@c.io")
    assert re.fullmatch(r"a\.b\+u\d{6}@c\.io", address)


def test_default_email_template():
    assert AddressBook().email().endswith("@example.com")


def test_phones_are_unique_and_keep_country_code_last_four_digits_and_length():
    book = AddressBook()
    template = "+15555556828"
    numbers = [book.phone(template) for _ in range(2000)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers[:50]:
        assert re.fullmatch(r"\+1\d{10}", number)
        assert number.endswith("6828")
        assert len(number) == len(template)


def test_phone_with_a_two_digit_country_code():
    number = AddressBook().phone("+447700900123")
    assert number.startswith("+44") and number.endswith("0123") and len(number) == len("+447700900123")


def test_emails_and_phones_share_one_sequence_and_never_repeat():
    book = AddressBook(seed=7)
    tags = [book.email().split("+u")[1][:6], book.phone()[2:8], book.email().split("+u")[1][:6]]
    assert len(set(tags)) == 3


def test_a_seed_makes_the_book_reproducible_and_books_differ():
    assert AddressBook(seed=3).email() == AddressBook(seed=3).email()
    assert len({AddressBook(seed=s).email() for s in range(5)}) > 1


@pytest.mark.parametrize("template", ["user", "user.example.com", ""])
def test_email_template_must_be_an_address(template):
    with pytest.raises(ValueError, match="not an email address"):
        AddressBook().email(template)


@pytest.mark.parametrize("template", ["15555556828", "+5556828", "+1 555", ""])
def test_phone_template_must_be_e164_with_a_country_code(template):
    with pytest.raises(ValueError, match="E.164"):
        AddressBook().phone(template)


# --- parse_duration ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("59 minutes", 59 * MINUTE),
        ("61 minutes", 61 * MINUTE),
        ("0 minutes", 0),
        ("1 minute", MINUTE),
        ("1 hour", HOUR),
        ("7 days", 7 * DAY),
        ("6 days and 23 hours", 6 * DAY + 23 * HOUR),
        ("3 days and 1 hour", 3 * DAY + HOUR),
        ("1 day, 2 hours and 3 minutes", DAY + 2 * HOUR + 3 * MINUTE),
        ("3600 seconds", HOUR),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


def test_the_features_use_durations():
    assert "59 minutes" in DURATIONS and "6 days and 23 hours" in DURATIONS


@pytest.mark.parametrize("text", DURATIONS)
def test_every_duration_in_the_features_is_understood(text):
    assert parse_duration(text) > 0 or text.startswith("0 ")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "and", "soon", "an hour", "six days", "5 weeks", "-1 minutes", "1.5 hours",
     "1 hour 2 minutes", "minutes", "1 hour and soon"],
)
def test_bad_durations_are_rejected(text):
    with pytest.raises(ValueError, match="cannot read a duration"):
        parse_duration(text)


# --- passwords -----------------------------------------------------------------------------

@pytest.mark.parametrize("length", [4, 6, 8, 20, 32, 99, 256])
def test_compliant_password_has_the_length_and_every_character_class(length):
    password = compliant_password(length)
    assert len(password) == length
    assert re.search(r"[A-Z]", password) and re.search(r"[a-z]", password)
    assert re.search(r"\d", password) and re.search(r"[^A-Za-z0-9]", password)
    assert password == password.strip()


def test_compliant_passwords_are_fresh():
    assert len({compliant_password(20) for _ in range(20)}) == 20


@pytest.mark.parametrize("length", [0, 3])
def test_compliant_password_too_short_to_comply(length):
    with pytest.raises(ValueError, match="at least 4"):
        compliant_password(length)


@pytest.mark.parametrize(
    ("whitespace", "where", "expected"),
    [
        ("space", "before", " Pw1!"),
        ("space", "after", "Pw1! "),
        ("space", "before and after", " Pw1! "),
        ("tab", "before", "\tPw1!"),
        ("tab", "after", "Pw1!\t"),
        ("tab", "before and after", "\tPw1!\t"),
    ],
)
def test_surround(whitespace, where, expected):
    assert surround("Pw1!", whitespace, where) == expected


def test_surround_rejects_an_unknown_position():
    with pytest.raises(ValueError, match="inside"):
        surround("Pw1!", "space", "inside")
