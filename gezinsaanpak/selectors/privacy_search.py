"""The privacy officer finds a family for a data-subject request without seeing the file.

Exact matches through the blind indexes (family name, postcode, phone). A child's date of
birth has no blind index: the organisation's children born in that month (``birth_month``,
kept in the clear) are the candidates, and their encrypted dates are compared here, never
returned. Each result holds only what identifies the file: its id, municipality, status,
opened and closed dates and how many caregivers and children it has. The search and every
file found are written to the access log (the kind of search, never the term).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.db.models import Count, QuerySet

from accounts.models import User
from gezinsaanpak.access.privacy_search import families_for_requests, require_request_handler
from gezinsaanpak.audit.events import privacy_search as events
from gezinsaanpak.models import Caregiver, Child, Family
from gezinsaanpak.models.family import first_of_month
from gezinsaanpak.privacy.blind_index import blind_q

PRIVACY_SEARCH_KINDS = ("family_name", "postcode", "phone", "child_birth_date")
# Exact matches find a handful of files; more than this asks for another kind of search.
PRIVACY_SEARCH_MAX = 50

# The fields a result row holds, as the access log names them.
ROW_FIELDS = (
    "id",
    "municipality",
    "status",
    "opened_on",
    "closed_on",
    "caregiver_count",
    "child_count",
)


@dataclass(slots=True)
class PrivacySearchRow:
    """One file found: what identifies it for a request, never its contents."""

    pk: UUID
    family_id: UUID | None  # always the file itself (the access log's Shown protocol)
    municipality_code: str
    municipality_name: str
    status: str
    status_display: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    caregiver_count: int
    child_count: int
    entity: str = "family"

    @property
    def id(self) -> UUID:
        return self.pk

    def field_names(self) -> list[str]:
        return [f"family.{name}" for name in ROW_FIELDS]


def _children_born_on(user: User, day: datetime.date) -> set[UUID]:
    candidates = Child.objects.filter(
        family__in=families_for_requests(user), birth_month=first_of_month(day)
    ).only("id", "family_id", "date_of_birth")
    return {child.family_id for child in candidates if child.date_of_birth == day}


def _matching(user: User, kind: str, term: str | datetime.date) -> QuerySet[Family]:
    families = families_for_requests(user)
    if kind == "child_birth_date":
        day = term if isinstance(term, datetime.date) else datetime.date.fromisoformat(term)
        return families.filter(pk__in=_children_born_on(user, day))
    if not isinstance(term, str):
        raise TypeError("A text search needs a text term.")
    if kind == "family_name":
        named = Caregiver.objects.filter(blind_q(Caregiver, "family_name", term))
        return families.filter(pk__in=named.values("family_id"))
    if kind in ("postcode", "phone"):
        return families.filter(blind_q(Family, kind, term))
    raise ValueError(f"Unknown search kind {kind!r}")


def privacy_family_search(
    actor: User, kind: str, term: str | datetime.date
) -> list[PrivacySearchRow]:
    """Files of the actor's organisation matching ``term``; 404 for all but the privacy officer.

    ``term`` is text for family name, postcode and phone, and a date (or ``YYYY-MM-DD``)
    for a child's date of birth. Logs one line for the search and one per file found.
    """
    require_request_handler(actor)
    if kind not in PRIVACY_SEARCH_KINDS:
        raise ValueError(f"Unknown search kind {kind!r}")
    rows = _rows(_matching(actor, kind, term), limit=PRIVACY_SEARCH_MAX)
    with transaction.atomic():
        events.privacy_family_searched(actor, kind=kind, found=rows)
    return rows


def _rows(families: QuerySet[Family], *, limit: int) -> list[PrivacySearchRow]:
    found = (
        families.select_related("municipality")
        .annotate(
            n_caregivers=Count("caregivers", distinct=True),
            n_children=Count("children", distinct=True),
        )
        .order_by("-opened_on", "id")[:limit]
    )
    return [
        PrivacySearchRow(
            pk=family.pk,
            family_id=family.pk,
            municipality_code=family.municipality.code,
            municipality_name=family.municipality.name,
            status=family.status,
            status_display=family.get_status_display(),
            opened_on=family.opened_on,
            closed_on=family.closed_on,
            caregiver_count=family.n_caregivers,
            child_count=family.n_children,
        )
        for family in found
    ]


def privacy_family_summary(actor: User, family_id: UUID) -> PrivacySearchRow | None:
    """What identifies one file, as the search shows it (for a request's page); not logged
    here: the caller logs it with what else its page shows. ``None`` when it is not found."""
    require_request_handler(actor)
    rows = _rows(families_for_requests(actor).filter(pk=family_id), limit=1)
    return rows[0] if rows else None
