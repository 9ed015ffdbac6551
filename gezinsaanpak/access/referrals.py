"""Who may see and handle which referral (ARCHITECTURE.md §4).

Staff see a referral when they may see its family: the access rules of the file apply,
inside the organisation. A partner API client sees only the referrals between its
organisation and its library, in one direction at a time. A partner's own login (the web
form) sees the referrals of its organisation, with every library, in one direction at a
time. A referral whose family file was anonymised (erasure, retention) is found by no one:
only its figures stay. Anything else is not found.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.models import PartnerClient, User
from gezinsaanpak.models import Family, Referral

from .families import families_visible_to, is_visible, may_change
from .lookup import one_or_404
from .roles import Capability, can
from .rules import object_rule


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """Referrals whose family ``user`` may see; default deny."""
    if not can(user, Capability.HANDLE_REFERRAL) or user.organisation_id is None:
        return Referral.objects.none()
    families = families_visible_to(user).filter(pk=OuterRef("family_id"))
    return Referral.objects.filter(organisation_id=user.organisation_id).filter(Exists(families))


def referral_for(user: User, referral_id: UUID | str) -> Referral:
    """One referral ``user`` may see; one they may not see is simply not found."""
    visible = referrals_visible_to(user).select_related("partner", "family", "caregiver")
    return one_or_404(visible, referral_id)


def referral_for_change(user: User, referral_id: UUID | str) -> Referral:
    """A referral ``user`` may handle, to change it: not a read, so nothing is logged."""
    referral = referral_for(user, referral_id)
    if not may_on_referral(user, Capability.HANDLE_REFERRAL, referral):
        raise Http404
    return referral


@object_rule(Referral)
def may_on_referral(user: User, capability: Capability, referral: Referral) -> bool:
    """Handling a referral means changing its family's file; seeing it, seeing the file."""
    family = referral.family
    if referral.organisation_id != user.organisation_id or family is None:
        return False
    if capability == Capability.HANDLE_REFERRAL:
        return may_change(user, family)
    return is_visible(user, family)


# Partner API clients ------------------------------------------------------------------


def partner_referrals_of(client: PartnerClient, direction: str) -> QuerySet[Referral]:
    """The client's referrals in one direction: those it sent (in), those sent to it (out)."""
    if not client.is_active:
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            partner_id=client.organisation_id,
            organisation_id=client.library_id,
            direction=direction,
        )
        .exclude(family__status=Family.Status.ANONYMISED)
        .select_related("partner")
    )


def partner_referral_for(
    client: PartnerClient, referral_id: UUID | str, direction: str
) -> Referral:
    """One of the client's referrals; another partner's answers 404 like a missing one."""
    return one_or_404(partner_referrals_of(client, direction), referral_id)


def partner_may_report(reporter: PartnerClient | User, referral: Referral) -> bool:
    """Only the receiving partner reports back on a referral sent to it.

    ``reporter`` is the partner's API client (for its own library only) or a personal login
    of the partner organisation that may report back.
    """
    if referral.direction != Referral.Direction.OUT:
        return False
    if isinstance(reporter, PartnerClient):
        return (
            reporter.is_active
            and referral.partner_id == reporter.organisation_id
            and referral.organisation_id == reporter.library_id
        )
    return can(reporter, Capability.REPORT_BACK) and referral.partner_id == reporter.organisation_id


# A partner's own login (the web form) -------------------------------------------------

# What a partner login may do with referrals in each direction: send them in, report on
# those sent out to it.
_PARTNER_CAPABILITY: dict[str, Capability] = {
    Referral.Direction.IN: Capability.REFER_TO_LIBRARY,
    Referral.Direction.OUT: Capability.REPORT_BACK,
}


def partner_user_referrals(user: User, direction: str) -> QuerySet[Referral]:
    """The referrals of the user's partner organisation in one direction; default deny.

    In: those the organisation sent (by the web form or its software), to any library.
    Out: those libraries sent to the organisation.
    """
    capability = _PARTNER_CAPABILITY.get(direction)
    if capability is None or not can(user, capability):
        return Referral.objects.none()
    return (
        Referral.objects.filter(partner_id=user.organisation_id, direction=direction)
        .exclude(family__status=Family.Status.ANONYMISED)
        .select_related("partner", "organisation")
    )


def partner_user_referral_for(user: User, referral_id: UUID | str, direction: str) -> Referral:
    """One referral of the user's organisation; another partner's answers 404 like a missing one."""
    return one_or_404(partner_user_referrals(user, direction), referral_id)
