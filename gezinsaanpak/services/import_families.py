"""Importing families: one row is one family with up to two caregivers and two children.

A row is "already present" when the organisation has a family at the same postcode and
house number with a caregiver of the same family name (blind indexes, then the few
candidates compared). Other families at the same address, or with the same family name
and a child's date of birth, are possible duplicates: reported, and still imported.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from gezinsaanpak.access.imports import case_owner_candidate
from gezinsaanpak.models import Family
from gezinsaanpak.models.consent import Consent
from gezinsaanpak.privacy.normalize import normalize
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.selectors.duplicates import duplicate_family_ids, same_family_ids

from . import import_cells as cells
from .consent import consent_record
from .families import family_create
from .family_access import family_assign_owner
from .import_cells import CellError, Column, Problems
from .import_files import SheetRow, Value

C = Column
FAMILY_NAME = C("Achternaam", gettext_lazy("Family name of the first parent."), "Jansen", True)
GIVEN_NAME = C("Voornaam ouder", gettext_lazy("First name of the first parent."), "Fatima", True)
RELATION = C(
    "Relatie",
    gettext_lazy("How the first parent is related to the children."),
    "moeder",
    choices=cells.RELATION_WORDS,
)
AUTHORITY = C(
    "Ouderlijk gezag",
    gettext_lazy("Does the first parent have parental authority? Empty: ja."),
    "ja",
    choices=("ja", "nee"),
)
GIVEN_NAME_2 = C("Voornaam ouder 2", gettext_lazy("First name of a second parent."), "")
FAMILY_NAME_2 = C("Achternaam ouder 2", gettext_lazy("Family name of a second parent."), "")
POSTCODE = C("Postcode", gettext_lazy("Dutch postcode, such as 1234 AB."), "6461 AB", True)
HOUSE_NUMBER = C("Huisnummer", gettext_lazy("House number with any addition."), "12a", True)
STREET = C("Straat", gettext_lazy("Street name."), "Markt")
CITY = C("Plaats", gettext_lazy("Town or city."), "Kerkrade")
PHONE = C("Telefoon", gettext_lazy("Phone number, such as 06 12345678."), "06 12345678")
EMAIL = C("E-mail", gettext_lazy("E-mail address of the family."), "")
MUNICIPALITY = C(
    "Gemeente",
    gettext_lazy("Name or CBS code (GM0928) of a municipality your organisation serves."),
    "Kerkrade",
    True,
)
LANGUAGES = C(
    "Talen thuis",
    gettext_lazy("Languages spoken at home, separated by commas, such as Arabisch, Nederlands."),
    "Arabisch, Nederlands",
)
CHILD_1 = C("Voornaam kind 1", gettext_lazy("First name of the first child."), "Amira")
BIRTH_1 = C(
    "Geboortedatum kind 1",
    gettext_lazy("Date of birth, such as 31-12-2023."),
    "14-03-2023",
)
CHILD_2 = C("Voornaam kind 2", gettext_lazy("First name of a second child."), "")
BIRTH_2 = C("Geboortedatum kind 2", gettext_lazy("Date of birth of the second child."), "")
STATUS = C(
    "Status",
    gettext_lazy("aangemeld, intake or actief. Empty: intake."),
    "intake",
    choices=("aangemeld", "intake", "actief"),
)
CASE_OWNER = C(
    "Casushouder",
    gettext_lazy("E-mail address of the specialist who becomes the case owner."),
    "",
)
CONSENT = C(
    "Toestemming registratie",
    gettext_lazy(
        "Date on which a parent with parental authority agreed to registration (on paper)."
    ),
    "01-09-2025",
)
NOTES = C("Notities", gettext_lazy("Notes for the file."), "")

COLUMNS = (
    FAMILY_NAME,
    GIVEN_NAME,
    RELATION,
    AUTHORITY,
    GIVEN_NAME_2,
    FAMILY_NAME_2,
    POSTCODE,
    HOUSE_NUMBER,
    STREET,
    CITY,
    PHONE,
    EMAIL,
    MUNICIPALITY,
    LANGUAGES,
    CHILD_1,
    BIRTH_1,
    CHILD_2,
    BIRTH_2,
    STATUS,
    CASE_OWNER,
    CONSENT,
    NOTES,
)

STATUSES = {
    "aangemeld": Family.Status.REFERRED,
    "verwezen": Family.Status.REFERRED,
    "intake": Family.Status.INTAKE,
    "actief": Family.Status.ACTIVE,
}

# The version of the consent text an import records: the paper the family signed.
CONSENT_TEXT_VERSION = "import"


@dataclass
class FamilyRecord:
    row: int
    data: dict[str, Any]
    caregivers: list[dict[str, Any]]
    children: list[dict[str, Any]]
    status: str
    owner: User | None = None
    consent_on: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (
            normalize("postcode", self.data["postcode"]),
            normalize("text", self.data["house_number"]),
            normalize("text", self.caregivers[0]["family_name"]),
        )


class Reader:
    """Reads the rows of one file for one organisation."""

    def __init__(self, organisation_id: UUID) -> None:
        self.organisation_id = organisation_id
        self.municipality = cells.municipality_reader(organisation_id)

    def status(self, value: Value) -> str:
        found = STATUSES.get(cells.fold(str(value)))
        if found is None:
            raise CellError(_("choose one of: %(words)s") % {"words": "aangemeld, intake, actief"})
        return str(found)

    def owner(self, value: Value) -> User:
        owner = case_owner_candidate(self.organisation_id, cells.email(value))
        if owner is None:
            raise CellError(_("no specialist of your organisation has this e-mail address"))
        return owner

    def parse(self, row: SheetRow, problems: Problems) -> FamilyRecord | None:
        read = problems.read
        first = {
            "family_name": read(row, FAMILY_NAME, cells.name_text, ""),
            "given_name": read(row, GIVEN_NAME, cells.name_text, ""),
            "relation": read(row, RELATION, cells.relation, "parent"),
            "legal_authority": read(row, AUTHORITY, cells.yes_no, True),
        }
        caregivers = [first]
        second_given = read(row, GIVEN_NAME_2, cells.name_text, "")
        second_family = read(row, FAMILY_NAME_2, cells.name_text, "")
        if second_family and not second_given:
            problems.add(GIVEN_NAME_2.name, _("fill in the first name of the second parent"))
        if second_given:
            caregivers.append(
                {
                    "given_name": second_given,
                    "family_name": second_family or first["family_name"],
                    "relation": "parent",
                    "legal_authority": True,
                }
            )
        children = []
        for name_column, birth_column in ((CHILD_1, BIRTH_1), (CHILD_2, BIRTH_2)):
            given = read(row, name_column, cells.name_text, "")
            born = read(row, birth_column, cells.past_date, None)
            if given or born:
                if not given:
                    problems.add(name_column.name, _("fill in the first name of this child"))
                children.append({"given_name": given, "date_of_birth": born})
        no_languages: list[str] = []
        data: dict[str, Any] = {
            "postcode": read(row, POSTCODE, cells.postcode, ""),
            "house_number": read(row, HOUSE_NUMBER, cells.house_number, ""),
            "street": read(row, STREET, cells.text(200), ""),
            "city": read(row, CITY, cells.text(100), ""),
            "phone": read(row, PHONE, cells.phone, ""),
            "email": read(row, EMAIL, cells.email, ""),
            "municipality": read(row, MUNICIPALITY, self.municipality, None),
            "home_languages": read(row, LANGUAGES, cells.languages, no_languages),
            "notes": read(row, NOTES, cells.long_text, ""),
        }
        record = FamilyRecord(
            row=row.number,
            data=data,
            caregivers=caregivers,
            children=children,
            status=read(row, STATUS, self.status, str(Family.Status.INTAKE)),
            owner=read(row, CASE_OWNER, self.owner, None),
            consent_on=read(row, CONSENT, cells.past_date, None),
        )
        if record.consent_on and not first["legal_authority"]:
            problems.add(
                CONSENT.name,
                _("consent is given by a parent with parental authority (Ouderlijk gezag: ja)"),
            )
        return None if problems.messages else record

    def present(self, record: FamilyRecord) -> bool:
        return bool(
            same_family_ids(
                organisation_id=self.organisation_id,
                postcode=record.data["postcode"],
                house_number=record.data["house_number"],
                family_name=record.caregivers[0]["family_name"],
            )
        )

    def warnings(self, record: FamilyRecord) -> list[str]:
        possible = duplicate_family_ids(
            organisation_id=self.organisation_id,
            postcode=record.data["postcode"],
            house_number=record.data["house_number"],
            family_names=[c["family_name"] for c in record.caregivers],
            birth_dates=[c["date_of_birth"] for c in record.children if c["date_of_birth"]],
        )
        if not possible:
            return []
        return [
            _(
                "Row %(row)s: there is already a file at this address or with this family "
                "name and date of birth. Check afterwards whether it is the same family."
            )
            % {"row": record.row}
        ]


def apply(actor: User, record: FamilyRecord) -> None:
    """Create the family through the ordinary services (inside the caller's transaction)."""
    family = family_create(
        actor=actor,
        data=record.data,
        caregivers=record.caregivers,
        children=record.children,
        status=record.status,
    )
    if record.owner is not None and record.owner.pk != family.case_owner_id:
        family_assign_owner(actor=actor, family=family, owner=record.owner)
    if record.consent_on is not None:
        given_by = family.caregivers.filter(legal_authority=True).order_by("created_at").first()
        assert given_by is not None  # noqa: S101 - parse() demands parental authority
        moment = datetime.datetime.combine(record.consent_on, datetime.time(12, 0))
        consent_record(
            actor=actor,
            family=family,
            given_by=given_by,
            purpose=Purpose.REGISTRATION,
            text_version=CONSENT_TEXT_VERSION,
            method=Consent.Method.WRITTEN,
            given_at=timezone.make_aware(moment),
        )
