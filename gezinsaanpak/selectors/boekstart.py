"""Reads for BoekStart. Tallies and vouchers hold no personal data; contacts do, so their
reads apply the family access rules and write the access log like every family read."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from gezinsaanpak import access
from gezinsaanpak.models import BoekStartSession, Contact, Location, Voucher
from gezinsaanpak.models.audit import Action
from gezinsaanpak.models.boekstart import COUNT_FIELDS

from .families import log_reads

BOEKSTART_ROLES = frozenset({Role.COACH, Role.COORDINATOR})
COORDINATOR = frozenset({Role.COORDINATOR})
# Library staff who may mark a voucher as brought to the library.
VOUCHER_DESK = frozenset({Role.COORDINATOR, Role.SPECIALIST, Role.COACH})
PAGE_SIZE = 50


def require_role(user: User, roles: frozenset[str] = BOEKSTART_ROLES) -> UUID:
    """BoekStart is for coaches and coordinators; to anyone else it does not exist.

    Returns the user's organisation id, which is then known to be set."""
    if not user.is_active or user.organisation_id is None or user.role not in roles:
        raise Http404
    return user.organisation_id


_require = require_role


def locations_of(user: User, *, active_only: bool = False) -> QuerySet[Location]:
    """The consultatiebureaus of the user's organisation."""
    organisation_id = _require(user)
    locations = Location.objects.filter(organisation_id=organisation_id)
    if active_only:
        locations = locations.filter(active=True)
    return locations.select_related("municipality", "partner").order_by("name", "id")


def location_get(user: User, location_id: UUID | str, *, active_only: bool = False) -> Location:
    try:
        return locations_of(user, active_only=active_only).get(pk=location_id)
    except (Location.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def _sessions(user: User) -> QuerySet[BoekStartSession]:
    """A coach sees their own sessions; the coordinator every session of the organisation."""
    organisation_id = _require(user)
    sessions = BoekStartSession.objects.filter(organisation_id=organisation_id)
    if user.role == Role.COACH:
        sessions = sessions.filter(coach_id=user.pk)
    return sessions.select_related("location", "coach").order_by("-date", "-created_at", "id")


def sessions_recent(user: User, *, limit: int = 10) -> list[BoekStartSession]:
    return list(_sessions(user)[:limit])


def sessions_to_choose(user: User, *, days: int = 31) -> QuerySet[BoekStartSession]:
    """The user's sessions of the last month, to link a follow-up contact to."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    return _sessions(user).filter(date__gte=since)


def session_page(user: User, *, page: int | str = 1) -> Page[BoekStartSession]:
    return Paginator(_sessions(user), PAGE_SIZE).get_page(page)


def session_get(user: User, session_id: UUID | str) -> BoekStartSession:
    try:
        return _sessions(user).get(pk=session_id)
    except (BoekStartSession.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def session_totals(
    user: User, *, start: datetime.date, end: datetime.date
) -> list[Mapping[str, object]]:
    """Sums of every tally per location and month (``start`` ≤ date < ``end``)."""
    organisation_id = _require(user, COORDINATOR)
    rows = (
        BoekStartSession.objects.filter(
            organisation_id=organisation_id, date__gte=start, date__lt=end
        )
        .annotate(month=TruncMonth("date"))
        .values("location__name", "month")
        .annotate(sessions=Count("id"), **{name: Sum(name) for name in COUNT_FIELDS})
        .order_by("location__name", "month")
    )
    return list(rows)


@dataclass(frozen=True)
class PickupRow:
    """Vouchers issued in one month in one municipality, and how many came to the library."""

    municipality: str
    month: datetime.date
    issued: int
    redeemed: int

    @property
    def rate(self) -> int:
        """Pickup in whole percent (the national figure is about 35%, the target 50%)."""
        return round(100 * self.redeemed / self.issued) if self.issued else 0


def voucher_pickup_for(
    organisation_id: UUID, *, start: datetime.date, end: datetime.date
) -> list[PickupRow]:
    """Pickup by municipality of the location and month of issue (``start`` ≤ issue < ``end``).

    A voucher counts as picked up in the month it was issued, whenever it was redeemed.
    """
    rows = (
        Voucher.objects.filter(
            organisation_id=organisation_id, issued_on__gte=start, issued_on__lt=end
        )
        .annotate(month=TruncMonth("issued_on"))
        .values("location__municipality__name", "month")
        .annotate(issued=Count("id"), redeemed=Count("id", filter=Q(redeemed_on__isnull=False)))
        .order_by("location__municipality__name", "month")
    )
    return [
        PickupRow(
            municipality=row["location__municipality__name"],
            month=_as_date(row["month"]),
            issued=row["issued"],
            redeemed=row["redeemed"],
        )
        for row in rows
    ]


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def voucher_pickup(user: User, *, start: datetime.date, end: datetime.date) -> list[PickupRow]:
    organisation_id = _require(user, COORDINATOR)
    return voucher_pickup_for(organisation_id, start=start, end=end)


def _contacts(user: User) -> QuerySet[Contact]:
    """Contacts on families the user may still see; a coach only their own."""
    organisation_id = _require(user)
    visible = access.families_visible_to(user).values("pk")
    contacts = Contact.objects.filter(organisation_id=organisation_id, family_id__in=visible)
    if user.role == Role.COACH:
        contacts = contacts.filter(coach_id=user.pk)
    return contacts.select_related("family", "session__location", "coach").prefetch_related(
        "family__caregivers", "family__children"
    )


def _logged(user: User, contacts: list[Contact], *, action: str) -> list[Contact]:
    with transaction.atomic():
        log_reads(user, [c.family for c in contacts], action=action)
    return contacts


def contacts_of(user: User, *, handed_over: bool | None = None, limit: int = 100) -> list[Contact]:
    """The follow-up contacts the user may see, newest first; logs each family shown."""
    contacts = _contacts(user)
    if handed_over is not None:
        contacts = contacts.filter(handed_over_at__isnull=not handed_over)
    found = list(contacts.order_by("-created_at", "id")[:limit])
    return _logged(user, found, action=Action.LIST)


def handovers_waiting(user: User) -> list[Contact]:
    """For the coordinator: families handed over by a coach whose intake has not started."""
    _require(user, COORDINATOR)
    contacts = _contacts(user).filter(handed_over_at__isnull=False, family__status="referred")
    return _logged(
        user, list(contacts.order_by("handed_over_at", "id")[:PAGE_SIZE]), action=Action.LIST
    )


def contact_get(user: User, contact_id: UUID | str) -> Contact:
    """One contact, or 404 — the same for missing and forbidden. Logs the read."""
    try:
        contact = _contacts(user).get(pk=contact_id)
    except (Contact.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
    return _logged(user, [contact], action=Action.READ)[0]
