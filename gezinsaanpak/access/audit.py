"""Who may read the access log: a privacy officer, and only their own organisation's lines."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from gezinsaanpak.models.audit import AccessEvent

from .roles import Capability, can


def may_read_access_log(user: User) -> bool:
    return can(user, Capability.READ_ACCESS_LOG)


def access_events_visible_to(user: User) -> QuerySet[AccessEvent]:
    """The lines ``user`` may read; none for anyone but a privacy officer (default deny)."""
    if not may_read_access_log(user):
        return AccessEvent.objects.none()
    return AccessEvent.objects.filter(organisation_id=user.organisation_id)


def may_read_processing_register(user: User) -> bool:
    """The privacy officer's register (art. 30): those who read the log or handle requests."""
    return can(user, Capability.READ_ACCESS_LOG) or can(
        user, Capability.HANDLE_DATA_SUBJECT_REQUEST
    )
