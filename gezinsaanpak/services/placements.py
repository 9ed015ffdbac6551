"""The VoorleesExpress placement lifecycle: sign-up, intake, matching, start, end.

A volunteer sees a family only while a placement of theirs with it is active: starting
grants, and completing, stopping or reassigning revokes, in the same transaction
(:mod:`.placement_grants`). Every write asks ``access.may`` first; a user who may not
finds nothing (404), as on every other page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak.access import may
from gezinsaanpak.access import subject_requests as request_access
from gezinsaanpak.access.roles import Capability, can
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Child, CoordinatorMeeting, Family, Placement, VolunteerProfile
from gezinsaanpak.models.placement import NAZORG_VISITS, ReferralSource

from .errors import ServiceError
from .placement_grants import grant_volunteer, revoke_volunteer
from .restriction import Refused, require_unrestricted

Status = Placement.Status


def require(actor: User, capability: Capability, obj: object) -> None:
    """The one permission check of a write: anyone who may not finds nothing."""
    if not may(actor, capability, obj):
        raise Http404


def _require_step(actor: User, placement: Placement) -> None:
    """A step forward (intake, match, start, …): refused while the file is restricted."""
    require(actor, Capability.MATCH, placement)
    require_unrestricted(placement.family_id, Refused.PLACEMENT)


def _move(placement: Placement, status: str) -> None:
    if not placement.can_move_to(status):
        raise ServiceError(_("A placement cannot go from this status to the chosen one."))
    placement.status = status


def _save(placement: Placement) -> Placement:
    placement.full_clean()
    placement.save()
    return placement


def _took_part_before(family: Family, *, excluding: Placement) -> bool:
    earlier = Placement.objects.filter(
        family=family, kind=Placement.Kind.REGULAR, status__in=Placement.ENDED
    ).exclude(pk=excluding.pk)
    return family.second_participation or earlier.exists()


@transaction.atomic
def placement_signup(
    *,
    actor: User,
    family: Family,
    referred_by: str = "",
    referral_source: str = ReferralSource.OTHER,
    sign_up_date: datetime.date | None = None,
    children: Iterable[Child] = (),
) -> Placement:
    """Put a family on the VoorleesExpress waiting list."""
    require(actor, Capability.SIGN_UP_VOORLEESEXPRESS, family)
    require_unrestricted(family, Refused.PLACEMENT)
    if Placement.objects.filter(family=family, status__in=Placement.OPEN).exists():
        raise ServiceError(_("This family is already signed up for VoorleesExpress."))
    placement = Placement(
        organisation_id=family.organisation_id,
        family=family,
        coordinator=actor,
        referred_by=referred_by,
        referral_source=referral_source,
        sign_up_date=sign_up_date or timezone.localdate(),
    )
    _save(placement)
    placement.children.set([c for c in children if c.family_id == family.pk])
    events.placement_signed_up(
        actor, placement, ["sign_up_date", "referral_source", "referred_by", "children"]
    )
    if _took_part_before(family, excluding=placement) and not family.second_participation:
        family.second_participation = True
        family.save(update_fields=["second_participation", "updated_at"])
    return placement


@transaction.atomic
def placement_intake(*, actor: User, placement: Placement) -> Placement:
    _require_step(actor, placement)
    _move(placement, Status.INTAKE)
    _save(placement)
    events.placement_status_changed(actor, placement, ["status"])
    return placement


def _check_volunteer(volunteer: User, placement: Placement) -> VolunteerProfile:
    if not can(volunteer, Capability.READ_AS_VOLUNTEER) or (
        volunteer.organisation_id != placement.organisation_id
    ):
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
    _require_step(actor, placement)
    _check_volunteer(volunteer, placement)
    if placement.status == Status.WAITING:
        _move(placement, Status.INTAKE)
    if placement.status != Status.MATCHED:
        _move(placement, Status.MATCHED)
    placement.volunteer = volunteer
    placement.weekday = weekday
    placement.visit_time = visit_time
    placement.start_date = start_date
    _save(placement)
    fields = ["status", "volunteer", "weekday", "visit_time", "start_date"]
    events.placement_matched(actor, placement, fields)
    return placement


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
    _require_step(actor, placement)
    _move(placement, Status.ACTIVE)
    volunteer = placement.volunteer
    assert volunteer is not None  # noqa: S101 - the constraint guarantees it
    _check_volunteer(volunteer, placement)
    _save(placement)
    events.placement_started(actor, placement)
    grant_volunteer(actor, placement, volunteer)
    _plan_meetings(placement)
    return placement


@transaction.atomic
def placement_complete(
    *, actor: User, placement: Placement, on: datetime.date | None = None
) -> Placement:
    require(actor, Capability.MATCH, placement)
    _move(placement, Status.COMPLETED)
    placement.end_date = on or timezone.localdate()
    _save(placement)
    events.placement_completed(actor, placement)
    revoke_volunteer(actor, placement, why="placement_ended")
    return placement


@transaction.atomic
def placement_stop(
    *, actor: User, placement: Placement, reason: str, on: datetime.date | None = None
) -> Placement:
    require(actor, Capability.MATCH, placement)
    if reason not in Placement.StopReason.values:
        raise ServiceError(_("Choose why the placement stopped."), field="stop_reason")
    return _stop(actor, placement, reason, on)


@transaction.atomic
def placement_stop_on_objection(*, actor: User, placement: Placement) -> Placement:
    """The family objected to VoorleesExpress (art. 21): the privacy officer stops it.

    Stopping ends processing, so it is allowed on a restricted file too.
    """
    if not request_access.may_stop_on_objection(actor, placement):
        raise Http404
    return _stop(actor, placement, Placement.StopReason.OBJECTION, None)


def _stop(actor: User, placement: Placement, reason: str, on: datetime.date | None) -> Placement:
    was_active = placement.status == Status.ACTIVE
    _move(placement, Status.STOPPED)
    placement.stop_reason = reason
    placement.end_date = on or timezone.localdate()
    _save(placement)
    events.placement_stopped(actor, placement)
    if was_active:
        revoke_volunteer(actor, placement, why="placement_ended")
    return placement


@transaction.atomic
def placement_reassign(*, actor: User, placement: Placement, volunteer: User) -> Placement:
    """Another volunteer takes over an active placement: the old one loses access at once."""
    _require_step(actor, placement)
    if placement.status != Status.ACTIVE:
        raise ServiceError(_("Only an active placement can get another volunteer."))
    if volunteer.pk == placement.volunteer_id:
        raise ServiceError(_("This volunteer already has this placement."), field="volunteer")
    _check_volunteer(volunteer, placement)
    revoke_volunteer(actor, placement, why="volunteer_changed")
    placement.volunteer = volunteer
    _save(placement)
    events.placement_updated(actor, placement, ["volunteer"])
    grant_volunteer(actor, placement, volunteer)
    return placement


def _nazorg_start(placement: Placement, interval_weeks: int) -> tuple[int, datetime.date]:
    """The same weekday, ``interval_weeks`` after the first such day after the end."""
    ended = placement.end_date or timezone.localdate()
    weekday = placement.weekday if placement.weekday is not None else ended.weekday()
    first = ended + datetime.timedelta(days=(weekday - ended.weekday()) % 7 or 7)
    return weekday, first + datetime.timedelta(weeks=interval_weeks - 1)


@transaction.atomic
def placement_nazorg(*, actor: User, placement: Placement, interval_weeks: int = 2) -> Placement:
    """After a completed placement: about 5 visits every 2 to 3 weeks, same volunteer."""
    _require_step(actor, placement)
    if placement.kind != Placement.Kind.REGULAR or placement.status != Status.COMPLETED:
        raise ServiceError(_("Nazorg follows a completed placement."))
    if placement.aftercare.exists():
        raise ServiceError(_("This placement already has nazorg."))
    if interval_weeks not in (2, 3):
        raise ServiceError(_("Nazorg visits are every 2 or 3 weeks."), field="interval_weeks")
    weekday, start = _nazorg_start(placement, interval_weeks)
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
        start_date=start,
        planned_visits=NAZORG_VISITS,
        interval_weeks=interval_weeks,
        sign_up_date=timezone.localdate(),
    )
    _save(nazorg)
    nazorg.children.set(placement.children.all())
    events.placement_signed_up(actor, nazorg, ["kind", "volunteer", "start_date"])
    return nazorg


@transaction.atomic
def placement_milestones(
    *,
    actor: User,
    placement: Placement,
    library_visit_on: datetime.date | None,
    library_cards_on: datetime.date | None,
) -> Placement:
    _require_step(actor, placement)
    placement.library_visit_on = library_visit_on
    placement.library_cards_on = library_cards_on
    _save(placement)
    events.placement_updated(actor, placement, ["library_visit_on", "library_cards_on"])
    return placement


@transaction.atomic
def meeting_record(
    *, actor: User, meeting: CoordinatorMeeting, held_on: datetime.date, note: str = ""
) -> CoordinatorMeeting:
    require(actor, Capability.MATCH, meeting)
    require_unrestricted(meeting.placement.family_id, Refused.PLACEMENT)
    meeting.held_on = held_on
    meeting.note = note
    meeting.full_clean()
    meeting.save()
    events.meeting_held(actor, meeting, ["held_on", "note"])
    return meeting
