"""Reads of placements for the coordinator's pages and the API.

Visibility comes from ``access.placements``; the fields from ``access.fields``. Every
function returns read models and logs, through ``audit.events.placements``, one line per
object shown naming exactly the fields its read model holds. Fetching a placement in
order to change it is ``access.placements.placement_for_change``: not a read, not logged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from gezinsaanpak.access import families as family_access
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.fields import (
    FAMILY_IN_LISTS,
    FAMILY_ON_PLACEMENT,
    MEETING_FIELDS,
    entity_fields,
)
from gezinsaanpak.access.lookup import one_or_404
from gezinsaanpak.access.roles import Capability, can
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Concern, CoordinatorMeeting, Family, Placement
from gezinsaanpak.models.audit import Action
from gezinsaanpak.models.programme import AgeRange, Programme, age_range

from .concerns import concern_record, with_concern_family
from .paging import page_of
from .placement_details import placement_page as placement_page
from .placement_records import (
    coordinating,
    counted_progress,
    family_fields,
    family_record,
    placement_fields,
    placement_record,
    with_family,
    with_visit_counts,
)
from .read_models import Record, record

# What each page shows of a placement and of its family.
WAITING = ("sign_up_date", "referred_by", "status")
LISTED = ("kind", "volunteer", "status", "stop_reason", "start_date", "planned_visits")
API = (
    "kind",
    "status",
    "volunteer",
    "sign_up_date",
    "weekday",
    "visit_time",
    "planned_visits",
    "interval_weeks",
    "start_date",
    "end_date",
    "stop_reason",
)
FAMILY_NAME = family_fields(FAMILY_IN_LISTS, caregiver=("given_name", "family_name"))


@dataclass(frozen=True)
class WaitingRow:
    placement: Record
    waiting_days: int
    eligible: bool
    took_part_before: bool


def _eligible(placement: Placement, ages: AgeRange, on: datetime.date) -> bool:
    return any(ages.admits_age(c.age_in_years(on)) for c in placement.family.children.all())


def _took_part_before(placements: list[Placement]) -> set[UUID]:
    """The families among ``placements`` with an earlier regular placement (one query)."""
    return set(
        Placement.objects.filter(
            family__in=[p.family_id for p in placements],
            kind=Placement.Kind.REGULAR,
            status__in=Placement.ENDED,
        ).values_list("family_id", flat=True)
    )


def waiting_list(user: User) -> list[WaitingRow]:
    """Families waiting for VoorleesExpress, longest waiting first; one age rule, one query."""
    waiting = coordinating(user).filter(
        kind=Placement.Kind.REGULAR, status__in=(Placement.Status.WAITING, Placement.Status.INTAKE)
    )
    placements = list(with_family(waiting).order_by("sign_up_date", "id"))
    on = timezone.localdate()
    ages = age_range(user.organisation_id, Programme.VOORLEESEXPRESS)
    earlier = _took_part_before(placements)
    fields = placement_fields(user, WAITING)
    rows = [
        WaitingRow(
            placement=placement_record(p, fields, FAMILY_IN_LISTS),
            waiting_days=p.waiting_days(on),
            eligible=_eligible(p, ages, on),
            took_part_before=p.family.second_participation or p.family_id in earlier,
        )
        for p in placements
    ]
    events.placements_viewed(user, [row.placement for row in rows])
    return rows


def _listed(user: User, placements: list[Placement]) -> list[Record]:
    fields = placement_fields(user, LISTED)
    return [
        placement_record(p, fields, FAMILY_NAME, extra={"progress": counted_progress(p)})
        for p in placements
    ]


def coordinator_placements(
    user: User, *, status: str | None = None, page: int | str | None = 1
) -> tuple[Page[Placement], list[Record]]:
    """One page of the organisation's placements past the waiting list, newest first."""
    placements = coordinating(user).exclude(
        status__in=(Placement.Status.WAITING, Placement.Status.INTAKE)
    )
    if status:
        placements = placements.filter(status=status)
    ordered = with_visit_counts(with_family(placements)).order_by("-start_date", "id")
    found = page_of(ordered, page)
    rows = _listed(user, list(found.object_list))
    events.placements_viewed(user, rows)
    return found, rows


@dataclass(frozen=True)
class Dashboard:
    concerns: list[Record]
    meetings: list[Record]
    behind: list[Record]


def _concern_records(user: User, concerns: QuerySet[Concern]) -> list[Record]:
    """With the family's name: a concern card says which family it is about."""
    shown = {"raised_by", "raised_at", "text"}
    return [concern_record(user, c, shown) for c in with_concern_family(concerns)]


