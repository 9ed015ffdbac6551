"""The team pages' reads (``/team/``): the organisation's users and one user, for who manages it.

Each page logs one line per user shown, naming the fields it rendered. (The team as a list
of case-owner candidates for other pages lives in ``selectors.team``.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Prefetch
from django.http import Http404
from django_otp import user_has_device

from accounts.models import Invitation, Organisation, User, role_label
from gezinsaanpak.access import team as team_access
from gezinsaanpak.access.lookup import one_or_404
from gezinsaanpak.audit.events import team as events
from gezinsaanpak.models.audit import Action

# What the invitation column says: none (password set), pending, expired, or not sent yet
# (an account made by a spreadsheet import has no password and no invitation).
INVITATION_NONE, INVITATION_PENDING, INVITATION_EXPIRED = "", "pending", "expired"
INVITATION_NOT_SENT = "not_sent"


@dataclass
class TeamMember:
    """One user as the team pages show them: only these values, logged by name."""

    pk: UUID
    name: str
    email: str
    role: str
    role_label: str
    is_active: bool
    invitation: str
    entity: str = "user"
    family_id: UUID | None = None

    def field_names(self) -> list[str]:
        return ["email", "invitation", "is_active", "name", "role"]

    @property
    def invitation_pending(self) -> bool:
        return self.invitation == INVITATION_PENDING

    @property
    def invitation_expired(self) -> bool:
        return self.invitation == INVITATION_EXPIRED

    @property
    def invitation_not_sent(self) -> bool:
        return self.invitation == INVITATION_NOT_SENT


@dataclass(frozen=True)
class TeamPage:
    organisation: Organisation
    members: list[TeamMember]
    organisations: list[Organisation] = field(default_factory=list)  # an admin's choice


@dataclass(frozen=True)
class MemberPage:
    member: TeamMember
    organisation: Organisation
    open_files: int
    two_factor_on: bool
    is_self: bool


def _invitation_state(user: User) -> str:
    if user.has_usable_password() or not user.is_active:
        return INVITATION_NONE
    invitations: list[Invitation] = list(getattr(user, "open_invitations", []))
    if not invitations:
        return INVITATION_NOT_SENT
    if any(not i.is_expired for i in invitations):
        return INVITATION_PENDING
    return INVITATION_EXPIRED


def _member(user: User) -> TeamMember:
    return TeamMember(
        pk=user.pk,
        name=user.name,
        email=user.email,
        role=user.role,
        role_label=role_label(user.role),
        is_active=user.is_active,
        invitation=_invitation_state(user),
    )


def _with_invitations() -> Any:
    return Prefetch("invitations", Invitation.objects.open(), to_attr="open_invitations")


def team_page(actor: User, organisation_id: UUID | str | None = None) -> TeamPage:
    """The users of the organisation ``actor`` manages (an admin may choose one)."""
    if not team_access.may_manage_team(actor):
        raise Http404
    organisation = team_access.organisation_for(actor, organisation_id)
    users = (
        team_access.members_visible_to(actor)
        .filter(organisation=organisation)
        .prefetch_related(_with_invitations())
        .order_by("-is_active", "name", "email")
    )
    members = [_member(u) for u in users]
    events.team_viewed(actor, members)
    choices = list(team_access.organisations_managed_by(actor)) if _many(actor) else []
    return TeamPage(organisation=organisation, members=members, organisations=choices)


def _many(actor: User) -> bool:
    return team_access.organisations_managed_by(actor)[:2].count() > 1


def member_page(actor: User, member_id: UUID | str) -> MemberPage:
    """One user, for changing their role, resending, deactivating or resetting 2FA."""
    members = team_access.members_visible_to(actor).prefetch_related(_with_invitations())
    user = one_or_404(members, member_id)
    shown = _member(user)
    events.team_viewed(actor, [shown], action=Action.READ)
    return MemberPage(
        member=shown,
        organisation=team_access.organisation_of(user),
        open_files=team_access.open_files_of(user).count(),
        two_factor_on=user_has_device(user, confirmed=True),
        is_self=user.pk == actor.pk,
    )
