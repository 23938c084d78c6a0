import pytest

from conformance.destinations import revealed_email_parts, revealed_phone_digits


@pytest.mark.parametrize("destination", ["h***@m***", "h****@m****", "H***@M***"])
def test_a_proper_mask_reveals_nothing(destination):
    assert revealed_email_parts(destination, "hello+u000001@mycompany.com") == []


@pytest.mark.parametrize("destination, revealed", [
    ("hello+u000001@mycompany.com", ["he", "my"]),
    ("hel***@m***", ["he"]),
    ("h***@myc***", ["my"]),
])
def test_more_than_the_first_characters_is_revealing(destination, revealed):
    assert revealed_email_parts(destination, "hello+u000001@mycompany.com") == revealed


def test_phone_masks():
    assert revealed_phone_digits("+*******6828", "+15555556828") == []
    assert revealed_phone_digits("+15555556828", "+15555556828") == ["1555555"]
