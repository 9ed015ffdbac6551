"""The VoorleesExpress placement lifecycle: sign-up, intake, matching, start, end.

A volunteer sees a family only while a placement of theirs with it is active: starting
grants, and completing, stopping or reassigning revokes, in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from gezinsaanpak import access
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import Child, CoordinatorMeeting, Family, Placement, VolunteerProfile
from gezinsaanpak.models.audit import Action
from gezinsaanpak.models.placement import NAZORG_VISITS

from .errors import ServiceError

Status = Placement.Status


def require_coordinator(actor: User, organisation_id: object) -> None:
    """Only a coordinator of the placement's own organisation; anyone else finds nothing."""
    if actor.role != Role.COORDINATOR or actor.organisation_id != organisation_id:
        raise Http404


def log_placement(actor: User, action: str, placement: Placement, fields: Iterable[str]) -> None:
    access_log.record(
        actor=actor,
        action=action,
        object_type="placement",
        object_id=placement.pk,
        family_id=placement.family_id,
        fields=sorted(f"placement.{name}" for name in fields),
    )


def _move(placement: Placement, status: str) -> None:
    if not placement.can_move_to(status):
        raise ServiceError(_("A placement cannot go from this status to the chosen one."))
    placement.status = status


def _save(actor: User, placement: Placement, fields: Iterable[str]) -> Placement:
    placement.full_clean()
    placement.save()
    log_placement(actor, Action.UPDATE, placement, fields)
    return placement


def took_part_before(family: Family, *, excluding: Placement | None = None) -> bool:
    earlier = Placement.objects.filter(
        family=family, kind=Placement.Kind.REGULAR, status__in=Placement.ENDED
    )
    if excluding is not None:
        earlier = earlier.exclude(pk=excluding.pk)
    return family.second_participation or earlier.exists()


@transaction.atomic
def placement_signup(
    *,
    actor: User,
    family: Family,
    referred_by: str = "",
    sign_up_date: datetime.date | None = None,
    children: Iterable[Child] = (),
) -> Placement:
    """Put a family on the VoorleesExpress waiting list."""
    require_coordinator(actor, family.organisation_id)
    if Placement.objects.filter(family=family, status__in=Placement.OPEN).exists():
        raise ServiceError(_("This family is already signed up for VoorleesExpress."))
    placement = Placement(
        organisation_id=family.organisation_id,
        family=family,
        coordinator=actor,
        referred_by=referred_by,
        sign_up_date=sign_up_date or timezone.localdate(),
    )
    placement.full_clean()
    placement.save()
    placement.children.set([c for c in children if c.family_id == family.pk])
    log_placement(actor, Action.CREATE, placement, ["sign_up_date", "referred_by", "children"])
    if took_part_before(family, excluding=placement) and not family.second_participation:
        family.second_participation = True
        family.save(update_fields=["second_participation", "updated_at"])
    return placement


@transaction.atomic
def placement_intake(*, actor: User, placement: Placement) -> Placement:
    require_coordinator(actor, placement.organisation_id)
    _move(placement, Status.INTAKE)
    return _save(actor, placement, ["status"])


def _check_volunteer(volunteer: User, placement: Placement) -> VolunteerProfile:
    if volunteer.role != Role.VOLUNTEER or volunteer.organisation_id != placement.organisation_id:
        raise ServiceError(_("Choose a volunteer of your own organisation."), field="volunteer")
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    if profile is None or not profile.may_be_matched():
        raise ServiceError(
            _("This volunteer cannot be matched: a valid VOG and the training are needed."),
            field="volunteer",
        )
    return profile


