"""The team, managed by the coordinator: invite, resend, change role, deactivate, reset 2FA.

Each write checks in ``access.team`` whether the actor manages the user, writes in one
transaction with its access-log lines, and sends mail only after commit. An invitation's
token is random, stored only as a hash, works once and for ``INVITATION_VALID_DAYS``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import sessions, two_factor
from accounts.models import Invitation, Organisation, User
from gezinsaanpak.access import Capability, can
from gezinsaanpak.access import team as team_access
from gezinsaanpak.access.roles import roles_with
from gezinsaanpak.audit.events import team as events
from gezinsaanpak.models import VolunteerProfile

from .errors import ServiceError
from .family_access import family_assign_owner


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_manager(actor: User) -> None:
    if not team_access.may_manage_team(actor):
        raise Http404


def _invitation_mail(email: str, token: str, organisation_name: str) -> None:
    """The link and nothing personal but the address it goes to."""
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", kwargs={"token": token})
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation to Gezinsaanpak")
        body = _(
            "You are invited to work with Gezinsaanpak for %(organisation)s.\n\n"
            "Choose your password with this link. The link works once and for "
            "%(days)s days:\n%(link)s\n\n"
            "Did you not expect this e-mail? Then you can ignore it."
        ) % {
            "organisation": organisation_name,
            "days": settings.INVITATION_VALID_DAYS,
            "link": link,
        }
    send_mail(subject, body, None, [email])


def _issue(actor: User, member: User, *, resend: bool) -> Invitation:
    """A new invitation for ``member``; any earlier open one stops working."""
    now = timezone.now()
    Invitation.objects.open().filter(user=member).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user=member,
        token_hash=token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    events.invitation_sent(actor, invitation, resend=resend)
    email, organisation_name = member.email, str(member.organisation)
    transaction.on_commit(lambda: _invitation_mail(email, token, organisation_name))
    return invitation


@transaction.atomic
def team_member_invite(
    *, actor: User, organisation: Organisation, email: str, name: str, role: str
) -> Invitation:
    """Make the account (no password yet) and send the invitation link.

    A volunteer gets their volunteer profile at once, so the coordinator can record the
    VOG and training before the first match.
    """
    _require_manager(actor)
    if role not in team_access.assignable_roles(actor, organisation):
        raise ServiceError(_("You cannot give this role here."), field="role")
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ServiceError(
            _("There is already an account with this e-mail address."), field="email"
        )
    member = User(email=email, name=name.strip(), organisation=organisation, role=role)
    member.set_unusable_password()
    member.full_clean()
    member.save()
    profile = can(member, Capability.READ_AS_VOLUNTEER)
    if profile:
        VolunteerProfile.objects.create(user=member)
    events.member_invited(actor, member, volunteer_profile=profile)
    return _issue(actor, member, resend=False)


@transaction.atomic
def team_invitation_resend(*, actor: User, member: User) -> Invitation:
    """A new link for someone who has not set a password yet; the old link stops working."""
    _require_manager(actor)
    team_access.member_for_change(actor, member.pk)
    if member.has_usable_password() or not member.is_active:
        raise ServiceError(_("This person has already set a password."))
    return _issue(actor, member, resend=True)


@dataclass(frozen=True)
class InvitationCheck:
    """What a link is: usable (with its invitation), or why it no longer works."""

    invitation: Invitation | None
    problem: str = ""  # "", "unknown", "used" or "expired"


def invitation_check(token: str) -> InvitationCheck:
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None or invitation.revoked_at is not None or not invitation.user.is_active:
        return InvitationCheck(None, "unknown")
    if invitation.used_at is not None:
        return InvitationCheck(None, "used")
    if invitation.is_expired:
        return InvitationCheck(None, "expired")
    return InvitationCheck(invitation)


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the password with the link, once; raises ``ServiceError`` when it no longer works."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or not invitation.is_usable or not invitation.user.is_active:
        raise ServiceError(_("This invitation link no longer works."))
    member = invitation.user
    member.set_password(password)
    member.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    events.invitation_accepted(invitation)
    return member


@transaction.atomic
def team_member_role_change(*, actor: User, member: User, role: str) -> User:
    _require_manager(actor)
    team_access.member_for_change(actor, member.pk)
    if member.pk == actor.pk:
        raise ServiceError(_("You cannot change your own role."), field="role")
    if role not in team_access.assignable_roles(actor, team_access.organisation_of(member)):
        raise ServiceError(_("You cannot give this role here."), field="role")
    previous = member.role
    if previous == role:
        return member
    if team_access.open_files_of(member).exists() and role not in _owner_roles():
        raise ServiceError(
            _("This person is case owner of open files. Hand those over first."), field="role"
        )
    member.role = role
    try:
        member.full_clean()
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), field="role") from error
    member.save(update_fields=["role"])
    if can(member, Capability.READ_AS_VOLUNTEER):
        VolunteerProfile.objects.get_or_create(user=member)
    events.role_changed(actor, member, previous=previous)
    return member


def _owner_roles() -> frozenset[str]:
    return roles_with(Capability.OWN_CASES)


@dataclass(frozen=True)
class Deactivation:
    files: int
    grants: int
    tokens: int
    sessions: int


@transaction.atomic
def team_member_deactivate(
    *, actor: User, member: User, new_owner: User | None = None
) -> Deactivation:
    """Deactivate at once: sessions, API tokens and grants end; open files go to ``new_owner``.

    Each file is handed over with ``family_assign_owner`` (logged per file there).
    """
    _require_manager(actor)
    team_access.member_for_change(actor, member.pk)
    if member.pk == actor.pk:
        raise ServiceError(_("You cannot deactivate yourself."))
    if not member.is_active:
        raise ServiceError(_("This person is already deactivated."))
    files = _hand_over(actor, member, new_owner)
    grants = team_access.revoke_all_grants(member)
    tokens = sessions.revoke_api_tokens(member)
    member.is_active = False
    member.set_unusable_password()  # a new session auth hash: any session left is refused
    member.save(update_fields=["is_active", "password"])
    Invitation.objects.open().filter(user=member).update(revoked_at=timezone.now())
    VolunteerProfile.objects.filter(user=member).update(active=False)
    ended = sessions.end_sessions(member)
    result = Deactivation(files=files, grants=grants, tokens=tokens, sessions=ended)
    events.member_deactivated(
        actor, member, files=files, grants=grants, tokens=tokens, sessions=ended
    )
    return result


def _hand_over(actor: User, member: User, new_owner: User | None) -> int:
    families = list(team_access.open_files_of(member))
    if not families:
        return 0
    if not team_access.may_hand_over_files(actor):
        raise ServiceError(
            _(
                "This person is case owner of open files. The coordinator of the "
                "organisation hands them over when deactivating."
            )
        )
    if new_owner is None:
        raise ServiceError(
            _("This person is case owner of open files. Choose who takes them over."),
            field="new_owner",
        )
    organisation = team_access.organisation_of(member)
    candidates = team_access.case_owner_candidates(organisation.pk, besides=member)
    if not candidates.filter(pk=new_owner.pk).exists():
        raise ServiceError(_("Choose a specialist of the same organisation."), field="new_owner")
    for family in families:
        family_assign_owner(actor=actor, family=family, owner=new_owner)
    return len(families)


@transaction.atomic
def team_member_two_factor_reset(*, actor: User, member: User) -> int:
    """Remove ``member``'s two-step login (app and recovery codes); they enrol again."""
    if not team_access.may_reset_two_factor(actor, member):
        raise Http404
    removed = two_factor.devices_remove(member)
    events.two_factor_reset(actor, member, devices=removed)
    return removed
