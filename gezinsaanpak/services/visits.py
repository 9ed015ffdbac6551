"""What a volunteer writes: visits and concerns. Only on their own active placements."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak.access.roles import Capability
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Concern, Placement, Visit
from gezinsaanpak.models.job import JobKind

from .errors import ServiceError
from .jobs import job_start
from .placements import require
from .restriction import Refused, require_unrestricted

logger = logging.getLogger(__name__)

VISIT_INPUT_FIELDS = ("date", "status", "minutes", "parent_present", "books", "note")


@transaction.atomic
def visit_log(
    *,
    actor: User,
    placement: Placement,
    date: datetime.date,
    status: str,
    minutes: int | None = None,
    parent_present: bool = False,
    books: int = 0,
    note: str = "",
) -> Visit:
    require(actor, Capability.LOG_VISIT, placement)
    require_unrestricted(placement.family_id, Refused.VISIT)
    if placement.start_date and date < placement.start_date - datetime.timedelta(days=7):
        raise ServiceError(_("This date is before the placement started."), field="date")
    held = status == Visit.Status.HELD
    visit = Visit(
        placement=placement,
        date=date,
        status=status,
        minutes=minutes if held else None,
        parent_present=parent_present if held else False,
        books=books if held else 0,
        note=note,
        logged_by=actor,
    )
    visit.full_clean()
    visit.save()
    events.visit_logged(actor, visit, VISIT_INPUT_FIELDS)
    return visit


@transaction.atomic
def concern_raise(*, actor: User, placement: Placement, text: str) -> Concern:
    """Store the concern (encrypted), log it, and queue the e-mail to the coordinator."""
    require(actor, Capability.RAISE_CONCERN, placement)
    if not text.strip():
        raise ServiceError(_("Write down what worries you."), field="text")
    concern = Concern(placement=placement, raised_by=actor, text=text.strip())
    concern.full_clean()
    concern.save()
    events.concern_raised(actor, concern)
    # The mail goes out from a worker, queued in this transaction: no concern without it.
    job_start(kind=JobKind.CONCERN_NOTIFICATION, params={"concern": str(concern.pk)})
    return concern


@transaction.atomic
def concern_handle(*, actor: User, concern: Concern, note: str) -> Concern:
    """Mark the concern handled with a short note of what was done (stored encrypted)."""
    require(actor, Capability.HANDLE_CONCERN, concern)
    if not note.strip():
        raise ServiceError(_("Write down briefly what you did."), field="note")
    if concern.handled_at is None:
        concern.handled_at = timezone.now()
        concern.handled_by = actor
        concern.handled_note = note.strip()
        concern.full_clean()
        concern.save(update_fields=["handled_at", "handled_by", "handled_note"])
        events.concern_handled(actor, concern)
    return concern


@transaction.atomic
def visits_import(*, actor: User, placement: Placement, dates: list[datetime.date]) -> list[Visit]:
    """The visits held before the service was used, recorded by the coordinator (import)."""
    require(actor, Capability.MATCH, placement)
    require_unrestricted(placement.family_id, Refused.VISIT)
    visits = []
    for day in dates:
        visit = Visit(placement=placement, date=day, status=Visit.Status.HELD, logged_by=actor)
        visit.full_clean()
        visit.save()
        events.visit_logged(actor, visit, ("date", "status"))
        visits.append(visit)
    return visits
