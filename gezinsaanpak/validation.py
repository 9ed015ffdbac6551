"""Input rules shared by the pages and the API (Dutch postcodes, phone numbers)."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
# What the API accepts (its schema publishes it): ``1234 AB`` or ``1234ab``, nothing around.
POSTCODE_PATTERN = r"^[0-9]{4} ?[A-Za-z]{2}$"


def clean_postcode(value: str) -> str:
    """``1234ab`` → ``1234 AB``; empty stays empty."""
    if not value:
        return ""
    match = POSTCODE_RE.match(value)
    if not match:
        raise ValidationError(_("Enter a Dutch postcode, such as 1234 AB."), code="rule")
    return f"{match.group(1)} {match.group(2).upper()}"


def clean_phone(value: str) -> str:
    """A valid phone number (Dutch by default), in international notation."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid phone number, such as 06 12345678."), code="rule")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
