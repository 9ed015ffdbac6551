"""Reading one cell of an import: the Dutch words and number formats people type.

Each reader takes the cell's value (already stripped; ``None`` when empty) and returns the
value to store, or raises :class:`CellError` with a short problem in Dutch (through
gettext) that :class:`Problems` turns into "Rij 12, kolom Postcode: …".
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import Municipality
from gezinsaanpak import limits
from gezinsaanpak.models import Caregiver
from gezinsaanpak.models.languages import LANGUAGES
from gezinsaanpak.validation import clean_phone, clean_postcode

from .import_files import SheetRow, Value


class CellError(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class Column:
    """One column of an import file, as its template explains it."""

    name: str  # the Dutch header: part of the file format, so not translated
    help: Promise | str
    example: Any = ""
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass
class Problems:
    """The problems of one row, each naming the row and column."""

    row: int
    messages: list[str] = field(default_factory=list)

    def add(self, column: str, problem: str) -> None:
        problem = problem.rstrip(".")
        problem = problem[:1].lower() + problem[1:]
        self.messages.append(
            _("Row %(row)s, column %(column)s: %(problem)s")
            % {"row": self.row, "column": column, "problem": problem}
        )

    def read[T](self, row: SheetRow, column: Column, reader: Callable[[Value], T], default: T) -> T:
        """The cell read by ``reader``; ``default`` when empty (a problem if required)."""
        if column.name in row.problems:
            self.add(column.name, row.problems[column.name])
            return default
        value = row.values.get(column.name)
        if value is None:
            if column.required:
                self.add(column.name, _("this cell must be filled in"))
            return default
        try:
            return reader(value)
        except CellError as error:
            self.add(column.name, error.problem)
            return default


def fold(text: str) -> str:
    """Lower case without accents: how coded words are compared."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def text(max_length: int) -> Callable[[Value], str]:
    def read(value: Value) -> str:
        result = str(value).strip()
        if len(result) > max_length:
            raise CellError(
                _("this text is too long (at most %(max)s characters)") % {"max": max_length}
            )
        return result

    return read


name_text = text(limits.NAME_MAX)
long_text = text(limits.LONG_TEXT_MAX)


DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")


