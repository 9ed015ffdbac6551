"""Reads of referrals, for staff and for partner API clients; each read is logged.

Staff see a referral when they may see its family (the access rules of the file apply).
A partner API client sees only the referrals between its organisation and its library:
those it sent (``in``) and those sent to it (``out``). Anything else is simply not found.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import PartnerClient, User
from gezinsaanpak import access
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import Referral
from gezinsaanpak.models.audit import Action
from gezinsaanpak.selectors.duplicates import PossibleDuplicate, as_seen_by
from gezinsaanpak.services.referral_log import entry, log_as_client

if TYPE_CHECKING:
    from gezinsaanpak.models import Family

LIST_LIMIT = 50
# The fields a staff list or page shows of a referral (names for the access log).
STAFF_LIST_FIELDS = ("direction", "partner", "reason_code", "status", "created_at")
STAFF_DETAIL_FIELDS = (
    *STAFF_LIST_FIELDS,
    "referrer_name",
    "referrer_role",
    "reason_text",
    "requested_programme",
    "feedback",
    "partner_feedback",
    "payload",
)
# The minimal payloads a partner sees (see gezinsaanpak/api/partner_serializers.py).
PARTNER_SENT_FIELDS = (
    "status",
    "reason_code",
    "requested_programme",
    "partner_reference",
    "feedback",
    "decline_reason",
)
PARTNER_RECEIVED_FIELDS = (
    "status",
    "reason_code",
    "reason_text",
    "requested_programme",
    "referrer_name",
    "referrer_role",
    "payload",
    "partner_feedback",
)


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals whose family ``user`` may see; default deny."""
    if user.organisation_id is None:
        return Referral.objects.none()
    families = access.families_visible_to(user).filter(pk=OuterRef("family_id"))
    return (
        Referral.objects.filter(organisation_id=user.organisation_id)
        .filter(Exists(families))
        .select_related("partner", "family", "caregiver", "created_by")
    )


def _log_staff(user: User, referrals: Sequence[Referral], *, action: str, fields: Sequence[str]):  # type: ignore[no-untyped-def]
    entries = [entry(r, fields) for r in referrals]
    if entries:
        access_log.record_many(actor=user, action=action, entries=entries)


def _listed(user: User, referrals: QuerySet[Referral]) -> list[Referral]:
    found = list(referrals[:LIST_LIMIT])
    with transaction.atomic():
        _log_staff(user, found, action=Action.LIST, fields=STAFF_LIST_FIELDS)
    return found


def intake_queue(user: User) -> list[Referral]:
    """Partners' referrals waiting for the library's answer, oldest first."""
    waiting = referrals_visible_to(user).filter(
        direction=Referral.Direction.IN, status=Referral.Status.SUBMITTED
    )
    return _listed(user, waiting.order_by("created_at", "id"))


def open_referrals(user: User, *, direction: str) -> list[Referral]:
    """Referrals still under way, newest first."""
    finished = (Referral.Status.DECLINED, Referral.Status.COMPLETED)
    under_way = referrals_visible_to(user).filter(direction=direction).exclude(status__in=finished)
    if direction == Referral.Direction.IN:
        under_way = under_way.exclude(status=Referral.Status.SUBMITTED)
    return _listed(user, under_way.order_by("-created_at", "id"))


def contact_checks_due(user: User, *, on: datetime.date | None = None) -> list[Referral]:
    """Outbound referrals whose warm-handover check is due: was contact made?"""
    due = referrals_visible_to(user).filter(
        direction=Referral.Direction.OUT,
        status__in=Referral.AWAITING_CONTACT,
        contact_check_due_on__lte=on or timezone.localdate(),
    )
    return _listed(user, due.order_by("contact_check_due_on", "id"))


def family_referrals(user: User, family: Family) -> list[Referral]:
    """The referrals on a family's file (the caller already may see the family)."""
    if access.field_set(user) != access.FULL:
        return []
    return _listed(user, referrals_visible_to(user).filter(family=family))


def referral_get(user: User, referral_id: UUID | str) -> Referral:
    """One referral, or 404 — the same for missing and forbidden. Logs the read."""
    try:
        referral = referrals_visible_to(user).get(pk=referral_id)
    except (Referral.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
    with transaction.atomic():
        _log_staff(user, [referral], action=Action.READ, fields=STAFF_DETAIL_FIELDS)
    return referral


def possible_duplicates(user: User, referral: Referral) -> list[PossibleDuplicate]:
    return as_seen_by(user, referral.possible_duplicates)


# Partner API clients --------------------------------------------------------------------


def _of_client(client: PartnerClient, direction: str) -> QuerySet[Referral]:
    if not client.is_active:
        return Referral.objects.none()
    return Referral.objects.filter(
        partner_id=client.organisation_id, organisation_id=client.library_id, direction=direction
    ).select_related("partner")


def _partner_fields(direction: str) -> Sequence[str]:
    return PARTNER_SENT_FIELDS if direction == Referral.Direction.IN else PARTNER_RECEIVED_FIELDS


def partner_referrals(client: PartnerClient, *, direction: str) -> QuerySet[Referral]:
    """The client's referrals in one direction, newest first (the view pages and logs)."""
    return _of_client(client, direction).order_by("-created_at", "id")


def log_partner_reads(client: PartnerClient, referrals: Sequence[Referral], *, action: str) -> None:
    if not referrals:
        return
    fields = _partner_fields(referrals[0].direction)
    with transaction.atomic():
        log_as_client(
            client,
            action=action,
            entries=[entry(r, fields) for r in referrals],
            reason=f"partner api read of referrals {referrals[0].direction}",
        )


def partner_referral_get(
    client: PartnerClient, referral_id: UUID | str, *, direction: str
) -> Referral:
    """One of the client's referrals; another partner's answers 404 like a missing one."""
    try:
        referral = _of_client(client, direction).get(pk=referral_id)
    except (Referral.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
    log_partner_reads(client, [referral], action=Action.READ)
    return referral


def work_waiting(user: User) -> dict[str, int]:
    """Counts for the start page (no personal data, so nothing to log)."""
    if user.role not in access.CASE_WORKERS:
        return {}
    visible = referrals_visible_to(user)
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
