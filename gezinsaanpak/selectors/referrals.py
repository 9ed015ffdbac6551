"""Reads of referrals, for staff and for partner API clients; each read is logged.

Staff see a referral when they may see its family (``access.referrals``). Pages get read
models holding the fields of ``access.fields`` and log exactly those. A partner API client
sees only the referrals between its organisation and its library; a partner's own login
(the web form) those of its organisation, with the fields the API would return.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import PartnerClient, User
from gezinsaanpak import access
from gezinsaanpak.access import fields as field_sets
from gezinsaanpak.audit.events import families as family_events
from gezinsaanpak.audit.events import referrals as events
from gezinsaanpak.models import Caregiver, Family, Referral
from gezinsaanpak.models.audit import Action
from gezinsaanpak.selectors.duplicates import PossibleDuplicate, as_seen_by

from .paging import page_of
from .read_models import Record, record

FINISHED = (Referral.Status.DECLINED, Referral.Status.COMPLETED)


def _with_family(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    first = Caregiver.objects.order_by("created_at", "id")
    return referrals.select_related("partner", "family").prefetch_related(
        Prefetch("family__caregivers", queryset=first)
    )


def _row(referral: Referral) -> Record:
    family = referral.family
    caregivers = list(family.caregivers.all())[:1] if family is not None else []
    rows = [
        record(c, field_sets.REFERRAL_ROW_CAREGIVER, family_id=referral.family_id)
        for c in caregivers
    ]
    return record(
        referral,
        field_sets.REFERRAL_IN_LISTS,
        family_id=referral.family_id,
        extra={"caregivers": rows},
    )


def _logged_page(user: User, referrals: QuerySet[Referral], number: Any) -> Page[Any]:
    page = page_of(_with_family(referrals), number)
    page.object_list = [_row(r) for r in page.object_list]
    with transaction.atomic():
        events.referrals_viewed(user, page.object_list)
    return page


def intake_queue(user: User, *, page: Any = 1) -> Page[Any]:
    """Partners' referrals waiting for the library's answer, oldest first."""
    waiting = access.referrals.referrals_visible_to(user).filter(
        direction=Referral.Direction.IN, status=Referral.Status.SUBMITTED
    )
    return _logged_page(user, waiting.order_by("created_at", "id"), page)


def open_referrals(user: User, *, direction: str, page: Any = 1) -> Page[Any]:
    """Referrals still under way, newest first."""
    visible = access.referrals.referrals_visible_to(user)
    under_way = visible.filter(direction=direction).exclude(status__in=FINISHED)
    if direction == Referral.Direction.IN:
        under_way = under_way.exclude(status=Referral.Status.SUBMITTED)
    return _logged_page(user, under_way.order_by("-created_at", "id"), page)


def contact_checks_due(user: User, *, on: datetime.date | None = None, page: Any = 1) -> Page[Any]:
    """Outbound referrals whose warm-handover check is due: was contact made?"""
    due = access.referrals.referrals_visible_to(user).filter(
        direction=Referral.Direction.OUT,
        status__in=Referral.AWAITING_CONTACT,
        contact_check_due_on__lte=on or timezone.localdate(),
    )
    return _logged_page(user, due.order_by("contact_check_due_on", "id"), page)


def family_referrals(user: User, family: Family) -> list[Record]:
    """Every referral on a family's file (the caller already may see the family)."""
    referrals = access.referrals.referrals_visible_to(user).filter(family=family)
    shown = [
        record(r, field_sets.REFERRAL_IN_LISTS, family_id=r.family_id)
        for r in referrals.select_related("partner").order_by("-created_at", "id")
    ]
    with transaction.atomic():
        events.referrals_viewed(user, shown)
    return shown


def family_for_referral(user: User, family_id: UUID | str) -> Family:
    """The family a referral form is for, or 404; logs the caregiver names the form offers.

    The form needs the instance (its caregivers are the choices); the line names what it shows.
    """
    family = access.family_for(user, family_id)
    caregivers = [
        record(c, field_sets.CAREGIVER_BY_NAME, family_id=family.pk)
        for c in family.caregivers.order_by("created_at", "id")
    ]
    shown = Record("family", family.pk, {"caregivers": caregivers}, family_id=family.pk)
    with transaction.atomic():
        family_events.families_viewed(user, [shown], action=Action.READ)
    return family


@dataclass(frozen=True)
class ReferralPage:
    """What the referral page shows: the referral, what may be done, possible duplicates."""

    referral: Record
    may_handle: bool
    next_statuses: list[str]
    awaiting_contact_check: bool
    duplicates: list[PossibleDuplicate]


def referral_get(user: User, referral_id: UUID | str) -> ReferralPage:
    """One referral as its page shows it, or 404 (missing and forbidden alike). Logged."""
    referral = access.referrals.referral_for(user, referral_id)
    fields = access.fields.entity_fields(field_sets.REFERRAL_FIELDS, user.role, "referral")
    extra: dict[str, Any] = {"requested_programme_label": referral.requested_programme_label}
    if "payload" in fields:
        extra["details"] = referral.details
    if referral.family is not None:
        extra["family"] = record(
            referral.family, field_sets.REFERRAL_FILE_STATUS, family_id=referral.family_id
        )
    shown = record(referral, fields, family_id=referral.family_id, extra=extra)
    with transaction.atomic():
        events.referrals_viewed(user, [shown], action=Action.READ)
    return ReferralPage(
        referral=shown,
        may_handle=access.may(user, access.Capability.HANDLE_REFERRAL, referral),
        next_statuses=referral.next_statuses(),
        awaiting_contact_check=referral.awaiting_contact_check,
        duplicates=as_seen_by(user, referral.possible_duplicates),
    )