@transaction.atomic
def placement_match(
    *,
    actor: User,
    placement: Placement,
    volunteer: User,
    weekday: int,
    visit_time: datetime.time,
    start_date: datetime.date,
) -> Placement:
    """Match a volunteer and fix the visit plan. The volunteer sees nothing until the start."""
    require_coordinator(actor, placement.organisation_id)
    _check_volunteer(volunteer, placement)
    if placement.status == Status.WAITING:
        _move(placement, Status.INTAKE)
    if placement.status != Status.MATCHED:
        _move(placement, Status.MATCHED)
    placement.volunteer = volunteer
    placement.weekday = weekday
    placement.visit_time = visit_time
    placement.start_date = start_date
    return _save(actor, placement, ["status", "volunteer", "weekday", "visit_time", "start_date"])


def _plan_meetings(placement: Placement) -> None:
    """Start, week 10 and end, on the days of the first, tenth and last planned visit."""
    dates = placement.planned_dates()
    if placement.kind != Placement.Kind.REGULAR or not dates:
        return
    moments = {
        CoordinatorMeeting.Moment.START: dates[0],
        CoordinatorMeeting.Moment.WEEK_10: dates[min(9, len(dates) - 1)],
        CoordinatorMeeting.Moment.END: dates[-1],
    }
    for moment, due_on in moments.items():
        CoordinatorMeeting.objects.update_or_create(
            placement=placement, moment=moment, defaults={"due_on": due_on}
        )


@transaction.atomic
def placement_start(*, actor: User, placement: Placement) -> Placement:
    """The first visit is near: the volunteer may now see the visit details of this family."""
    require_coordinator(actor, placement.organisation_id)
    _move(placement, Status.ACTIVE)
    assert placement.volunteer is not None  # noqa: S101 - the constraint guarantees it
    _check_volunteer(placement.volunteer, placement)
    _save(actor, placement, ["status"])
    access.grant(placement.volunteer, placement.family)
    _plan_meetings(placement)
    _log_grant(actor, placement, "grant")
    return placement


def _log_grant(actor: User | None, placement: Placement, what: str) -> None:
    access_log.record(
        actor=actor,
        action=Action.SHARE if what == "grant" else Action.UPDATE,
        object_type="family",
        object_id=placement.family_id,
        family_id=placement.family_id,
        reason=f"{what}:volunteer:{placement.volunteer_id}:placement:{placement.pk}",
    )


def revoke_volunteer(actor: User | None, placement: Placement) -> None:
    """Take the volunteer's access away, unless another active placement still needs it."""
    volunteer = placement.volunteer
    if volunteer is None:
        return
    still_placed = (
        Placement.objects.filter(volunteer=volunteer, family_id=placement.family_id)
        .filter(status=Status.ACTIVE)
        .exclude(pk=placement.pk)
        .exists()
    )
    if not still_placed:
        access.revoke(volunteer, placement.family)
        _log_grant(actor, placement, "revoke")


@transaction.atomic
def placement_complete(
    *, actor: User, placement: Placement, on: datetime.date | None = None
) -> Placement:
    require_coordinator(actor, placement.organisation_id)
    _move(placement, Status.COMPLETED)
    placement.end_date = on or timezone.localdate()
    _save(actor, placement, ["status", "end_date"])
    revoke_volunteer(actor, placement)
    return placement


@transaction.atomic
def placement_stop(
    *, actor: User, placement: Placement, reason: str, on: datetime.date | None = None
) -> Placement:
    require_coordinator(actor, placement.organisation_id)
    if reason not in Placement.StopReason.values:
        raise ServiceError(_("Choose why the placement stopped."), field="stop_reason")
    was_active = placement.status == Status.ACTIVE
    _move(placement, Status.STOPPED)
    placement.stop_reason = reason
    placement.end_date = on or timezone.localdate()
    _save(actor, placement, ["status", "stop_reason", "end_date"])
    if was_active:
        revoke_volunteer(actor, placement)
    return placement


@transaction.atomic
def placement_reassign(*, actor: User, placement: Placement, volunteer: User) -> Placement:
    """Another volunteer takes over an active placement: the old one loses access at once."""
    require_coordinator(actor, placement.organisation_id)
    if placement.status != Status.ACTIVE:
        raise ServiceError(_("Only an active placement can get another volunteer."))
    if volunteer.pk == placement.volunteer_id:
        raise ServiceError(_("This volunteer already has this placement."), field="volunteer")
    _check_volunteer(volunteer, placement)
    revoke_volunteer(actor, placement)
    placement.volunteer = volunteer
    _save(actor, placement, ["volunteer"])
    access.grant(volunteer, placement.family)
    _log_grant(actor, placement, "grant")
    return placement


