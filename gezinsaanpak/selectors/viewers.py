"""Who viewed this file: every access-log line about one family, for its case workers."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.http import Http404

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.audit.events import families as events
from gezinsaanpak.models import AccessEvent, Family

from .keyset import KeysetPage, keyset_page


def family_viewers_page(
    user: User, family_id: UUID | str, token: str | None
) -> tuple[Family, KeysetPage]:
    """Every access-log line about the file, newest first, a keyset page at a time: for
    those who see the whole file (its case workers). 404 for everyone else."""
    family = access.family_for(user, family_id)
    if not access.family_fields(user, family).is_full:
        raise Http404
    with transaction.atomic():
        events.family_viewers_viewed(user, family.pk)
    return family, keyset_page(AccessEvent.objects.filter(family_id=family.pk), token)