def work_waiting(user: User) -> dict[str, int]:
    """Counts for the start page (no personal data, so nothing to log)."""
    if not access.can(user, access.Capability.HANDLE_REFERRAL):
        return {}
    visible = access.referrals.referrals_visible_to(user)
    return {
        "new_referrals": visible.filter(
            direction=Referral.Direction.IN, status=Referral.Status.SUBMITTED
        ).count(),
        "contact_checks": visible.filter(
            direction=Referral.Direction.OUT,
            status__in=Referral.AWAITING_CONTACT,
            contact_check_due_on__lte=timezone.localdate(),
        ).count(),
    }


# Partner API clients --------------------------------------------------------------------


def partner_fields(direction: str) -> field_sets.FieldSet:
    if direction == Referral.Direction.IN:
        return field_sets.PARTNER_SENT_REFERRAL
    return field_sets.PARTNER_RECEIVED_REFERRAL


def partner_referral_page(client: PartnerClient, *, direction: str, page: Any) -> Page[Any]:
    """One page of the client's referrals in one direction, newest first; logged."""
    referrals = access.referrals.partner_referrals_of(client, direction)
    found = page_of(referrals.order_by("-created_at", "id"), page, strict=True)
    _log_partner_reads(client, list(found.object_list), direction, action=Action.LIST)
    return found


def _log_partner_reads(
    client: PartnerClient, referrals: Sequence[Referral], direction: str, *, action: str
) -> None:
    if referrals:
        with transaction.atomic():
            names = partner_fields(direction).names
            events.referrals_read_by_client(client, referrals, sorted(names), action=action)


def partner_referral_get(
    client: PartnerClient, referral_id: UUID | str, *, direction: str
) -> Referral:
    """One of the client's referrals; another partner's answers 404 like a missing one."""
    referral = access.referrals.partner_referral_for(client, referral_id, direction)
    _log_partner_reads(client, [referral], direction, action=Action.READ)
    return referral


# A partner's own login (the web form, /partner/) --------------------------------------


def _partner_record(referral: Referral, fields: field_sets.FieldSet) -> Record:
    """A referral as a partner login sees it; the library and dates are no personal data."""
    extra: dict[str, Any] = {
        "library": referral.organisation.name,
        "created_at": referral.created_at,
        "status_changed_at": referral.status_changed_at,
        "requested_programme_label": referral.requested_programme_label,
    }
    if "payload" in fields:
        extra["details"] = referral.details
    return record(referral, fields, family_id=referral.family_id, extra=extra)


def _log_partner_user_reads(
    user: User, shown: Sequence[tuple[Referral, Record]], *, action: str
) -> None:
    if shown:
        with transaction.atomic():
            pairs = [(referral.organisation_id, item) for referral, item in shown]
            events.referrals_viewed_by_partner(user, pairs, action=action)


def partner_user_page(user: User, *, direction: str, page: Any = 1) -> Page[Any]:
    """One page of the referrals of the user's organisation in one direction; logged."""
    referrals = access.referrals.partner_user_referrals(user, direction)
    found = page_of(referrals.order_by("-created_at", "id"), page)
    fields = (
        field_sets.PARTNER_SENT_REFERRAL
        if direction == Referral.Direction.IN
        else field_sets.PARTNER_RECEIVED_IN_LISTS
    )
    shown = [(r, _partner_record(r, fields)) for r in found.object_list]
    _log_partner_user_reads(user, shown, action=Action.LIST)
    found.object_list = [item for _, item in shown]
    return found


@dataclass(frozen=True)
class PartnerReferralPage:
    """One referral of a partner login's organisation, and what it may report back."""

    referral: Record
    report_statuses: list[str]


def partner_user_referral_get(
    user: User, referral_id: UUID | str, *, direction: str
) -> PartnerReferralPage:
    """One referral of the user's organisation, or 404 (another partner's too). Logged."""
    referral = access.referrals.partner_user_referral_for(user, referral_id, direction)
    shown = _partner_record(referral, partner_fields(direction))
    _log_partner_user_reads(user, [(referral, shown)], action=Action.READ)
    reportable = access.referrals.partner_may_report(user, referral)
    statuses = [s for s in referral.next_statuses() if s in Referral.PARTNER_REPORTS]
    return PartnerReferralPage(referral=shown, report_statuses=statuses if reportable else [])


def partner_user_counts(user: User) -> dict[str, int]:
    """Counts for a partner login's start page (no personal data, so nothing to log)."""
    sent = access.referrals.partner_user_referrals(user, Referral.Direction.IN)
    received = access.referrals.partner_user_referrals(user, Referral.Direction.OUT)
    return {
        "sent_open": sent.exclude(status__in=FINISHED).count(),
        "received_waiting": received.filter(status__in=Referral.AWAITING_CONTACT).count(),
    }
