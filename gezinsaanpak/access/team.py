"""Who may manage whose team, and with which roles (issue 16, point 2).

A coordinator (``MANAGE_TEAM``) manages the users of their own organisation, never an
administrator; an administrator (``MANAGE_ANY_TEAM``) manages every organisation's users.
A user one may not manage is not found (404), exactly like one that does not exist.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from guardian.models import UserObjectPermission

from accounts.models import Organisation, Role, User
from gezinsaanpak.models import Family, FamilyUserObjectPermission

from .lookup import one_or_404
from .roles import Capability, can, roles_with

# The roles each kind of organisation has; administrators are given by administrators only.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    Organisation.Kind.LIBRARY: (
        Role.COORDINATOR,
        Role.SPECIALIST,
        Role.COACH,
        Role.VOLUNTEER,
        Role.PRIVACY_OFFICER,
    ),
    Organisation.Kind.PARTNER: (Role.PARTNER,),
    Organisation.Kind.REGIONAL: (Role.REGIONAL,),
    Organisation.Kind.MUNICIPALITY: (Role.MUNICIPALITY,),
}


def may_manage_team(user: User) -> bool:
    return can(user, Capability.MANAGE_TEAM)


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    """The organisations whose team ``user`` manages: their own, or all for an administrator."""
    if not may_manage_team(user) or user.organisation_id is None:
        return Organisation.objects.none()
    if can(user, Capability.MANAGE_ANY_TEAM):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=user.organisation_id)


def organisation_for(user: User, organisation_id: UUID | str | None) -> Organisation:
    """The organisation whose team ``user`` looks at: their own unless an admin chose another."""
    target = organisation_id or user.organisation_id
    if target is None:
        raise Http404
    return one_or_404(organisations_managed_by(user), target)


def members_visible_to(user: User) -> QuerySet[User]:
    """The users ``user`` may manage (administrators only for an administrator)."""
    members = User.objects.filter(organisation__in=organisations_managed_by(user))
    if not can(user, Capability.MANAGE_ANY_TEAM):
        members = members.exclude(role=Role.ADMIN).exclude(is_superuser=True)
    return members.select_related("organisation")


def member_for_change(user: User, member_id: UUID | str) -> User:
    """A user to change (role, deactivation, invitation): 404 unless ``user`` manages them."""
    return one_or_404(members_visible_to(user), member_id)


def organisation_of(member: User) -> Organisation:
    """A managed member's organisation (every managed member has one; else not found)."""
    if member.organisation is None:
        raise Http404
    return member.organisation


def assignable_roles(user: User, organisation: Organisation) -> list[str]:
    """The roles ``user`` may give in ``organisation``: its kind's, and admin for admins."""
    if not organisations_managed_by(user).filter(pk=organisation.pk).exists():
        return []
    roles = list(ROLES_BY_KIND.get(organisation.kind, ()))
    if can(user, Capability.MANAGE_ANY_TEAM):
        roles.append(Role.ADMIN)
    return roles


def may_reset_two_factor(user: User, member: User) -> bool:
    return (
        can(user, Capability.RESET_TWO_FACTOR)
        and members_visible_to(user).filter(pk=member.pk).exists()
    )


def may_hand_over_files(user: User) -> bool:
    """Deactivating a case owner hands their files over: only who may assign owners."""
    return can(user, Capability.ASSIGN_CASE_OWNER)


def open_files_of(member: User) -> QuerySet[Family]:
    """The files ``member`` is case owner of that are still running (not closed)."""
    return Family.objects.filter(case_owner=member).exclude(
        status__in=(Family.Status.CLOSED, Family.Status.ANONYMISED)
    )


def case_owner_candidates(organisation_id: UUID, *, besides: User | None = None) -> QuerySet[User]:
    """Active users of the organisation who may own cases (the new owner when one leaves)."""
    candidates = User.objects.filter(
        organisation_id=organisation_id,
        role__in=roles_with(Capability.OWN_CASES),
        is_active=True,
    )
    if besides is not None:
        candidates = candidates.exclude(pk=besides.pk)
    return candidates.order_by("name", "email")


def revoke_all_grants(member: User) -> int:
    """Every object permission ``member`` holds, gone: family grants and guardian's generic ones.

    Group memberships go too (a group could carry grants). The number of grants removed.
    """
    count, _ = FamilyUserObjectPermission.objects.filter(user=member).delete()
    generic, _ = UserObjectPermission.objects.filter(user=member).delete()
    member.groups.clear()
    return count + generic
