"""Access-log events of VoorleesExpress: placements, visits, concerns, meetings, volunteers.

Writes name the fields they wrote, qualified by entity (``placement.status``), with the
kind of change in ``details`` (``{"status": "stopped", "stop_reason": "moved"}``), never
values. A volunteer's access to a family follows the placement: a grant is an
``Action.SHARE`` with ``{"grantee", "change"}``, a revocation an ``Action.UNSHARE`` with
``{"revoked", "why"}`` — the same vocabulary as every other grant in the project.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from gezinsaanpak.audit import log
from gezinsaanpak.audit.log import Details
from gezinsaanpak.models.audit import Action

from . import Shown, shown_entries

if TYPE_CHECKING:
    from accounts.models import User
    from gezinsaanpak.models import (
        Concern,
        CoordinatorMeeting,
        Placement,
        QuestionnaireResponse,
        Visit,
        VolunteerProfile,
    )


def _qualified(entity: str, names: Iterable[str]) -> list[str]:
    return sorted(f"{entity}.{name}" for name in names)


def _placement(actor: User, action: str, placement: Placement, fields: Iterable[str]) -> None:
    details: Details = {"status": placement.status, "kind": placement.kind}
    if placement.stop_reason:
        details["stop_reason"] = placement.stop_reason
    if placement.follows_id:
        details["follows"] = str(placement.follows_id)
    log.record(
        actor=actor,
        action=action,
        object_type="placement",
        object_id=placement.pk,
        family_id=placement.family_id,
        fields=_qualified("placement", fields),
        details=details,
    )


def placement_signed_up(actor: User, placement: Placement, fields: Iterable[str]) -> None:
    """A family on the waiting list, or nazorg planned after a placement (``follows``)."""
    _placement(actor, Action.CREATE, placement, fields)


def placement_matched(actor: User, placement: Placement, fields: Iterable[str]) -> None:
    _placement(actor, Action.UPDATE, placement, fields)


def placement_started(actor: User, placement: Placement) -> None:
    _placement(actor, Action.UPDATE, placement, ["status"])


def placement_status_changed(actor: User, placement: Placement, fields: Iterable[str]) -> None:
    _placement(actor, Action.UPDATE, placement, fields)


def placement_stopped(actor: User, placement: Placement) -> None:
    placement_status_changed(actor, placement, ["status", "stop_reason", "end_date"])


def placement_completed(actor: User, placement: Placement) -> None:
    placement_status_changed(actor, placement, ["status", "end_date"])


def placement_updated(actor: User, placement: Placement, fields: Iterable[str]) -> None:
    _placement(actor, Action.UPDATE, placement, fields)


def placements_viewed(actor: User, records: Iterable[Shown], action: str = Action.LIST) -> None:
    """One line per placement (or concern, meeting) shown, with its read model's fields."""
    log.record_many(actor=actor, action=action, entries=shown_entries(records))


def volunteer_access_granted(actor: User, placement: Placement, volunteer: User) -> None:
    """Starting (or taking over) a placement lets the volunteer see the family."""
    _family_line(
        actor,
        Action.SHARE,
        placement.family_id,
        {"grantee": str(volunteer.pk), "change": False, "placement": str(placement.pk)},
    )


def volunteer_access_revoked(
    actor: User | None, placement: Placement, volunteer: User, why: str
) -> None:
    _family_line(
        actor,
        Action.UNSHARE,
        placement.family_id,
        {"revoked": str(volunteer.pk), "why": why, "placement": str(placement.pk)},
    )


def access_expired(organisation_id: UUID, family_id: UUID, revoked: UUID) -> None:
    """The daily job took away a grant whose placement had ended (defence in depth)."""
    log.record(
        actor=None,
        actor_label="expire_access",
        action=Action.UNSHARE,
        object_type="family",
        object_id=family_id,
        family_id=family_id,
        details={"revoked": str(revoked), "why": "placement_ended"},
        organisation_id=organisation_id,
    )


def _family_line(actor: User | None, action: str, family_id: UUID, details: Details) -> None:
    log.record(
        actor=actor,
        action=action,
        object_type="family",
        object_id=family_id,
        family_id=family_id,
        details=details,
    )


def visit_logged(actor: User, visit: Visit, fields: Iterable[str]) -> None:
    placement = visit.placement
    log.record(
        actor=actor,
        action=Action.CREATE,
        object_type="visit",
        object_id=visit.pk,
        family_id=placement.family_id,
        fields=_qualified("visit", fields),
        details={"placement": str(placement.pk), "status": visit.status},
    )


def concern_raised(actor: User, concern: Concern) -> None:
    _concern(actor, Action.CREATE, concern, ["text"])


def concern_handled(actor: User, concern: Concern) -> None:
    _concern(actor, Action.UPDATE, concern, ["handled_at", "handled_by", "handled_note"])


def _concern(actor: User, action: str, concern: Concern, fields: list[str]) -> None:
    log.record(
        actor=actor,
        action=action,
        object_type="concern",
        object_id=concern.pk,
        family_id=concern.placement.family_id,
        fields=_qualified("concern", fields),
        details={"placement": str(concern.placement_id)},
    )


def meeting_held(actor: User, meeting: CoordinatorMeeting, fields: Iterable[str]) -> None:
    log.record(
        actor=actor,
        action=Action.UPDATE,
        object_type="meeting",
        object_id=meeting.pk,
        family_id=meeting.placement.family_id,
        fields=_qualified("meeting", fields),
        details={"placement": str(meeting.placement_id), "moment": meeting.moment},
    )


def questionnaire_answered(
    actor: User, response: QuestionnaireResponse, *, created: bool, questions: int
) -> None:
    log.record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="questionnaire",
        object_id=response.pk,
        family_id=response.placement.family_id,
        fields=["answer.value"],
        details={
            "placement": str(response.placement_id),
            "moment": response.moment,
            "questions": questions,
        },
    )


def volunteer_profile_changed(
    actor: User, profile: VolunteerProfile, fields: Iterable[str], *, created: bool
) -> None:
    log.record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="volunteer_profile",
        object_id=profile.pk,
        fields=_qualified("volunteer_profile", fields),
        details={"volunteer": str(profile.user_id)},
    )


__all__ = [
    "access_expired",
    "concern_handled",
    "concern_raised",
    "meeting_held",
    "placement_completed",
    "placement_matched",
    "placement_signed_up",
    "placement_started",
    "placement_status_changed",
    "placement_stopped",
    "placement_updated",
    "placements_viewed",
    "questionnaire_answered",
    "visit_logged",
    "volunteer_access_granted",
    "volunteer_access_revoked",
    "volunteer_profile_changed",
]
