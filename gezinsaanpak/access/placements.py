"""Who may see and change which VoorleesExpress placement, visit, concern and meeting.

A coordinator (``MATCH``) sees every placement of their organisation. A volunteer
(``READ_AS_VOLUNTEER``) sees only their own *active* placements, and only on families the
family rules let them see (the grant that starting the placement gave them): the grant
and the placement end together. Everyone else sees nothing.

``*_for`` lookups answer 404 for missing and forbidden alike; ``*_for_change`` lookups
fetch an object in order to change it: not a read, so the caller logs nothing for it, and
404 also when the user may see the object but not do ``capability`` on it.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.models import Concern, CoordinatorMeeting, Family, Placement, VolunteerProfile

from .families import families_visible_to
from .lookup import one_or_404
from .roles import Capability, can, roles_with
from .rules import may, object_rule


def placements_visible_to(user: User) -> QuerySet[Placement]:
    """Every placement ``user`` may see; default deny."""
    if user.organisation_id is None:
        return Placement.objects.none()
    if can(user, Capability.MATCH):
        # An anonymised file's placements stay for the figures, but are nobody's to see.
        return Placement.objects.filter(organisation_id=user.organisation_id).exclude(
            family__status=Family.Status.ANONYMISED
        )
    if can(user, Capability.READ_AS_VOLUNTEER):
        return Placement.objects.filter(
            organisation_id=user.organisation_id,
            volunteer_id=user.pk,
            status=Placement.Status.ACTIVE,
            family__in=families_visible_to(user).values("pk"),
        )
    return Placement.objects.none()


def placement_for(user: User, placement_id: UUID | str) -> Placement:
    """One placement ``user`` may see: missing, ended and not yours all answer 404."""
    return one_or_404(placements_visible_to(user), placement_id)


def placement_for_change(
    user: User, placement_id: UUID | str, capability: Capability = Capability.MATCH
) -> Placement:
    """A placement to change (not logged); 404 unless ``user`` may do ``capability`` on it."""
    placement = one_or_404(placements_visible_to(user).select_related("family"), placement_id)
    if not may(user, capability, placement):
        raise Http404
    return placement


def concern_for_change(user: User, concern_id: UUID | str) -> Concern:
    """A concern to mark as handled (not logged): the organisation's coordinator only."""
    concerns = Concern.objects.select_related("placement").filter(
        placement__in=placements_visible_to(user)
    )
    concern = one_or_404(concerns, concern_id)
    if not may(user, Capability.HANDLE_CONCERN, concern):
        raise Http404
    return concern


def meeting_for_change(
    user: User, placement_id: UUID | str, meeting_id: UUID | str
) -> CoordinatorMeeting:
    """A coordinator meeting of a placement, to record it (not logged)."""
    placement = placement_for_change(user, placement_id)
    meeting = one_or_404(CoordinatorMeeting.objects.filter(placement=placement), meeting_id)
    meeting.placement = placement
    return meeting


def volunteers_visible_to(user: User) -> QuerySet[User]:
    """The volunteers a coordinator looks after: the organisation's users who read aloud."""
    if user.organisation_id is None or not can(user, Capability.MANAGE_VOLUNTEERS):
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id,
        role__in=roles_with(Capability.READ_AS_VOLUNTEER),
    )


def volunteer_for(user: User, volunteer_id: UUID | str) -> User:
    return one_or_404(volunteers_visible_to(user), volunteer_id)


def is_volunteer_of(user: User, volunteer: User) -> bool:
    """Whether ``volunteer`` is one that ``user`` looks after (to check a write)."""
    return (
        can(user, Capability.MANAGE_VOLUNTEERS)
        and volunteer.organisation_id == user.organisation_id
        and volunteer.role in roles_with(Capability.READ_AS_VOLUNTEER)
    )


def profiles_visible_to(user: User) -> QuerySet[VolunteerProfile]:
    """A coordinator sees the organisation's volunteer profiles, a volunteer their own."""
    profiles = VolunteerProfile.objects.select_related("user", "vog_checked_by")
    if user.organisation_id is None:
        return profiles.none()
    if can(user, Capability.MANAGE_VOLUNTEERS):
        return profiles.filter(user__in=volunteers_visible_to(user))
    if can(user, Capability.READ_AS_VOLUNTEER):
        return profiles.filter(user_id=user.pk)
    return profiles.none()


def profile_for(user: User, profile_id: UUID | str) -> VolunteerProfile:
    return one_or_404(profiles_visible_to(user), profile_id)


# Object rules: the capability is already held (``may`` checked the role) -----------------

_COORDINATING = frozenset({Capability.MATCH, Capability.HANDLE_CONCERN})
_VISITING = frozenset({Capability.LOG_VISIT, Capability.RAISE_CONCERN})


@object_rule(Placement)
def may_on_placement(user: User, capability: Capability, placement: Placement) -> bool:
    """Coordinating inside the organisation; visiting only on one's own active placement."""
    if placement.organisation_id != user.organisation_id:
        return False
    if capability in _COORDINATING:
        return True
    if capability in _VISITING:
        return (
            placement.volunteer_id == user.pk
            and placement.status == Placement.Status.ACTIVE
            and families_visible_to(user).filter(pk=placement.family_id).exists()
        )
    return False


@object_rule(Concern)
def may_on_concern(user: User, capability: Capability, concern: Concern) -> bool:
    return capability == Capability.HANDLE_CONCERN and may_on_placement(
        user, capability, concern.placement
    )


@object_rule(CoordinatorMeeting)
def may_on_meeting(user: User, capability: Capability, meeting: CoordinatorMeeting) -> bool:
    return capability == Capability.MATCH and may_on_placement(user, capability, meeting.placement)
