"""Open concerns about a child, for the coordinator: the alert on every page and the page
where a concern is handled.

The alert goes to the placement's coordinator (or, for a placement without one, to every
coordinator of the organisation) until the concern is handled. It names the family by its
family name and the volunteer who raised it; each page that shows it logs those fields.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.fields import CONCERN_FIELDS, FAMILY_IN_LISTS, entity_fields
from gezinsaanpak.access.lookup import one_or_404
from gezinsaanpak.access.roles import Capability, can
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Concern

from .placement_records import family_fields, family_record
from .read_models import Record, record

ALERT_FAMILY = family_fields(FAMILY_IN_LISTS, caregiver=("family_name",))


def with_concern_family(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    return concerns.select_related("raised_by", "placement__family").prefetch_related(
        "placement__family__caregivers", "placement__family__children"
    )


def _open_concerns(user: User) -> QuerySet[Concern]:
    placements = placement_access.placements_visible_to(user)
    concerns = Concern.objects.filter(placement__in=placements, handled_at__isnull=True)
    return with_concern_family(concerns).order_by("raised_at", "id")


def concern_record(user: User, concern: Concern, names: set[str]) -> Record:
    fields = entity_fields(CONCERN_FIELDS, user.role, "concern").only(names)
    family = family_record(concern.placement.family, ALERT_FAMILY)
    extra = {
        "placement_id": concern.placement_id,
        "family": family,
        "family_name": next((c["family_name"] for c in family["caregivers"]), ""),
    }
    return record(concern, fields, family_id=concern.placement.family_id, extra=extra)


def concern_alerts(user: User) -> list[Record]:
    """The open concerns this coordinator must see on every page, oldest first; logged."""
    if not can(user, Capability.HANDLE_CONCERN):
        return []
    mine = Q(placement__coordinator=user) | Q(placement__coordinator__isnull=True)
    shown = [
        concern_record(user, concern, {"raised_by", "raised_at"})
        for concern in _open_concerns(user).filter(mine)
    ]
    if shown:
        events.placements_viewed(user, shown)
    return shown


def concern_page(user: User, concern_id: UUID | str) -> Record:
    """One open concern to handle: its text, who raised it and when, the family's name."""
    if not can(user, Capability.HANDLE_CONCERN):
        raise Http404
    concern = one_or_404(_open_concerns(user), concern_id)
    shown = concern_record(user, concern, {"raised_by", "raised_at", "text"})
    events.placements_viewed(user, [shown])
    return shown
