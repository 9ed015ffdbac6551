"""Reads of placements. Volunteers see only their active placements, and only the visit
field set of those families; coordinators see their organisation. Every read is logged."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from gezinsaanpak import access
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import (
    Caregiver,
    Child,
    Concern,
    CoordinatorMeeting,
    Placement,
    Visit,
)
from gezinsaanpak.models.audit import Action
from gezinsaanpak.models.programme import AgeRange, Programme, age_range

# What the coordinator's lists show of a family (logged by name).
LIST_FIELDS = (
    "caregiver.family_name",
    "caregiver.given_name",
    "child.birth_month",
    "family.home_languages",
    "family.postcode",
)


def log_placement_reads(
    user: User, placements: Sequence[Placement], *, action: str, fields: Sequence[str]
) -> None:
    """One line per family touched, naming the fields shown (never their values)."""
    entries = [access_log.Entry("placement", p.pk, p.family_id, sorted(fields)) for p in placements]
    if entries:
        with transaction.atomic():
            access_log.record_many(actor=user, action=action, entries=entries)


def _with_family(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.select_related("family", "volunteer", "coordinator").prefetch_related(
        Prefetch("family__caregivers", queryset=Caregiver.objects.order_by("created_at", "id")),
        Prefetch("family__children", queryset=Child.objects.order_by("birth_month", "id")),
    )


def _volunteer_active(user: User) -> QuerySet[Placement]:
    """A volunteer's active placements, on families the access layer lets them see."""
    if user.role != Role.VOLUNTEER:
        return Placement.objects.none()
    visible = access.families_visible_to(user).values("pk")
    return Placement.objects.filter(
        volunteer=user, status=Placement.Status.ACTIVE, family__in=visible
    )


def _coordinated(user: User) -> QuerySet[Placement]:
    if user.role != Role.COORDINATOR or user.organisation_id is None:
        return Placement.objects.none()
    return Placement.objects.filter(organisation_id=user.organisation_id)


def placements_visible_to(user: User) -> QuerySet[Placement]:
    if user.role == Role.VOLUNTEER:
        return _volunteer_active(user)
    return _coordinated(user)


def volunteer_placements(user: User) -> list[Placement]:
    """ "Mijn gezinnen": the volunteer's active placements, with the visit field set."""
    placements = list(_with_family(_volunteer_active(user)).order_by("weekday", "visit_time"))
    log_placement_reads(user, placements, action=Action.LIST, fields=access.VISIT.names())
    return placements


