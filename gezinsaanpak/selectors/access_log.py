"""The privacy officer's reading of the access log. Reading it is itself logged."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import AccessEvent, Action, Outcome

if TYPE_CHECKING:
    from accounts.models import User

LOG_OBJECT_TYPE = "access_log"


def access_events_for_user(
    user: User,
    *,
    family_id: UUID | None = None,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AccessEvent]:
    """Lines of the user's own organisation, newest first, for a privacy officer only.

    ``actor`` is a user id, or an e-mail address or API client name (any case). ``since``
    and ``until`` are whole days in local time, both included. Anyone else gets 404, and
    an authenticated refusal is logged as ``denied``.
    """
    filters = {"family": family_id, "actor": actor, "since": since, "until": until}
    used = [name for name, value in filters.items() if value not in (None, "")]
    if not _is_privacy_officer(user):
        _log_refusal(user, family_id, used)
        raise Http404
    access_log.record(
        actor=user,
        action=Action.READ,
        object_type=LOG_OBJECT_TYPE,
        family_id=family_id,
        fields=used,
    )
    lines: QuerySet[AccessEvent] = AccessEvent.objects.filter(organisation_id=user.organisation_id)
    if family_id is not None:
        lines = lines.filter(family_id=family_id)
    if actor:
        lines = _filter_actor(lines, actor.strip())
    if since is not None:
        lines = lines.filter(at__gte=_start_of(since))
    if until is not None:
        lines = lines.filter(at__lt=_start_of(until + timedelta(days=1)))
    return lines.order_by("-at", "-sequence")


def _is_privacy_officer(user: User) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.PRIVACY_OFFICER
        and user.organisation_id is not None
    )


def _log_refusal(user: User, family_id: UUID | None, used: list[str]) -> None:
    if not user.is_authenticated:
        return  # Nobody to name; the login wall handles these.
    access_log.record(
        actor=user,
        action=Action.DENIED,
        object_type=LOG_OBJECT_TYPE,
        family_id=family_id,
        fields=used,
        outcome=Outcome.DENIED,
    )


def _filter_actor(lines: QuerySet[AccessEvent], actor: str) -> QuerySet[AccessEvent]:
    try:
        return lines.filter(actor_id=uuid.UUID(actor))
    except ValueError:
        return lines.filter(actor_label__iexact=actor)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