def date(value: Value) -> datetime.date:
    """A real Excel date, or ``31-12-2025``, ``31/12/2025``, ``2025-12-31``."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        day = _date_from_text(str(value).strip().split(" ")[0])
    if not limits.DATE_MIN <= day <= limits.DATE_MAX:
        raise CellError(_("this date is not possible"))
    return day


def _date_from_text(value: str) -> datetime.date:
    for format_ in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, format_).date()
        except ValueError:
            continue
    raise CellError(_("enter a date, such as 31-12-2025"))


def past_date(value: Value) -> datetime.date:
    day = date(value)
    if day > datetime.date.today():
        raise CellError(_("this date is in the future"))
    return day


YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar"}


def yes_no(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(str(value))
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("write ja or nee"))


RELATIONS = {
    "moeder": Caregiver.Relation.MOTHER,
    "vader": Caregiver.Relation.FATHER,
    "ouder": Caregiver.Relation.PARENT,
    "verzorger": Caregiver.Relation.GUARDIAN,
    "voogd": Caregiver.Relation.GUARDIAN,
    "grootouder": Caregiver.Relation.GRANDPARENT,
    "oma": Caregiver.Relation.GRANDPARENT,
    "opa": Caregiver.Relation.GRANDPARENT,
    "pleegouder": Caregiver.Relation.FOSTER_PARENT,
    "pleegmoeder": Caregiver.Relation.FOSTER_PARENT,
    "pleegvader": Caregiver.Relation.FOSTER_PARENT,
    "anders": Caregiver.Relation.OTHER,
}
RELATION_WORDS = ("moeder", "vader", "ouder", "verzorger", "grootouder", "pleegouder", "anders")


def relation(value: Value) -> str:
    found = RELATIONS.get(fold(str(value)))
    if found is None:
        raise CellError(_("choose one of: %(words)s") % {"words": ", ".join(RELATION_WORDS)})
    return str(found)


def postcode(value: Value) -> str:
    try:
        return clean_postcode(str(value))
    except ValidationError as error:
        raise CellError(str(error.messages[0])) from None


def phone(value: Value) -> str:
    number = str(value)
    if isinstance(value, int) and not number.startswith("0"):
        number = "0" + number  # Excel drops the leading zero of a phone number typed as one
    try:
        return clean_phone(number)
    except ValidationError as error:
        raise CellError(str(error.messages[0])) from None


def email(value: Value) -> str:
    address = str(value).strip()
    try:
        validate_email(address)
    except ValidationError:
        raise CellError(_("enter a valid e-mail address, such as naam@voorbeeld.nl")) from None
    return address


def house_number(value: Value) -> str:
    number = str(value).strip()
    if not re.fullmatch(r"\d{1,5}\s?[-\w ]{0,5}", number):
        raise CellError(_("enter a house number, such as 12 or 12a"))
    return number


def whole_number(low: int, high: int) -> Callable[[Value], int]:
    def read(value: Value) -> int:
        if isinstance(value, bool) or not re.fullmatch(r"\d{1,4}", str(value).strip()):
            raise CellError(_("enter a whole number"))
        number = int(str(value).strip())
        if not low <= number <= high:
            raise CellError(
                _("enter a number from %(low)s to %(high)s") % {"low": low, "high": high}
            )
        return number

    return read


# Dutch and English names of the languages, and their codes.
LANGUAGE_WORDS = {
    "nederlands": "nl",
    "engels": "en",
    "arabisch": "ar",
    "turks": "tr",
    "pools": "pl",
    "oekraiens": "uk",
    "tigrinya": "ti",
    "tigrinia": "ti",
    "somalisch": "so",
    "perzisch": "fa",
    "farsi": "fa",
    "dari": "fa",
    "koerdisch": "ku",
    "tamazight": "zgh",
    "berbers": "zgh",
    "spaans": "es",
    "portugees": "pt",
    "frans": "fr",
    "duits": "de",
    "limburgs": "li",
    "fries": "fy",
    "papiaments": "pap",
    "sranantongo": "srn",
    "sranan tongo": "srn",
    "bulgaars": "bg",
    "roemeens": "ro",
    "russisch": "ru",
    "chinees": "zh",
    "anders": "other",
    "andere taal": "other",
}


def languages(value: Value) -> list[str]:
    codes: list[str] = []
    for part in re.split(r"[,;/]| en ", str(value)):
        word = fold(part)
        if not word:
            continue
        code = word if word in LANGUAGES else LANGUAGE_WORDS.get(word)
        if code is None:
            english = {fold(str(name)): c for c, name in LANGUAGES.items()}
            code = english.get(word)
        if code is None:
            raise CellError(_("unknown language: %(word)s") % {"word": part.strip()})
        if code not in codes:
            codes.append(code)
    if len(codes) > limits.LANGUAGES_MAX:
        raise CellError(_("at most %(max)s languages") % {"max": limits.LANGUAGES_MAX})
    return codes


def municipality_reader(organisation_id: Any) -> Callable[[Value], Municipality]:
    """A gemeente the organisation serves, by name or CBS code (``GM0928`` or ``0928``)."""
    served = list(Municipality.objects.filter(organisations__id=organisation_id))
    by_word: dict[str, Municipality] = {}
    for municipality in served:
        by_word[fold(municipality.name)] = municipality
        by_word[municipality.code.casefold()] = municipality
        by_word[municipality.code[2:]] = municipality

    def read(value: Value) -> Municipality:
        word = fold(str(value))
        if isinstance(value, int):
            word = f"{value:04d}"
        found = by_word.get(word)
        if found is None:
            raise CellError(
                _("your organisation does not serve this municipality (name or CBS code)")
            )
        return found

    return read
