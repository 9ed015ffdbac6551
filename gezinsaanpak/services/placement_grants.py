"""A volunteer's access to a family follows their active placement with it.

Starting a placement grants, ending or reassigning it revokes, in the same transaction;
``expire_volunteer_access`` (the daily job) revokes whatever was left behind.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from gezinsaanpak.access import families as family_access
from gezinsaanpak.access.roles import Capability, roles_with
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Family, FamilyUserObjectPermission, Placement


def grant_volunteer(actor: User, placement: Placement, volunteer: User) -> None:
    """Unchecked: the calling service has checked ``actor`` may start or reassign."""
    family_access.grant(volunteer, placement.family)
    events.volunteer_access_granted(actor, placement, volunteer)


def revoke_volunteer(actor: User | None, placement: Placement, *, why: str) -> None:
    """Take the volunteer's access away, unless another active placement still needs it.

    Unchecked: the calling service has checked ``actor`` may end or reassign.
    """
    volunteer = placement.volunteer
    if volunteer is None:
        return
    still_placed = (
        Placement.objects.filter(volunteer=volunteer, family_id=placement.family_id)
        .filter(status=Placement.Status.ACTIVE)
        .exclude(pk=placement.pk)
        .exists()
    )
    if not still_placed:
        family_access.revoke(volunteer, placement.family)
        events.volunteer_access_revoked(actor, placement, volunteer, why)


@transaction.atomic
def expire_volunteer_access() -> int:
    """Defence in depth: revoke every volunteer grant without an active placement behind it.

    Idempotent: a second run finds nothing to do. Returns the number of grants revoked.
    """
    pairs = set(
        FamilyUserObjectPermission.objects.filter(
            user__role__in=roles_with(Capability.READ_AS_VOLUNTEER)
        ).values_list("user_id", "content_object_id")
    )
    active = set(
        Placement.objects.filter(status=Placement.Status.ACTIVE).values_list(
            "volunteer_id", "family_id"
        )
    )
    ended = sorted(pairs - active, key=str)
    families = Family.objects.in_bulk([family_id for _, family_id in ended])
    users = User.objects.in_bulk([user_id for user_id, _ in ended])
    for user_id, family_id in ended:
        family = families[family_id]
        family_access.revoke(users[user_id], family)
        events.access_expired(family.organisation_id, family_id, user_id)
    return len(ended)
