"""The breach register for the privacy officer, and scoping an incident from the access log.

Only the privacy officer (``HANDLE_DATA_SUBJECT_REQUEST``) of the incident's organisation
sees an incident; everyone else gets 404. Reads are logged with the fields shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from gezinsaanpak.access import Capability, can
from gezinsaanpak.audit.events import breaches as events
from gezinsaanpak.models.audit import AccessEvent
from gezinsaanpak.models.breach import Breach

if TYPE_CHECKING:
    from accounts.models import User

LIST_FIELDS = ("found_at", "report_to_authority", "reported_at", "subjects_informed")
DETAIL_FIELDS = (
    "found_at",
    "what_happened",
    "which_data",
    "cause",
    "measures",
    "report_to_authority",
    "report_reason",
    "reported_at",
    "subjects_informed",
    "subjects_informed_at",
    "scoped_family_ids",
)


def may_handle_breaches(user: User) -> bool:
    return bool(user.is_authenticated) and can(user, Capability.HANDLE_DATA_SUBJECT_REQUEST)


def organisation_of(user: User) -> UUID:
    """The privacy officer's organisation; 404 for anyone else (or without one)."""
    if not may_handle_breaches(user) or user.organisation_id is None:
        raise Http404
    return user.organisation_id


def _visible(user: User) -> QuerySet[Breach]:
    return Breach.objects.filter(organisation_id=organisation_of(user))


def breaches_for_user(user: User) -> list[Breach]:
    """The organisation's incidents, newest first (a list shows no texts)."""
    breaches = list(_visible(user).order_by("-found_at"))
    events.breaches_listed(user, fields=LIST_FIELDS)
    return breaches


def breach_for_user(user: User, breach_id: UUID | str, *, log_read: bool = True) -> Breach:
    """One incident of the user's organisation; 404 when missing or not the user's."""
    try:
        breach = _visible(user).get(pk=breach_id)
    except (Breach.DoesNotExist, ValueError) as error:
        raise Http404 from error
    if log_read:
        events.breach_read(user, breach, fields=DETAIL_FIELDS)
    return breach


@dataclass(frozen=True)
class Scope:
    """What one actor touched in a period: counts, field names and family ids, no values."""

    actor: str
    since: date
    until: date
    lines: int
    family_ids: list[str]
    fields: list[str]

    @property
    def families(self) -> int:
        return len(self.family_ids)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _actor_lines(lines: QuerySet[AccessEvent], actor: str) -> QuerySet[AccessEvent]:
    """A user account id, an API client id (with or without ``api:``), or an e-mail."""
    try:
        return lines.filter(actor_id=uuid.UUID(actor))
    except ValueError:
        pass
    label = actor if actor.startswith("api:") else f"api:{actor}"
    if "@" in actor:
        label = actor
    return lines.filter(actor_label__iexact=label)


def breach_scope(user: User, breach: Breach, *, actor: str, since: date, until: date) -> Scope:
    """Scope ``breach``: the families ``actor`` touched in the organisation from ``since``
    to ``until`` (whole days, local time, both included). The search itself is logged."""
    organisation_id = organisation_of(user)
    if breach.organisation_id != organisation_id:
        raise Http404
    actor = actor.strip()
    lines: QuerySet[AccessEvent] = AccessEvent.objects.filter(
        organisation_id=organisation_id,
        at__gte=_start_of(since),
        at__lt=_start_of(until + timedelta(days=1)),
    )
    lines = _actor_lines(lines, actor)
    family_ids: set[str] = set()
    fields: set[str] = set()
    count = 0
    for family_id, names in lines.values_list("family_id", "fields").iterator():
        count += 1
        if family_id is not None:
            family_ids.add(str(family_id))
        fields.update(names or [])
    events.breach_scoped(user, breach, filters=["actor", "since", "until"])
    return Scope(actor, since, until, count, sorted(family_ids), sorted(fields))
