"""Reading data-subject requests: the list, one request, the start page and the daily counts.

Only the privacy officer of the request's organisation (everyone else: 404 or nothing). A
list names the fields its rows show; a request's page logs its fields, and the file it is
linked to is shown only by what identifies it (``selectors.privacy_search``), never its
contents.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils import timezone

from accounts.models import Organisation, User
from gezinsaanpak.access import subject_requests as request_access
from gezinsaanpak.access.lookup import one_or_404
from gezinsaanpak.audit.events import subject_requests as events
from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.models.subject_request import DUE_SOON_DAYS

from .paging import page_of
from .privacy_search import PrivacySearchRow, privacy_family_summary

Request = DataSubjectRequest
STATES = ("open", "closed", "all")
LIST_FIELDS = (
    "kind",
    "received_on",
    "deadline",
    "extended_until",
    "status",
    "handled_by",
    "family",
    "outcome",
    "closed_on",
)
DETAIL_FIELDS = (
    *LIST_FIELDS,
    "description",
    "identity_checked_by",
    "identity_checked_on",
    "identity_method",
    "extension_reason",
    "outcome_note",
    "objected_purposes",
    "objection_applied_at",
    "objection_applied_by",
)


@dataclass(frozen=True)
class RequestRow:
    """One request as a list shows it: no texts."""

    id: UUID
    kind: str
    kind_display: str
    received_on: datetime.date
    due_on: datetime.date
    extended: bool
    status: str
    status_display: str
    handled_by_name: str
    family_linked: bool
    overdue: bool
    due_soon: bool
    outcome_display: str
    closed_on: datetime.date | None


def _row(request: Request, today: datetime.date) -> RequestRow:
    handler = request.handled_by
    return RequestRow(
        id=request.pk,
        kind=request.kind,
        kind_display=str(request.get_kind_display()),
        received_on=request.received_on,
        due_on=request.due_on,
        extended=request.extended_until is not None,
        status=request.status,
        status_display=str(request.get_status_display()),
        handled_by_name=(handler.name or handler.email) if handler else "",
        family_linked=request.family_id is not None,
        overdue=request.overdue(today),
        due_soon=request.due_soon(today),
        outcome_display=str(request.get_outcome_display()) if request.outcome else "",
        closed_on=request.closed_on,
    )


def request_row(request: Request) -> RequestRow:
    """The list row of one request (its deadline marks), for the request's own page."""
    return _row(request, timezone.localdate())


def _due() -> Coalesce:
    """The day a request is due: the extension when there is one, else the deadline."""
    return Coalesce(F("extended_until"), F("deadline"))


def _in_state(user: User, state: str) -> QuerySet[Request]:
    requests = request_access.requests_visible_to(user).select_related("handled_by")
    if state == "open":
        return requests.filter(status__in=Request.OPEN_STATUSES).order_by(_due().asc(), "id")
    if state == "closed":
        return requests.filter(status=Request.Status.CLOSED).order_by("-closed_on", "id")
    return requests.order_by("-received_on", "id")


def subject_requests_page(
    user: User, *, state: str = "open", page: Any = 1, strict: bool = False
) -> tuple[Page[Any], list[RequestRow]]:
    """One page of the organisation's requests: open ones by deadline, closed ones newest first."""
    request_access.request_organisation_of(user)
    if state not in STATES:
        raise ValueError(f"Unknown state {state!r}")
    found = page_of(_in_state(user, state), page, strict=strict)
    today = timezone.localdate()
    rows = [_row(request, today) for request in found.object_list]
    events.requests_listed(user, fields=LIST_FIELDS, filters=[f"state_{state}"])
    return found, rows


def requests_needing_attention(user: User) -> list[RequestRow]:
    """The start page: open requests past their deadline or due within a week, soonest first."""
    if not request_access.may_handle_requests(user):
        return []
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    requests = list(_in_state(user, "open").filter(LessThanOrEqual(_due(), soon)))
    if requests:
        events.requests_listed(user, fields=LIST_FIELDS, filters=["due_soon"])
    return [_row(request, today) for request in requests]


def subject_request_get(user: User, request_id: UUID | str, *, log_read: bool = True) -> Request:
    """One request of the user's organisation; 404 when missing or not the user's."""
    related = ("family", "handled_by", "identity_checked_by", "objection_applied_by")
    visible = request_access.requests_visible_to(user).select_related(*related)
    request = one_or_404(visible, request_id)
    if log_read:
        events.request_read(user, request, fields=DETAIL_FIELDS)
    return request


@dataclass(frozen=True)
class RestrictionRow:
    """One period of restricted processing, as the request's page shows it."""

    set_at: datetime.datetime
    set_by_name: str
    reason: str
    lifted_at: datetime.datetime | None
    lifted_by_name: str
    lift_reason: str


def _name(user: User | None) -> str:
    return (user.name or user.email) if user is not None else "—"


def restriction_history(user: User, request: Request) -> list[RestrictionRow]:
    """The restriction periods of the request's file, newest first (reasons included)."""
    if request.family is None:
        return []
    restrictions = request_access.restrictions_of(user, request.family)
    rows = [
        RestrictionRow(
            set_at=item.set_at,
            set_by_name=_name(item.set_by),
            reason=item.reason,
            lifted_at=item.lifted_at,
            lifted_by_name=_name(item.lifted_by),
            lift_reason=item.lift_reason,
        )
        for item in restrictions.select_related("set_by", "lifted_by")
    ]
    events.restrictions_shown(user, request.family.pk, count=len(rows))
    return rows


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_soon: int

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon)


def due_counts(organisation_id: UUID, today: datetime.date | None = None) -> DueCounts:
    """How many open requests are past their deadline and due within a week (numbers only)."""
    today = today or timezone.localdate()
    open_requests = Request.objects.filter(
        organisation_id=organisation_id, status__in=Request.OPEN_STATUSES
    )
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return DueCounts(
        overdue=open_requests.filter(LessThan(_due(), today)).count(),
        due_soon=open_requests.filter(
            GreaterThanOrEqual(_due(), today), LessThanOrEqual(_due(), soon)
        ).count(),
    )


def organisations_with_requests_due(today: datetime.date | None = None) -> list[UUID]:
    """The organisations with an open request past its deadline or due within a week."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due = Request.objects.filter(status__in=Request.OPEN_STATUSES).filter(
        LessThanOrEqual(_due(), soon)
    )
    ids = due.values_list("organisation_id", flat=True).distinct()
    return list(Organisation.objects.filter(pk__in=ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class RequestFile:
    """The linked file as the request's page shows it: what identifies it, and the flag."""

    row: PrivacySearchRow
    restricted: bool


def request_file(user: User, request: Request) -> RequestFile | None:
    """What identifies the request's file (as the privacy search shows it); logged."""
    if request.family_id is None:
        return None
    row = privacy_family_summary(user, request.family_id)
    if row is None:
        return None
    restricted = bool(request.family and request.family.restricted_processing)
    events.request_file_shown(user, row)
    return RequestFile(row, restricted)
