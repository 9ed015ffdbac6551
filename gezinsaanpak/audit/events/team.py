"""Access-log events of the team: invitations, roles, deactivation, passwords, two-step login.

The object is the user concerned (``user``) or the invitation (``invitation``); details hold
ids, roles and counts, never a name, an address, a password or a code. A line is written
in the organisation chain of the user concerned, so that organisation's privacy officer
finds it, also when an administrator of another organisation acted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.audit.events import Shown, shown_entries
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from accounts.models import Invitation, User


def _user_line(
    actor: User | None,
    action: str,
    member: User,
    fields: Sequence[str] = (),
    details: log.Details | None = None,
) -> None:
    entry = log.Entry("user", member.pk, None, sorted(fields), details)
    log.record_many(
        actor=actor, action=action, entries=[entry], organisation_id=member.organisation_id
    )


def invitation_sent(actor: User, invitation: Invitation, *, resend: bool) -> None:
    """A new invitation link went out (``resend``: it replaced an earlier one)."""
    member = invitation.user
    details: log.Details = {"user": str(member.pk), "role": member.role, "resend": resend}
    entry = log.Entry("invitation", invitation.pk, None, ["email", "expires_at"], details)
    log.record_many(
        actor=actor, action=Action.CREATE, entries=[entry], organisation_id=member.organisation_id
    )


def member_invited(actor: User, member: User, *, volunteer_profile: bool) -> None:
    """The user account an invitation is for was made (with a volunteer profile or not)."""
    details: log.Details = {"role": member.role, "volunteer_profile": volunteer_profile}
    _user_line(actor, Action.CREATE, member, ("email", "name", "organisation", "role"), details)


def invitation_accepted(invitation: Invitation) -> None:
    """The invited person set their password with the link (they are the actor)."""
    member = invitation.user
    entry = log.Entry("invitation", invitation.pk, None, ["used_at"], {"user": str(member.pk)})
    log.record_many(actor=member, action=Action.UPDATE, entries=[entry])
    _user_line(member, Action.UPDATE, member, ("password",))


def role_changed(actor: User, member: User, *, previous: str) -> None:
    _user_line(actor, Action.UPDATE, member, ("role",), {"role": member.role, "previous": previous})


def member_deactivated(
    actor: User, member: User, *, files: int, grants: int, tokens: int, sessions: int
) -> None:
    """Deactivated, with how much ended: files handed over, grants, API tokens, sessions."""
    details: log.Details = {
        "files_handed_over": files,
        "grants_revoked": grants,
        "tokens_revoked": tokens,
        "sessions_ended": sessions,
    }
    _user_line(actor, Action.UPDATE, member, ("is_active", "password"), details)


def two_factor_reset(actor: User, member: User, *, devices: int) -> None:
    """An administrator removed ``member``'s two-step login devices (app and recovery codes)."""
    _user_line(actor, Action.DELETE, member, ("two_factor",), {"devices_removed": devices})


def recovery_codes_generated(user: User, *, count: int) -> None:
    _user_line(user, Action.CREATE, user, ("recovery_codes",), {"count": count})


def recovery_code_used(user: User) -> None:
    _user_line(user, Action.UPDATE, user, ("recovery_codes",), {"used": 1})


def password_changed(user: User) -> None:
    _user_line(user, Action.UPDATE, user, ("password",))


def team_viewed(actor: User, shown: Iterable[Shown], *, action: str = Action.LIST) -> None:
    """One line per team member shown (the list or one member's page), naming its fields."""
    if action not in (Action.LIST, Action.READ):
        raise ValueError(f"Not a way of viewing the team: {action!r}.")
    log.record_many(actor=actor, action=action, entries=shown_entries(shown))