def placement_get(user: User, placement_id: UUID | str) -> Placement:
    """One placement, or 404: the same for missing, ended and not yours."""
    try:
        placement = _with_family(placements_visible_to(user)).get(pk=placement_id)
    except (Placement.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
    fields = access.VISIT.names()
    if user.role == Role.COORDINATOR:
        fields += ["caregiver.family_name", "child.birth_month"]
    log_placement_reads(user, [placement], action=Action.READ, fields=fields)
    return placement


def placement_page(user: User, *, status: str | None = None) -> list[Placement]:
    """Placements for the API list: the coordinator's organisation or the volunteer's own."""
    placements = placements_visible_to(user)
    if status:
        placements = placements.filter(status=status)
    found = list(_with_family(placements).order_by("sign_up_date", "id")[:200])
    log_placement_reads(user, found, action=Action.LIST, fields=access.VISIT.names())
    return found


def visits_of(placement: Placement) -> list[Visit]:
    """The caller got ``placement`` from :func:`placement_get`, which applied access."""
    return list(placement.visits.all())


@dataclass(frozen=True)
class Progress:
    planned: int
    held: int
    logged: int
    due_by_now: int
    next_visit: datetime.date | None

    @property
    def missing_logs(self) -> int:
        return max(0, self.due_by_now - self.logged)


def progress(placement: Placement, on: datetime.date | None = None) -> Progress:
    """Held versus planned, and how many planned visits have no log yet."""
    on = on or timezone.localdate()
    dates = placement.planned_dates()
    counts = placement.visits.aggregate(
        logged=Count("id"), held=Count("id", filter=Q(status=Visit.Status.HELD))
    )
    ended = placement.status in Placement.ENDED
    return Progress(
        planned=placement.planned_visits,
        held=counts["held"],
        logged=counts["logged"],
        due_by_now=0 if ended else sum(1 for d in dates if d < on),
        next_visit=None if ended else next((d for d in dates if d >= on), None),
    )


@dataclass(frozen=True)
class WaitingRow:
    placement: Placement
    waiting_days: int
    eligible: bool
    took_part_before: bool


def _eligible(placement: Placement, ages: AgeRange, on: datetime.date) -> bool:
    return any(ages.admits_age(c.age_in_years(on)) for c in placement.family.children.all())


def waiting_list(user: User) -> list[WaitingRow]:
    """Families waiting for VoorleesExpress, longest waiting first."""
    if user.role != Role.COORDINATOR:
        raise Http404
    on = timezone.localdate()
    waiting = _with_family(
        _coordinated(user).filter(
            kind=Placement.Kind.REGULAR,
            status__in=(Placement.Status.WAITING, Placement.Status.INTAKE),
        )
    ).order_by("sign_up_date", "id")
    placements = list(waiting)
    ages = age_range(user.organisation_id, Programme.VOORLEESEXPRESS)
    earlier = set(
        Placement.objects.filter(
            family__in=[p.family_id for p in placements],
            kind=Placement.Kind.REGULAR,
            status__in=Placement.ENDED,
        ).values_list("family_id", flat=True)
    )
    rows = [
        WaitingRow(
            placement=p,
            waiting_days=p.waiting_days(on),
            eligible=_eligible(p, ages, on),
            took_part_before=p.family.second_participation or p.family_id in earlier,
        )
        for p in placements
    ]
    log_placement_reads(user, placements, action=Action.LIST, fields=LIST_FIELDS)
    return rows


def coordinator_placements(user: User, *, status: str | None = None) -> list[Placement]:
    if user.role != Role.COORDINATOR:
        raise Http404
    placements = _coordinated(user).exclude(
        status__in=(Placement.Status.WAITING, Placement.Status.INTAKE)
    )
    if status:
        placements = placements.filter(status=status)
    found = list(_with_family(placements).order_by("-start_date", "id")[:200])
    log_placement_reads(user, found, action=Action.LIST, fields=LIST_FIELDS)
    return found


def open_concerns(user: User) -> list[Concern]:
    """Unhandled concerns of the coordinator's organisation; reading the text is logged."""
    if user.role != Role.COORDINATOR or user.organisation_id is None:
        return []
    concerns = list(
        Concern.objects.filter(
            placement__organisation_id=user.organisation_id, handled_at__isnull=True
        ).select_related("placement", "raised_by")
    )
    log_placement_reads(
        user, [c.placement for c in concerns], action=Action.READ, fields=["concern.text"]
    )
    return concerns


def concern_get(user: User, concern_id: UUID | str) -> Concern:
    try:
        return Concern.objects.select_related("placement").get(
            pk=concern_id, placement__in=_coordinated(user)
        )
    except (Concern.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def meetings_due(user: User, *, within_days: int = 14) -> list[CoordinatorMeeting]:
    """Meetings not held yet that are overdue or due within ``within_days``."""
    if user.role != Role.COORDINATOR:
        return []
    until = timezone.localdate() + datetime.timedelta(days=within_days)
    return list(
        CoordinatorMeeting.objects.filter(
            placement__in=_coordinated(user).filter(status=Placement.Status.ACTIVE),
            held_on__isnull=True,
            due_on__lte=until,
        ).select_related("placement")
    )


def meeting_get(placement: Placement, meeting_id: UUID | str) -> CoordinatorMeeting:
    try:
        return placement.meetings.get(pk=meeting_id)
    except (CoordinatorMeeting.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def open_concern_count(user: User) -> int:
    """For the start page: a number only, so no concern text is read (nor logged)."""
    if user.role != Role.COORDINATOR or user.organisation_id is None:
        return 0
    return Concern.objects.filter(
        placement__organisation_id=user.organisation_id, handled_at__isnull=True
    ).count()
