"""Input rules shared by the pages and the API (Dutch postcodes, phone numbers, dates)."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from gezinsaanpak import limits

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")
# What the API accepts (its schema publishes it): ``1234 AB`` or ``1234ab``, nothing around.
POSTCODE_PATTERN = r"^[0-9]{4} ?[A-Za-z]{2}$"
# A partner's own reference for a referral (no personal data): the API and the web form.
PARTNER_REFERENCE_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"


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


# The dates any filter or field accepts: far enough for every family and record, and far from
# the ends of Python's calendar (``9999-12-31`` plus a day overflows).
EARLIEST_DATE = limits.DATE_MIN
LATEST_DATE = limits.DATE_MAX


def sane_date_validators() -> list[MinValueValidator | MaxValueValidator]:
    """Validators for a date field (form or serializer): between the earliest and latest date."""
    return [
        MinValueValidator(EARLIEST_DATE, _("Enter a date from 1 January 1900.")),
        MaxValueValidator(LATEST_DATE, _("Enter a date up to 31 December 2100.")),
    ]
