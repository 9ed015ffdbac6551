"""Normalisers for blind indexes: equal meaning must give equal text before hashing.

A blind index only finds exact matches, so everything a person would call "the same" —
case, accents, spacing, the way a postcode or phone number is written — is folded away
here. Changing a normaliser changes every index value: rebuild the indexes when you do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import phonenumbers

DEFAULT_PHONE_REGION = "NL"
_DUTCH_POSTCODE = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})$")


def text(value: str) -> str:
    """NFKC, casefold, accents folded, spaces collapsed: ' Ĳsbrand  Müller' -> 'ijsbrand muller'."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


def postcode(value: str) -> str:
    """Dutch postcodes as ``1234AB``; anything else compact, upper case and accent-free."""
    compact = "".join(text(value).split()).upper()
    match = _DUTCH_POSTCODE.match(compact)
    return f"{match[1]}{match[2]}" if match else compact


def phone(value: str) -> str:
    """E.164 (``+31612345678``), the Netherlands as default country; digits when unparsable."""
    cleaned = unicodedata.normalize("NFKC", value).strip()
    if not cleaned:
        return ""
    try:
        number = phonenumbers.parse(cleaned, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return _digits(cleaned)
    if not phonenumbers.is_possible_number(number):
        return _digits(cleaned)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def email(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().casefold()


NORMALIZERS: dict[str, Callable[[str], str]] = {
    "text": text,
    "postcode": postcode,
    "phone": phone,
    "email": email,
}


def normalize(kind: str, value: object) -> str:
    """Apply the named normaliser; None and empty give ''."""
    if value is None:
        return ""
    return NORMALIZERS[kind](str(value))
