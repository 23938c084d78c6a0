"""How a code's destination is shown to the caller: masked, never the full address or number."""
from __future__ import annotations

MASK = "***"


def mask_email(address: str) -> str:
    """``test@test.com`` -> ``t***@t***``: first character of each side of the last ``@``."""
    local, at, domain = address.rpartition("@")
    if not at:
        return f"{address[:1]}{MASK}"
    return f"{local[:1]}{MASK}@{domain[:1]}{MASK}"


def mask_phone(number: str) -> str:
    """``+15555556828`` -> ``+*******6828``: one star per hidden digit, the last four shown."""
    digits = [char for char in number if char.isdigit()]
    shown = "".join(digits[-4:])
    return "+" + "*" * (len(digits) - len(shown)) + shown


def mask_destination(attribute_name: str, value: str) -> str:
    """Mask ``value`` according to the attribute it came from (``email`` or ``phone_number``)."""
    if attribute_name == "email":
        return mask_email(value)
    if attribute_name == "phone_number":
        return mask_phone(value)
    raise ValueError(f"no masking rule for attribute {attribute_name!r}")
