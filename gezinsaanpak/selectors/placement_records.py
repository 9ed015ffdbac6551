"""Read models of VoorleesExpress: what the placement pages and the API receive.

Each builder takes a model instance and a field set from ``access.fields`` and returns a
:class:`~gezinsaanpak.selectors.read_models.Record` holding only those values; the page's
log line is that record's ``field_names()``. Counts and derived values (progress, "took
part before", "overdue") go in ``extra``: they are not fields, and no value of a field the
set leaves out can reach them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.fields import PLACEMENT_FIELDS, FamilyFields, FieldSet, entity_fields
from gezinsaanpak.access.roles import Capability, can
from gezinsaanpak.models import Caregiver, Child, Family, Placement, Visit

from .read_models import Record, record, records


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


def progress_of(
    placement: Placement, *, held: int, logged: int, on: datetime.date | None = None
) -> Progress:
    """Held versus planned, and how many planned visits have no log yet (no query)."""
    on = on or timezone.localdate()
    dates = placement.planned_dates()
    ended = placement.status in Placement.ENDED
    return Progress(
        planned=placement.planned_visits,
        held=held,
        logged=logged,
        due_by_now=0 if ended else sum(1 for d in dates if d < on),
        next_visit=None if ended else next((d for d in dates if d >= on), None),
    )


def progress(placement: Placement, on: datetime.date | None = None) -> Progress:
    """:func:`progress_of` with the counts read from the database (one query)."""
    counts = placement.visits.aggregate(
        logged=Count("id"), held=Count("id", filter=Q(status=Visit.Status.HELD))
    )
    return progress_of(placement, held=counts["held"], logged=counts["logged"], on=on)


def with_family(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """The family, its caregivers and children and the volunteer, in four queries."""
    return placements.select_related("family", "volunteer").prefetch_related(
        Prefetch("family__caregivers", queryset=Caregiver.objects.order_by("created_at", "id")),
        Prefetch("family__children", queryset=Child.objects.order_by("birth_month", "id")),
    )


def with_visit_counts(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """Progress counts as columns, so a list runs no query per row."""
    return placements.annotate(
        visits_logged=Count("visits", distinct=True),
        visits_held=Count("visits", filter=Q(visits__status=Visit.Status.HELD), distinct=True),
    )


def counted_progress(placement: Placement) -> Progress:
    """The progress of a placement from :func:`with_visit_counts`."""
    held: int = getattr(placement, "visits_held", 0)
    logged: int = getattr(placement, "visits_logged", 0)
    return progress_of(placement, held=held, logged=logged)


def family_fields(
    base: FamilyFields,
    *,
    family: Iterable[str] = (),
    caregiver: Iterable[str] = (),
    child: Iterable[str] = (),
) -> FamilyFields:
    """A page's part of ``base``: never more than ``base`` holds."""
    return FamilyFields(
        base.family.only(family), base.caregiver.only(caregiver), base.child.only(child)
    )


def family_record(family: Family, fields: FamilyFields) -> Record:
    """The family with its caregivers and children, each under its own field set."""
    extra = {
        "caregivers": records(list(family.caregivers.all()), fields.caregiver, family_id=family.pk),
        "children": records(list(family.children.all()), fields.child, family_id=family.pk),
    }
    return record(family, fields.family, family_id=family.pk, extra=extra)


def placement_record(
    placement: Placement,
    fields: FieldSet,
    family: FamilyFields,
    *,
    extra: dict[str, Any] | None = None,
) -> Record:
    """A placement with its family (from :func:`with_family`) and any derived values."""
    values = {"family": family_record(placement.family, family), **(extra or {})}
    return record(placement, fields, family_id=placement.family_id, extra=values)


def placement_fields(user: User, names: Iterable[str] | None = None) -> FieldSet:
    """The placement fields ``user``'s role may see, or the part of them a page shows."""
    fields = entity_fields(PLACEMENT_FIELDS, user.role, "placement")
    return fields if names is None else fields.only(names)


def coordinating(user: User) -> QuerySet[Placement]:
    """The organisation's placements, for the coordinator's pages; anyone else: 404."""
    if not can(user, Capability.MATCH):
        raise Http404
    return placement_access.placements_visible_to(user)
