"""Reads for the volunteer's phone pages and the visits of a placement in the API.

A volunteer sees only their own active placements, and of those families only the visit
field set (``FAMILY_FIELDS`` of their role): the pages show parts of it and log exactly
those parts.
"""

from __future__ import annotations

from uuid import UUID

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.access import families as family_access
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.fields import VISIT_FIELDS, FamilyFields, FieldSet, entity_fields
from gezinsaanpak.access.lookup import one_or_404
from gezinsaanpak.access.roles import Capability, can
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Placement, Visit
from gezinsaanpak.models.audit import Action

from .paging import page_of
from .placement_records import (
    counted_progress,
    family_fields,
    placement_fields,
    placement_record,
    with_family,
    with_visit_counts,
)
from .read_models import Record, record

ON_TILES = ("weekday", "visit_time", "planned_visits")
VISITS_ON_PHONE = ("date", "status", "minutes", "books")
LAST_VISITS = 5


def _visiting(user: User) -> QuerySet[Placement]:
    """The volunteer's own active placements; anyone else finds nothing here."""
    if not can(user, Capability.READ_AS_VOLUNTEER):
        raise Http404
    return placement_access.placements_visible_to(user).filter(volunteer_id=user.pk)


def _family_set(user: User, placement: Placement) -> FamilyFields:
    return family_access.family_fields(user, placement.family)


def visit_fields(user: User) -> FieldSet:
    return entity_fields(VISIT_FIELDS, user.role, "visit")


def my_families(user: User) -> list[Record]:
    """'Mijn gezinnen': the given names on each tile, the day and time, the progress."""
    placements = with_visit_counts(with_family(_visiting(user))).order_by("weekday", "visit_time")
    fields = placement_fields(user, ON_TILES)
    tiles = [
        placement_record(
            p,
            fields,
            family_fields(_family_set(user, p), caregiver=("given_name",), child=("given_name",)),
            extra={"progress": counted_progress(p)},
        )
        for p in placements
    ]
    events.placements_viewed(user, tiles)
    return tiles


def family_visit_page(user: User, placement_id: UUID | str) -> Record:
    """One family of the volunteer: the visit field set, the plan and the last visits."""
    placement = one_or_404(with_visit_counts(with_family(_visiting(user))), placement_id)
    family = _family_set(user, placement)
    visits = list(placement.visits.all()[:LAST_VISITS])
    shown = placement_record(
        placement,
        placement_fields(user, ON_TILES),
        family,
        extra={
            "progress": counted_progress(placement),
            "visits": [
                record(v, visit_fields(user).only(VISITS_ON_PHONE), family_id=placement.family_id)
                for v in visits
            ],
        },
    )
    events.placements_viewed(user, [shown], Action.READ)
    return shown


def _api_visible(user: User) -> QuerySet[Placement]:
    if not (can(user, Capability.MATCH) or can(user, Capability.READ_AS_VOLUNTEER)):
        raise Http404
    return placement_access.placements_visible_to(user)


def visit_record(user: User, visit: Visit) -> Record:
    """A visit as the API returns it; not logged (the caller logged the write)."""
    return record(visit, visit_fields(user), family_id=visit.placement.family_id)


def visits_api_page(
    user: User, placement_id: UUID | str, *, page: int | str | None
) -> tuple[Page[Visit], list[Record]]:
    """The visits of one placement, newest first, page by page; one line per visit shown."""
    placement = one_or_404(_api_visible(user), placement_id)
    found = page_of(placement.visits.order_by("-date", "-created_at", "id"), page, strict=True)
    fields = visit_fields(user)
    rows = [record(v, fields, family_id=placement.family_id) for v in found.object_list]
    events.placements_viewed(user, rows)
    return found, rows
