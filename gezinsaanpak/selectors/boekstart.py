"""Reads for BoekStart. Tallies and vouchers hold no personal data; contacts do, so their
reads apply the family access rules and write the access log like every family read."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.access import fields as field_sets
from gezinsaanpak.access.fields import FamilyFields
from gezinsaanpak.audit.events import boekstart as events
from gezinsaanpak.models import BoekStartSession, Caregiver, Contact, Location
from gezinsaanpak.models.audit import Action

from .paging import page_of
from .read_models import Record, record


def locations_of(user: User, *, active_only: bool = False) -> QuerySet[Location]:
    """The consultatiebureaus of the user's organisation."""
    locations = access.boekstart.locations_of(user, active_only=active_only)
    return locations.select_related("municipality", "partner").order_by("name", "id")


def location_get(user: User, location_id: UUID | str, *, active_only: bool = False) -> Location:
    return access.boekstart.location_for(user, location_id, active_only=active_only)


def _sessions(user: User) -> QuerySet[BoekStartSession]:
    """A coach sees their own sessions; the coordinator every session of the organisation."""
    sessions = access.boekstart.sessions_visible_to(user)
    return sessions.select_related("location", "coach").order_by("-date", "-created_at", "id")


def sessions_recent(user: User, *, limit: int = 10) -> list[BoekStartSession]:
    return list(_sessions(user)[:limit])


def sessions_to_choose(user: User, *, days: int = 31) -> QuerySet[BoekStartSession]:
    """The user's sessions of the last month, to link a follow-up contact to."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    return _sessions(user).filter(date__gte=since)


def session_page(user: User, *, page: int | str | None = 1, strict: bool = False) -> Page[Any]:
    return page_of(_sessions(user), page, strict=strict)


def session_get(user: User, session_id: UUID | str) -> BoekStartSession:
    return access.boekstart.session_for(user, session_id)


def _contacts(user: User) -> QuerySet[Contact]:
    first = Caregiver.objects.order_by("created_at", "id")
    contacts = access.boekstart.contacts_visible_to(user)
    return contacts.select_related("family", "session__location", "coach").prefetch_related(
        Prefetch("family__caregivers", queryset=first)
    )


def _contact_records(user: User, contacts: list[Contact]) -> list[Record]:
    """The contacts as their rows show them (one query for the family field sets)."""
    allowed = access.family_fields_many(user, [c.family for c in contacts])
    return [_contact_record(user, c, allowed[c.family_id]) for c in contacts]


def _contact_record(user: User, contact: Contact, family_fields: FamilyFields) -> Record:
    """The contact as its row shows it: when, where, whose, and the parent's name and phone."""
    fields = access.fields.entity_fields(field_sets.CONTACT_FIELDS, user.role, "contact")
    parent = family_fields.caregiver.only(("given_name", "family_name"))
    caregivers = list(contact.family.caregivers.all())[:1]
    family = Record(
        "family",
        contact.family_id,
        {
            **({"phone": contact.family.phone} if "phone" in family_fields.family else {}),
            "caregivers": [record(c, parent, family_id=contact.family_id) for c in caregivers],
        },
        fields=["phone"] if "phone" in family_fields.family else [],
        family_id=contact.family_id,
    )
    location = contact.session.location.name if contact.session else ""
    extra = {"family": family, "location_name": location}
    return record(contact, fields, family_id=contact.family_id, extra=extra)


def _logged(user: User, contacts: list[Contact], *, action: str) -> list[Record]:
    shown = _contact_records(user, contacts)
    with transaction.atomic():
        events.contacts_viewed(user, shown, action=action)
    return shown


def contacts_of(
    user: User, *, handed_over: bool | None = None, page: int | str | None = 1, strict: bool = False
) -> Page[Any]:
    """One page of the follow-up contacts the user may see, newest first; logs each one."""
    contacts = _contacts(user)
    if handed_over is not None:
        contacts = contacts.filter(handed_over_at__isnull=not handed_over)
    found = page_of(contacts.order_by("-created_at", "id"), page, strict=strict)
    found.object_list = _logged(user, list(found.object_list), action=Action.LIST)
    return found


def handovers_waiting(user: User, *, page: int | str | None = 1) -> Page[Any]:
    """For the coordinator: families handed over by a coach whose intake has not started."""
    access.boekstart.organisation_for(user, Capability.SEE_ALL_BOEKSTART)
    contacts = _contacts(user).filter(handed_over_at__isnull=False, family__status="referred")
    found = page_of(contacts.order_by("handed_over_at", "id"), page)
    found.object_list = _logged(user, list(found.object_list), action=Action.LIST)
    return found


def contact_after_write(user: User, contact: Contact) -> Record:
    """The contact as the API answers a write with it: not logged again, the write's own
    line (registered, handed over) already names what changed."""
    return _contact_records(user, [_contacts(user).get(pk=contact.pk)])[0]


def contact_get(user: User, contact_id: UUID | str) -> Record:
    """One contact, or 404 — the same for missing and forbidden. Logs the read."""
    contact = access.one_or_404(_contacts(user), contact_id)
    return _logged(user, [contact], action=Action.READ)[0]
