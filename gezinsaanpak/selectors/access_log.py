"""The privacy officer's reading of the access log. Reading it is itself logged."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from gezinsaanpak.access.audit import access_events_visible_to, may_read_access_log
from gezinsaanpak.audit.events import access_log as events
from gezinsaanpak.models.audit import AccessEvent

if TYPE_CHECKING:
    from accounts.models import User


def access_events_for_user(
    user: User,
    *,
    family_id: UUID | None = None,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessEvent]:
    """Lines of the user's own organisation, newest first, for a privacy officer only.

    Page them with ``selectors.keyset.keyset_page``: the log only grows, so no count.

    ``actor`` is a user id, or an e-mail address or API client name (any case). ``since``
    and ``until`` are whole days in local time, both included. Anyone else gets 404, and
    an authenticated refusal is logged as ``denied``.
    """
    filters = {"family": family_id, "actor": actor, "since": since, "until": until}
    used = [name for name, value in filters.items() if value not in (None, "")]
    if not may_read_access_log(user):
        if user.is_authenticated:  # nobody to name otherwise; the login wall handles those
            events.access_log_denied(user, family_id=family_id, filters=used)
        raise Http404
    events.access_log_read(user, family_id=family_id, filters=used)
    lines = access_events_visible_to(user)
    if family_id is not None:
        lines = lines.filter(family_id=family_id)
    if actor:
        lines = _filter_actor(lines, actor.strip())
    if since is not None:
        lines = lines.filter(at__gte=_start_of(since))
    if until is not None:
        lines = lines.filter(at__lt=_start_of(until + timedelta(days=1)))
    return lines.order_by("-at", "-id")


def _filter_actor(lines: QuerySet[AccessEvent], actor: str) -> QuerySet[AccessEvent]:
    try:
        return lines.filter(actor_id=uuid.UUID(actor))
    except ValueError:
        return lines.filter(actor_label__iexact=actor)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
