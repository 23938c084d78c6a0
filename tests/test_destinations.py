import pytest

from conformance.outcome import email_leaks, phone_leaks, simulated_email_flaws

ADDRESS = "hello+u000001@mycompany.com"
NUMBER = "+15555556828"


@pytest.mark.parametrize("destination", [
    "h***@m***",          # what Cognito was seen to answer
    "h****@m****",        # any number of stars
    "H***@M***",          # in another case
    "h***@m***.com",      # the top-level domain, as AWS's CLI example keeps it
    "***@***",            # less than a mask may show
    "h***",               # no domain at all
])
def test_a_mask_that_shows_only_the_documented_characters_hides_the_address(destination):
    assert email_leaks(destination, ADDRESS) == []


@pytest.mark.parametrize("destination, leaks", [
    ("h*llo@m*company.com", ["llo", "company"]),   # one star per part is not a mask
    (ADDRESS, ["ello+u000001", "ycompany"]),
    ("hel***@m***", ["el"]),
    ("h***@myc***", ["yc"]),
    ("h***@m***.co", [".co"]),                      # not the top-level domain: a piece of the address
    ("h***@m***company", ["company"]),
    ("u***@y***", ["u", "y"]),                      # characters the address does not start with
    ("h***m***", ["m"]),                            # the domain's first character without its '@'
])
def test_every_other_character_shown_gives_the_address_away(destination, leaks):
    assert email_leaks(destination, ADDRESS) == leaks


@pytest.mark.parametrize("destination", ["+*******6828", "+********6828", "*******6828", "+*******", "***"])
def test_a_phone_mask_showing_the_plus_and_the_last_four_digits_hides_the_number(destination):
    assert phone_leaks(destination, NUMBER) == []


@pytest.mark.parametrize("destination, leaks", [
    ("+155555*6828", ["155555"]),
    (NUMBER, ["1555555"]),
    ("+1*******6828", ["1"]),
    ("+*******682", ["682"]),            # digits that are not the last four, at the end
    ("+6828*******", ["6828"]),          # the last four digits, but not at the end
    ("+*** *** 6828", ["  "]),           # anything but a mask character counts
])
def test_a_phone_mask_showing_more_gives_the_number_away(destination, leaks):
    assert phone_leaks(destination, NUMBER) == leaks


@pytest.mark.parametrize("destination", ["h***@m***", "u***@y***", "h***@m***.com", "x**@z*****"])
def test_a_simulated_destination_shaped_like_a_mask_passes_for_one(destination):
    assert simulated_email_flaws(destination, ADDRESS) == []


@pytest.mark.parametrize("destination, flaw", [
    (ADDRESS, "not shaped like a masked address"),
    ("h*llo@m*company.com", "not shaped like a masked address"),
    ("hel***@m***", "not shaped like a masked address"),
    ("***@***", "not shaped like a masked address"),
    ("", "not shaped like a masked address"),
    ("+*******6828", "not shaped like a masked address"),
    ("h***@m***.io", "ends in '.io'"),
])
def test_a_simulated_destination_unlike_a_mask_tells_an_unknown_user_apart(destination, flaw):
    flaws = simulated_email_flaws(destination, ADDRESS)
    assert len(flaws) == 1 and flaw in flaws[0]