@transaction.atomic
def placement_nazorg(*, actor: User, placement: Placement, interval_weeks: int = 2) -> Placement:
    """After a completed placement: about 5 visits every 2 to 3 weeks, same volunteer."""
    require_coordinator(actor, placement.organisation_id)
    if placement.kind != Placement.Kind.REGULAR or placement.status != Status.COMPLETED:
        raise ServiceError(_("Nazorg follows a completed placement."))
    if placement.aftercare.exists():
        raise ServiceError(_("This placement already has nazorg."))
    if interval_weeks not in (2, 3):
        raise ServiceError(_("Nazorg visits are every 2 or 3 weeks."), field="interval_weeks")
    ended = placement.end_date or timezone.localdate()
    weekday = placement.weekday if placement.weekday is not None else ended.weekday()
    start = ended + datetime.timedelta(days=(weekday - ended.weekday()) % 7 or 7)
    nazorg = Placement(
        organisation_id=placement.organisation_id,
        family_id=placement.family_id,
        coordinator=actor,
        follows=placement,
        kind=Placement.Kind.NAZORG,
        status=Status.MATCHED,
        volunteer=placement.volunteer,
        weekday=weekday,
        visit_time=placement.visit_time or datetime.time(10, 0),
        start_date=start + datetime.timedelta(weeks=interval_weeks - 1),
        planned_visits=NAZORG_VISITS,
        interval_weeks=interval_weeks,
        sign_up_date=timezone.localdate(),
    )
    nazorg.full_clean()
    nazorg.save()
    nazorg.children.set(placement.children.all())
    log_placement(actor, Action.CREATE, nazorg, ["kind", "volunteer", "start_date"])
    return nazorg


@transaction.atomic
def placement_milestones(
    *,
    actor: User,
    placement: Placement,
    library_visit_on: datetime.date | None,
    library_cards_on: datetime.date | None,
) -> Placement:
    require_coordinator(actor, placement.organisation_id)
    placement.library_visit_on = library_visit_on
    placement.library_cards_on = library_cards_on
    return _save(actor, placement, ["library_visit_on", "library_cards_on"])


@transaction.atomic
def meeting_record(
    *, actor: User, meeting: CoordinatorMeeting, held_on: datetime.date, note: str = ""
) -> CoordinatorMeeting:
    require_coordinator(actor, meeting.placement.organisation_id)
    meeting.held_on = held_on
    meeting.note = note
    meeting.full_clean()
    meeting.save()
    log_placement(actor, Action.UPDATE, meeting.placement, ["meetings"])
    return meeting


@transaction.atomic
def expire_volunteer_access() -> int:
    """Defence in depth: revoke every volunteer grant without an active placement behind it.

    Idempotent: a second run finds nothing to do. Returns the number of grants revoked.
    """
    from gezinsaanpak.models import FamilyUserObjectPermission

    pairs = set(
        FamilyUserObjectPermission.objects.filter(user__role=Role.VOLUNTEER).values_list(
            "user_id", "content_object_id"
        )
    )
    active = set(
        Placement.objects.filter(status=Status.ACTIVE).values_list("volunteer_id", "family_id")
    )
    ended = pairs - active
    for user_id, family_id in sorted(ended, key=str):
        family = Family.objects.get(pk=family_id)
        access.revoke(User.objects.get(pk=user_id), family)
        access_log.record(
            actor=None,
            actor_label="expire_access",
            action=Action.UPDATE,
            object_type="family",
            object_id=family_id,
            family_id=family_id,
            reason=f"expire:volunteer:{user_id}",
            organisation_id=family.organisation_id,
        )
    return len(ended)