def _meeting_records(user: User, meetings: list[CoordinatorMeeting]) -> list[Record]:
    fields = entity_fields(MEETING_FIELDS, user.role, "meeting").only({"moment", "due_on"})
    return [
        record(
            m,
            fields,
            family_id=m.placement.family_id,
            extra={"placement_id": m.placement_id, "overdue": m.overdue},
        )
        for m in meetings
    ]


def dashboard(user: User, *, within_days: int = 14) -> Dashboard:
    """Open concerns, meetings due within ``within_days``, and visits without a log."""
    placements = coordinating(user)
    concerns = Concern.objects.filter(placement__in=placements, handled_at__isnull=True)
    until = timezone.localdate() + datetime.timedelta(days=within_days)
    meetings = CoordinatorMeeting.objects.filter(
        placement__in=placements.filter(status=Placement.Status.ACTIVE),
        held_on__isnull=True,
        due_on__lte=until,
    )
    active = with_visit_counts(with_family(placements.filter(status=Placement.Status.ACTIVE)))
    behind = [p for p in active.order_by("start_date", "id") if counted_progress(p).missing_logs]
    page = Dashboard(
        concerns=_concern_records(user, concerns),
        meetings=_meeting_records(user, list(meetings.select_related("placement"))),
        behind=_listed(user, behind),
    )
    events.placements_viewed(user, [*page.concerns, *page.meetings, *page.behind])
    return page


def open_concern_count(user: User) -> int:
    """For the start page: a number only, so no concern text is read (nor logged)."""
    if not can(user, Capability.HANDLE_CONCERN):
        return 0
    placements = placement_access.placements_visible_to(user)
    return Concern.objects.filter(placement__in=placements, handled_at__isnull=True).count()


def signup_page(user: User, family_id: UUID | str) -> Record:
    """The family a coordinator is about to sign up: its name and whether it took part."""
    if not can(user, Capability.SIGN_UP_VOORLEESEXPRESS):
        raise Http404
    family = family_access.family_for(user, family_id)
    family = Family.objects.prefetch_related("caregivers").get(pk=family.pk)
    fields = family_fields(
        FAMILY_IN_LISTS, family=("second_participation",), caregiver=("given_name", "family_name")
    )
    shown = family_record(family, fields)
    events.placements_viewed(user, [shown], Action.READ)
    return shown


@dataclass(frozen=True)
class MatchPage:
    placement: Record
    suggested: list[Any]


def match_page(user: User, placement: Placement, suggested: list[Any]) -> MatchPage:
    """The match page of a placement the caller fetched for change; logs what it shows."""
    fields = placement_fields(user, ("status", "weekday", "visit_time", "start_date"))
    family = family_fields(
        FAMILY_IN_LISTS, family=("home_languages",), caregiver=("given_name", "family_name")
    )
    shown = placement_record(next(iter(with_family(_one(placement)))), fields, family)
    events.placements_viewed(user, [shown], Action.READ)
    return MatchPage(shown, suggested)


def _one(placement: Placement) -> QuerySet[Placement]:
    return Placement.objects.filter(pk=placement.pk)


# The API ----------------------------------------------------------------------------------


def _api_visible(user: User) -> QuerySet[Placement]:
    if not (can(user, Capability.MATCH) or can(user, Capability.READ_AS_VOLUNTEER)):
        raise Http404
    return placement_access.placements_visible_to(user)


def _api_record(user: User, placement: Placement) -> Record:
    extra = {"visits_held": counted_progress(placement).held}
    return placement_record(
        placement, placement_fields(user, API), FAMILY_ON_PLACEMENT, extra=extra
    )


def placement_api_page(
    user: User, *, page: int | str | None, status: str | None = None
) -> tuple[Page[Placement], list[Record]]:
    """``/api/v1/placements/``: every placement ``user`` may see, page by page (strict)."""
    placements = _api_visible(user)
    if status:
        placements = placements.filter(status=status)
    ordered = with_visit_counts(with_family(placements)).order_by("sign_up_date", "id")
    found = page_of(ordered, page, strict=True)
    rows = [_api_record(user, p) for p in found.object_list]
    events.placements_viewed(user, rows)
    return found, rows


def placement_api_get(user: User, placement_id: UUID | str) -> Record:
    # Missing and forbidden alike: 404.
    placement = one_or_404(with_visit_counts(with_family(_api_visible(user))), placement_id)
    shown = _api_record(user, placement)
    events.placements_viewed(user, [shown], Action.READ)
    return shown
