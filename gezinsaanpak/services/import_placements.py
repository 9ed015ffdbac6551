"""Importing running VoorleesExpress placements with the visits held so far.

The family is found by postcode, house number and family name (blind indexes), the
volunteer by e-mail. The placement goes through the ordinary lifecycle (sign-up, match,
start: the volunteer's grant follows), then the visits held are recorded. A row is
"already present" when the family has a placement with this volunteer and start date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from uuid import UUID

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from gezinsaanpak.access.imports import volunteer_candidate
from gezinsaanpak.models import Family, Placement, VolunteerProfile
from gezinsaanpak.selectors.duplicates import same_family_ids

from . import import_cells as cells
from .import_cells import CellError, Column, Problems
from .import_files import SheetRow, Value
from .placements import placement_match, placement_signup, placement_start
from .visits import visits_import

C = Column
POSTCODE = C("Postcode", gettext_lazy("Postcode of the family."), "6461 AB", True)
HOUSE_NUMBER = C("Huisnummer", gettext_lazy("House number of the family."), "10", True)
FAMILY_NAME = C(
    "Achternaam", gettext_lazy("Family name of a parent of the family."), "Jansen", True
)
VOLUNTEER = C("E-mail vrijwilliger", gettext_lazy("E-mail address of the volunteer."), "", True)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
WEEKDAY = C("Weekdag", gettext_lazy("Day of the weekly visit."), "dinsdag", True, WEEKDAYS)
TIME = C("Tijd", gettext_lazy("Time of the visit, such as 15:30."), "15:30", True)
START = C("Startdatum", gettext_lazy("Date of the first visit."), "07-10-2025", True)
VISITS = C(
    "Bezoeken gehouden",
    gettext_lazy(
        "Visits held so far: a number (counted from the start date, weekly), "
        "or their dates separated by commas."
    ),
    6,
)

COLUMNS = (POSTCODE, HOUSE_NUMBER, FAMILY_NAME, VOLUNTEER, WEEKDAY, TIME, START, VISITS)


@dataclass
class PlacementRecord:
    row: int
    family: Family
    volunteer: User
    weekday: int
    visit_time: datetime.time
    start_date: datetime.date
    held: int = 0
    dates: list[datetime.date] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, datetime.date]:
        return (str(self.family.pk), str(self.volunteer.pk), self.start_date)


def weekday(value: Value) -> int:
    word = cells.fold(str(value))
    for number, name in enumerate(WEEKDAYS):
        if word in (name, name[:2], name[:3]):
            return number
    raise CellError(_("choose one of: %(words)s") % {"words": ", ".join(WEEKDAYS)})


def visit_time(value: Value) -> datetime.time:
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(value).strip())
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return datetime.time(int(match.group(1)), int(match.group(2)))
    raise CellError(_("enter a time, such as 15:30"))


def held_visits(value: Value) -> tuple[int, list[datetime.date]]:
    """A number of visits, or the dates they were held on."""
    if isinstance(value, int) and not isinstance(value, bool):
        return cells.whole_number(0, 40)(value), []
    if isinstance(value, datetime.date):
        return 1, [cells.past_date(value)]
    parts = [p for p in re.split(r"[,;]", str(value)) if p.strip()]
    if len(parts) == 1 and parts[0].strip().isdigit():
        return cells.whole_number(0, 40)(parts[0].strip()), []
    dates = sorted({cells.past_date(p.strip()) for p in parts})
    if len(dates) > 40:
        raise CellError(_("at most 40 visits"))
    return len(dates), dates


class Reader:
    def __init__(self, organisation_id: UUID) -> None:
        self.organisation_id = organisation_id

    def family(self, row: SheetRow, problems: Problems) -> Family | None:
        postcode = problems.read(row, POSTCODE, cells.postcode, "")
        number = problems.read(row, HOUSE_NUMBER, cells.house_number, "")
        name = problems.read(row, FAMILY_NAME, cells.name_text, "")
        if not (postcode and number and name):
            return None
        ids = same_family_ids(
            organisation_id=self.organisation_id,
            postcode=postcode,
            house_number=number,
            family_name=name,
        )
        if len(ids) != 1:
            problem = (
                _("no family found with this postcode, house number and family name")
                if not ids
                else _("more than one family has this postcode, house number and family name")
            )
            problems.add(FAMILY_NAME.name, problem)
            return None
        return Family.objects.get(pk=ids.pop())

    def volunteer(self, value: Value) -> User:
        found = volunteer_candidate(self.organisation_id, cells.email(value))
        if found is None:
            raise CellError(_("no volunteer of your organisation has this e-mail address"))
        profile = VolunteerProfile.objects.filter(user=found).first()
        if profile is None or not profile.may_be_matched():
            raise CellError(_("this volunteer needs a valid VOG and the training first"))
        return found

    def parse(self, row: SheetRow, problems: Problems) -> PlacementRecord | None:
        read = problems.read
        family = self.family(row, problems)
        volunteer = read(row, VOLUNTEER, self.volunteer, None)
        day = read(row, WEEKDAY, weekday, 0)
        at = read(row, TIME, visit_time, datetime.time(0, 0))
        start = read(row, START, cells.past_date, None)
        none_held: tuple[int, list[datetime.date]] = (0, [])
        held, dates = read(row, VISITS, held_visits, none_held)
        if start and dates and dates[0] < start - datetime.timedelta(days=7):
            problems.add(VISITS.name, _("a visit is before the start date"))
        if problems.messages or family is None or volunteer is None or start is None:
            return None
        return PlacementRecord(row.number, family, volunteer, day, at, start, held, dates)

    def present(self, record: PlacementRecord) -> bool:
        return Placement.objects.filter(
            family=record.family, volunteer=record.volunteer, start_date=record.start_date
        ).exists()

    def warnings(self, record: PlacementRecord) -> list[str]:
        return []


def apply(actor: User, record: PlacementRecord) -> None:
    placement = placement_signup(
        actor=actor,
        family=record.family,
        sign_up_date=min(record.start_date, datetime.date.today()),
        children=record.family.children.all(),
    )
    placement_match(
        actor=actor,
        placement=placement,
        volunteer=record.volunteer,
        weekday=record.weekday,
        visit_time=record.visit_time,
        start_date=record.start_date,
    )
    placement_start(actor=actor, placement=placement)
    dates = record.dates or _counted(placement, record.held)
    visits_import(actor=actor, placement=placement, dates=dates)


def _counted(placement: Placement, held: int) -> list[datetime.date]:
    today = datetime.date.today()
    return [day for day in placement.planned_dates()[:held] if day <= today]
