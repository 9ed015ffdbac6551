"""Access-log events of data-subject requests, restriction and objection (issue 14).

A request's lines name its fields (never what was asked or decided). Setting or lifting a
restriction is an UPDATE of the family's ``restricted_processing`` with the restriction's id;
applying an objection is one UPDATE line on the family naming the purposes and counts (the
consents withdrawn and placements stopped log their own lines through their services).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.audit.events import Shown, shown_entries
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from uuid import UUID

    from accounts.models import User
    from gezinsaanpak.models import DataSubjectRequest, Family, ProcessingRestriction

OBJECT_TYPE = "subject_request"
VIA = "subject_request"


def _request_line(
    actor: User,
    action: str,
    request: DataSubjectRequest,
    fields: Sequence[str] = (),
    details: log.Details | None = None,
) -> None:
    base: log.Details = {"kind": request.kind}
    entry = log.Entry(
        OBJECT_TYPE, request.pk, request.family_id, sorted(fields), {**base, **(details or {})}
    )
    log.record_many(actor=actor, action=action, entries=[entry])


def request_created(actor: User, request: DataSubjectRequest, *, fields: Sequence[str]) -> None:
    _request_line(actor, Action.CREATE, request, fields)


def request_updated(
    actor: User, request: DataSubjectRequest, *, fields: Sequence[str], step: str
) -> None:
    """``step`` names what was done: ``details``, ``identity``, ``extend``, ``family``, …"""
    if fields:
        _request_line(actor, Action.UPDATE, request, fields, {"step": step})


def requests_listed(actor: User, *, fields: Sequence[str], filters: Sequence[str]) -> None:
    log.record(
        actor=actor,
        action=Action.LIST,
        object_type=OBJECT_TYPE,
        fields=fields,
        details={"filters": sorted(filters)},
    )


def request_read(actor: User, request: DataSubjectRequest, *, fields: Sequence[str]) -> None:
    _request_line(actor, Action.READ, request, fields)


def request_file_shown(actor: User, shown: Shown) -> None:
    """What identifies the linked file, shown on the request's page (as the search shows it),
    and whether its processing is restricted."""
    entries = [
        log.Entry(
            e.object_type,
            e.object_id,
            e.family_id,
            [*e.fields, "family.restricted_processing"],
            {"via": VIA},
        )
        for e in shown_entries([shown], object_type="family")
    ]
    log.record_many(actor=actor, action=Action.READ, entries=entries)


def restrictions_shown(actor: User, family_id: UUID, *, count: int) -> None:
    """The restriction history of a file: dates, who, and the privacy officer's reasons."""
    if not count:
        return
    fields = (
        "restriction.set_at",
        "restriction.set_by",
        "restriction.reason",
        "restriction.lifted_at",
        "restriction.lifted_by",
        "restriction.lift_reason",
    )
    log.record(
        actor=actor,
        action=Action.READ,
        object_type="processing_restriction",
        family_id=family_id,
        fields=fields,
        details={"count": count},
    )


def objection_counts_shown(actor: User, family: Family, *, purposes: Sequence[str]) -> None:
    """How many consents and placements an objection would touch: counts, never values."""
    log.record(
        actor=actor,
        action=Action.READ,
        object_type="family",
        object_id=family.pk,
        family_id=family.pk,
        fields=("consents.count", "placements.count"),
        details={"via": VIA, "purposes": sorted(purposes)},
    )


def _restriction_details(restriction: ProcessingRestriction, lifted: bool) -> log.Details:
    return {
        "restriction": str(restriction.pk),
        "request": str(restriction.request_id) if restriction.request_id else None,
        "lifted": lifted,
    }


def processing_restricted(actor: User, restriction: ProcessingRestriction) -> None:
    log.record(
        actor=actor,
        action=Action.UPDATE,
        object_type="family",
        object_id=restriction.family_id,
        family_id=restriction.family_id,
        fields=("restricted_processing", "restriction.reason"),
        details=_restriction_details(restriction, lifted=False),
    )


def restriction_lifted(actor: User, restriction: ProcessingRestriction) -> None:
    log.record(
        actor=actor,
        action=Action.UPDATE,
        object_type="family",
        object_id=restriction.family_id,
        family_id=restriction.family_id,
        fields=("restricted_processing", "restriction.lift_reason"),
        details=_restriction_details(restriction, lifted=True),
    )


def objection_applied(
    actor: User,
    request: DataSubjectRequest,
    *,
    consents_withdrawn: int,
    placements_stopped: int,
) -> None:
    _request_line(
        actor,
        Action.UPDATE,
        request,
        ("objection_applied_at", "objection_applied_by"),
        {
            "step": "objection",
            "purposes": sorted(request.objected_purposes),
            "consents_withdrawn": consents_withdrawn,
            "placements_stopped": placements_stopped,
        },
    )
