"""Applying an objection (AVG art. 21): stop the purposes the family objected to.

For each purpose named in the request, its consents that are still valid are withdrawn
(through the consent service, each logged as a withdrawal), and when the family objects to
taking part in the VoorleesExpress, its open placements are stopped with the reason
*objection* (through the placements service, which also ends the volunteer's access). Every
line written carries ``details.reason = objection``. The privacy officer does this without
seeing the file: the page shows purposes and counts only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak.access import subject_requests as request_access
from gezinsaanpak.audit import log
from gezinsaanpak.audit.events import subject_requests as events
from gezinsaanpak.models import DataSubjectRequest, Family
from gezinsaanpak.selectors.objection import consents_to_withdraw, placements_to_stop

from .consent import consent_withdraw_unchecked
from .errors import ServiceError
from .placements import placement_stop_on_objection


@dataclass(frozen=True)
class ObjectionResult:
    consents_withdrawn: int
    placements_stopped: int


def _check(actor: User, request: DataSubjectRequest) -> Family:
    if request.organisation_id != request_access.request_organisation_of(actor):
        raise Http404
    if request.kind != DataSubjectRequest.Kind.OBJECTION:
        raise ServiceError(_("Only an objection can be applied."))
    if not request.is_open:
        raise ServiceError(_("This request is closed. It cannot be changed any more."))
    if request.family is None or not request_access.may_act_on_family(actor, request.family):
        raise ServiceError(_("Link the family's file to the request first."), field="family")
    if not request.identity_checked:
        raise ServiceError(_("Check the identity of the requester first."))
    if not request.objected_purposes:
        raise ServiceError(
            _("Choose the purposes the family objects to first."), field="objected_purposes"
        )
    return request.family


@transaction.atomic
def objection_apply(*, actor: User, request: DataSubjectRequest) -> ObjectionResult:
    """Withdraw the objected purposes' consents and stop the placements; safe to repeat."""
    family = _check(actor, request)
    purposes = list(request.objected_purposes)
    with log.because("objection"):
        consents = consents_to_withdraw(family, purposes)
        for consent in consents:
            consent_withdraw_unchecked(actor=actor, consent=consent)
        placements = placements_to_stop(family, purposes)
        for placement in placements:
            placement_stop_on_objection(actor=actor, placement=placement)
        request.objection_applied_at = timezone.now()
        request.objection_applied_by = actor
        request.save(update_fields=["objection_applied_at", "objection_applied_by", "updated_at"])
        events.objection_applied(
            actor,
            request,
            consents_withdrawn=len(consents),
            placements_stopped=len(placements),
        )
    return ObjectionResult(len(consents), len(placements))
