"""Importing volunteers: an account (role volunteer, no usable password: an invitation
sets one) and the volunteer profile. A row is "already present" when a volunteer of the
organisation has this e-mail address."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from gezinsaanpak.access.imports import existing_account, is_volunteer, volunteer_role
from gezinsaanpak.audit.events import imports as events

from . import import_cells as cells
from .errors import ServiceError
from .import_cells import Column, Problems
from .import_files import SheetRow
from .volunteers import volunteer_profile_save

C = Column
EMAIL = C("E-mail", gettext_lazy("E-mail address: the volunteer logs in with it."), "", True)
GIVEN_NAME = C("Voornaam", gettext_lazy("First name."), "Henk", True)
FAMILY_NAME = C("Achternaam", gettext_lazy("Family name."), "Bos")
VOG = C("VOG datum", gettext_lazy("Date of issue of the VOG (certificate of conduct)."), "")
TRAINING = C(
    "Training Interactief Voorlezen",
    gettext_lazy("Date the training Interactief Voorlezen was completed."),
    "",
)
LANGUAGES = C("Talen", gettext_lazy("Languages, separated by commas."), "Nederlands")
AREA = C("Postcode cijfers", gettext_lazy("The 4 digits of the postcode of their area."), "6461")
CAPACITY = C(
    "Aantal gezinnen", gettext_lazy("How many families at the same time (1 to 6). Empty: 1."), 1
)
ACTIVE = C("Actief", gettext_lazy("ja or nee. Empty: ja."), "ja", choices=("ja", "nee"))

COLUMNS = (EMAIL, GIVEN_NAME, FAMILY_NAME, VOG, TRAINING, LANGUAGES, AREA, CAPACITY, ACTIVE)


def _area(value: object) -> str:
    digits = str(value).strip()
    if not (len(digits) == 4 and digits.isdigit()):
        raise cells.CellError(_("enter the 4 digits of a postcode, such as 6461"))
    return digits


@dataclass
class VolunteerRecord:
    row: int
    email: str
    name: str
    profile: dict[str, Any]

    @property
    def key(self) -> str:
        return self.email.casefold()


class Reader:
    def __init__(self, organisation_id: UUID) -> None:
        self.organisation_id = organisation_id

    def parse(self, row: SheetRow, problems: Problems) -> VolunteerRecord | None:
        read = problems.read
        email = read(row, EMAIL, cells.email, "")
        given = read(row, GIVEN_NAME, cells.name_text, "")
        family = read(row, FAMILY_NAME, cells.name_text, "")
        no_day: datetime.date | None = None
        no_languages: list[str] = []
        profile = {
            "vog_issued_on": read(row, VOG, cells.past_date, no_day),
            "training_on": read(row, TRAINING, cells.past_date, no_day),
            "languages": read(row, LANGUAGES, cells.languages, no_languages),
            "area": read(row, AREA, _area, ""),
            "capacity": read(row, CAPACITY, cells.whole_number(1, 6), 1),
            "active": read(row, ACTIVE, cells.yes_no, True),
        }
        account = existing_account(email) if email else None
        if account is not None and not self._is_ours(account):
            problems.add(EMAIL.name, _("this e-mail address belongs to another account"))
        if problems.messages:
            return None
        return VolunteerRecord(row.number, email, f"{given} {family}".strip(), profile)

    def _is_ours(self, account: User) -> bool:
        return account.organisation_id == self.organisation_id and is_volunteer(account)

    def present(self, record: VolunteerRecord) -> bool:
        account = existing_account(record.email)
        return account is not None and self._is_ours(account)

    def warnings(self, record: VolunteerRecord) -> list[str]:
        return []


def apply(actor: User, record: VolunteerRecord) -> None:
    """The account, then the profile through the register's own service."""
    if existing_account(record.email) is not None:
        raise ServiceError(_("This e-mail address belongs to another account."))
    user = User.objects.create_user(
        record.email,
        None,  # an unusable password: the invitation lets them choose one
        name=record.name,
        organisation_id=actor.organisation_id,
        role=volunteer_role(),
    )
    events.account_created(actor, user)
    volunteer_profile_save(actor=actor, volunteer=user, data=record.profile)
