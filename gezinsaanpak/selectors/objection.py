"""What an objection (AVG art. 21) would stop: per purpose, how many consents and placements.

The privacy officer sees purposes and counts, never what is in the file; the counts shown
are logged (as counts, with the purposes). The same queries decide what applying the
objection touches (``services.objection``), so the page and the act cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from gezinsaanpak.access import subject_requests as request_access
from gezinsaanpak.audit.events import subject_requests as events
from gezinsaanpak.models import Consent, DataSubjectRequest, Family, Placement
from gezinsaanpak.processing_register import Purpose

# The objected purpose that also stops the family's VoorleesExpress placements.
STOPS_PLACEMENTS = Purpose.VE_PARTICIPATION


def consents_to_withdraw(family: Family, purposes: list[str]) -> list[Consent]:
    """The family's consents for ``purposes`` not withdrawn and not expired (also future ones)."""
    return list(
        Consent.objects.filter(family=family, purpose__in=purposes, withdrawn_at__isnull=True)
        .exclude(expires_at__lte=timezone.now())
        .select_related("family")
    )


def placements_to_stop(family: Family, purposes: list[str]) -> list[Placement]:
    """The family's open placements (waiting list included) when VoorleesExpress is objected to."""
    if STOPS_PLACEMENTS not in purposes:
        return []
    return list(Placement.objects.filter(family=family, status__in=Placement.OPEN))


@dataclass(frozen=True)
class PurposeEffect:
    purpose: str
    label: str
    consents: int
    placements: int


def objection_preview(user: User, request: DataSubjectRequest) -> list[PurposeEffect]:
    """Per objected purpose: the consents that would be withdrawn, the placements stopped."""
    family = request.family
    if family is None or not request_access.may_act_on_family(user, family):
        return []
    effects = []
    for purpose in request.objected_purposes:
        consents = len(consents_to_withdraw(family, [purpose]))
        placements = len(placements_to_stop(family, [purpose]))
        effects.append(PurposeEffect(purpose, str(Purpose(purpose).label), consents, placements))
    events.objection_counts_shown(user, family, purposes=request.objected_purposes)
    return effects
