"""Who may use BoekStart, and which sessions, locations and follow-up contacts they see.

A coach sees their own sessions and the contacts they registered on families they may
still see; whoever holds ``SEE_ALL_BOEKSTART`` (the coordinator) sees every coach's. To
anyone without BoekStart the pages and endpoints do not exist (404).
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.models import BoekStartSession, Contact, Location

from .families import families_visible_to
from .lookup import one_or_404
from .roles import Capability, can
from .rules import object_rule


def organisation_for(user: User, capability: Capability = Capability.USE_BOEKSTART) -> UUID:
    """The user's organisation id when they hold ``capability``; 404 otherwise."""
    if not can(user, capability) or user.organisation_id is None:
        raise Http404
    return user.organisation_id


def locations_of(user: User, *, active_only: bool = False) -> QuerySet[Location]:
    """The consultatiebureaus of the user's organisation."""
    locations = Location.objects.filter(organisation_id=organisation_for(user))
    return locations.filter(active=True) if active_only else locations


def location_for(user: User, location_id: UUID | str, *, active_only: bool = False) -> Location:
    return one_or_404(locations_of(user, active_only=active_only), location_id)


def sessions_visible_to(user: User) -> QuerySet[BoekStartSession]:
    sessions = BoekStartSession.objects.filter(organisation_id=organisation_for(user))
    return sessions if can(user, Capability.SEE_ALL_BOEKSTART) else sessions.filter(coach=user)


def session_for(user: User, session_id: UUID | str) -> BoekStartSession:
    return one_or_404(sessions_visible_to(user), session_id)


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    """Contacts on families the user may still see; a coach only their own."""
    visible = families_visible_to(user).values("pk")
    contacts = Contact.objects.filter(organisation_id=organisation_for(user), family_id__in=visible)
    return contacts if can(user, Capability.SEE_ALL_BOEKSTART) else contacts.filter(coach=user)


def contact_for_change(user: User, contact_id: UUID | str) -> Contact:
    """A contact to hand over or refer: not a read, so nothing is logged; 404 if not theirs."""
    return one_or_404(contacts_visible_to(user).select_related("family"), contact_id)


@object_rule(Contact)
def may_on_contact(user: User, capability: Capability, contact: Contact) -> bool:
    """Handing over or referring a contact: its coach, or who sees all of BoekStart."""
    if contact.organisation_id != user.organisation_id:
        return False
    return can(user, Capability.SEE_ALL_BOEKSTART) or contact.coach_id == user.pk


@object_rule(BoekStartSession)
def may_on_session(user: User, capability: Capability, session: BoekStartSession) -> bool:
    return session.organisation_id == user.organisation_id and session.coach_id == user.pk


@object_rule(Location)
def may_on_location(user: User, capability: Capability, location: Location) -> bool:
    return location.organisation_id == user.organisation_id
