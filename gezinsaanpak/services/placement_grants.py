"""A volunteer's access to a family follows their active placement with it.

Starting a placement grants, ending or reassigning it revokes, in the same transaction;
``expire_volunteer_access`` (the daily job) revokes whatever was left behind.
"""

from __future__ import annotations

from uuid import UUID

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


def ended_volunteer_grants() -> list[tuple[UUID, UUID]]:
    """(volunteer id, family id) of every volunteer grant without an active placement."""
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
    return sorted(pairs - active, key=str)


@transaction.atomic
def volunteer_access_expire(*, volunteer_id: UUID, family_id: UUID) -> bool:
    """Revoke one left-over grant and log it, together; ``False`` when it is already gone
    or a placement needs it again (idempotent, so a rerun of the job skips it)."""
    grant = (
        FamilyUserObjectPermission.objects.select_for_update()
        .filter(user_id=volunteer_id, content_object_id=family_id)
        .values_list("pk", flat=True)
        .first()
    )
    placed = Placement.objects.filter(
        volunteer_id=volunteer_id, family_id=family_id, status=Placement.Status.ACTIVE
    ).exists()
    if grant is None or placed:
        return False
    family = Family.objects.get(pk=family_id)
    family_access.revoke(User.objects.get(pk=volunteer_id), family)
    events.access_expired(family.organisation_id, family_id, volunteer_id)
    return True


def expire_volunteer_access() -> int:
    """Defence in depth: revoke every volunteer grant without an active placement behind it.

    Idempotent: a second run finds nothing to do. Each grant is revoked with its log line in
    one transaction. Returns the number of grants revoked.
    """
    return sum(
        volunteer_access_expire(volunteer_id=user_id, family_id=family_id)
        for user_id, family_id in ended_volunteer_grants()
    )
