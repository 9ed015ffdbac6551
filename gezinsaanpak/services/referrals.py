"""Outbound referrals (library → partner), and handling referrals in both directions.

``referral_send`` refuses to share anything without valid consent for that partner and
purpose (ARCHITECTURE.md §5.4); the warm-handover check is due a configurable number of
weeks later (``REFERRAL_CONTACT_CHECK_WEEKS``).
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, PartnerClient, User
from gezinsaanpak import access
from gezinsaanpak.audit.events import referrals as events
from gezinsaanpak.models import Caregiver, DeclineReason, Family, ReasonCode, Referral
from gezinsaanpak.processing_register import Purpose

from . import families as family_services
from . import referral_notifications as notifications
from .consent import consent_check
from .errors import ServiceError
from .restriction import Refused, require_unrestricted

SHARED_FIELDS = ("caregiver_given_name", "caregiver_family_name", "phone", "email", "languages")
LIBRARY_ACTIONS = frozenset(
    {
        Referral.Status.ACCEPTED,
        Referral.Status.DECLINED,
        Referral.Status.IN_PROGRESS,
        Referral.Status.COMPLETED,
    }
)
CONTACT_OUTCOMES = frozenset({Referral.Status.CONTACT_MADE, Referral.Status.NO_CONTACT})
PARTNER_REPORTS = Referral.PARTNER_REPORTS
CLOSE_REASON_FOR_DECLINE: dict[str, str] = {
    DeclineReason.NOT_ELIGIBLE: Family.CloseReason.NOT_ELIGIBLE,
    DeclineReason.OUTSIDE_AREA: Family.CloseReason.NOT_ELIGIBLE,
    DeclineReason.FAMILY_DECLINED: Family.CloseReason.DECLINED,
}


def contact_check_due(on: datetime.date | None = None) -> datetime.date:
    weeks = int(getattr(settings, "REFERRAL_CONTACT_CHECK_WEEKS", 3))
    return (on or timezone.localdate()) + datetime.timedelta(weeks=weeks)


def _shared_details(family: Family, caregiver: Caregiver | None) -> str:
    """The minimum a partner needs to make contact: a name, phone, e-mail, languages."""
    person = caregiver or family.caregivers.filter(legal_authority=True).first()
    details = {
        "caregiver_given_name": person.given_name if person else "",
        "caregiver_family_name": person.family_name if person else "",
        "phone": family.phone,
        "email": family.email,
        "languages": (person.languages if person else []) or family.home_languages,
    }
    return json.dumps(details, ensure_ascii=False)


def _check_send(
    actor: User, family: Family, partner: Organisation, caregiver: Caregiver | None, code: str
) -> None:
    if not access.may(actor, access.Capability.SEND_REFERRAL, family):
        raise Http404
    if partner.kind != Organisation.Kind.PARTNER:
        raise ServiceError(_("Choose a partner organisation."), field="partner")
    if caregiver is not None and caregiver.family_id != family.pk:
        raise ServiceError(_("Choose a caregiver of this family."), field="caregiver")
    if code not in ReasonCode.values:
        raise ServiceError(_("Choose one of the reasons."), field="reason_code")


@transaction.atomic
def referral_send(
    *,
    actor: User,
    family: Family,
    partner: Organisation,
    reason_code: str,
    reason_text: str = "",
    caregiver: Caregiver | None = None,
    requested_programme: str = "",
) -> Referral:
    """Refer a family (or one caregiver) to a partner; refused without valid consent."""
    _check_send(actor, family, partner, caregiver, reason_code)
    require_unrestricted(family, Refused.REFER)
    check = consent_check(family=family, purpose=Purpose.SHARE_WITH_PARTNER, partner=partner)
    if not check.allowed:
        raise ServiceError(check.missing, field="consent")
    referral = Referral(
        direction=Referral.Direction.OUT,
        organisation_id=family.organisation_id,
        partner=partner,
        family=family,
        caregiver=caregiver,
        created_by=actor,
        via=Referral.Via.WEB,
        referrer_name=actor.name or actor.email,
        referrer_role=str(actor.get_role_display()),
        reason_code=reason_code,
        reason_text=reason_text,
        requested_programme=requested_programme,
        consent=check.consent,
        payload=_shared_details(family, caregiver),
        contact_check_due_on=contact_check_due(),
    )
    referral.full_clean()
    referral.save()
    shared = [*SHARED_FIELDS, "reason_code", "reason_text", "requested_programme"]
    events.referral_sent(actor, referral, shared)
    return referral


def _move(referral: Referral, status: str) -> None:
    if not referral.can_move_to(status):
        raise ServiceError(
            _("A referral cannot go from this status to the chosen one."), field="status"
        )
    referral.status = status
    referral.status_changed_at = timezone.now()


def _require_handler(actor: User, referral: Referral) -> Family:
    family = referral.family
    if family is None or not access.may(actor, access.Capability.HANDLE_REFERRAL, referral):
        raise Http404
    require_unrestricted(family, Refused.REFER)
    return family


@transaction.atomic
def referral_handle(
    *,
    actor: User,
    referral: Referral,
    status: str,
    feedback: str = "",
    decline_reason: str = "",
) -> Referral:
    """The library accepts, declines, starts or completes a partner's referral."""
    family = _require_handler(actor, referral)
    if referral.direction != Referral.Direction.IN or status not in LIBRARY_ACTIONS:
        raise ServiceError(_("Choose one of the next steps."), field="status")
    if status == Referral.Status.DECLINED and decline_reason not in DeclineReason.values:
        raise ServiceError(_("Choose why the referral is declined."), field="decline_reason")
    _move(referral, status)
    referral.decline_reason = decline_reason if status == Referral.Status.DECLINED else ""
    referral.feedback = feedback
    if status in (Referral.Status.ACCEPTED, Referral.Status.DECLINED):
        referral.payload = ""  # intake is done: the file holds the details from now on
    referral.full_clean()
    referral.save()
    events.referral_handled(actor, referral, ["status", "feedback", "decline_reason", "payload"])
    _move_family(actor, family, status, decline_reason)
    notifications.referral_updated(referral, feedback_given=bool(feedback))
    return referral


def _move_family(actor: User, family: Family, status: str, decline_reason: str) -> None:
    if family.status != Family.Status.REFERRED:
        return
    if status == Referral.Status.ACCEPTED:
        family_services.family_set_status(actor=actor, family=family, status=Family.Status.INTAKE)
    elif status == Referral.Status.DECLINED:
        family_services.family_set_status(
            actor=actor,
            family=family,
            status=Family.Status.CLOSED,
            close_reason=CLOSE_REASON_FOR_DECLINE.get(decline_reason, Family.CloseReason.OTHER),
        )


@transaction.atomic
def referral_record_contact(*, actor: User, referral: Referral, status: str) -> Referral:
    """Warm handover: the specialist records whether the partner reached the family."""
    _require_handler(actor, referral)
    if referral.direction != Referral.Direction.OUT or status not in CONTACT_OUTCOMES:
        raise ServiceError(_("Choose whether contact was made."), field="status")
    _move(referral, status)
    referral.full_clean()
    referral.save()
    events.referral_handled(actor, referral, ["status"])
    return referral


@transaction.atomic
def referral_partner_report(
    *,
    client: PartnerClient | None = None,
    user: User | None = None,
    referral: Referral,
    status: str,
    feedback: str = "",
) -> Referral:
    """The receiving partner reports back on a referral sent to it.

    The reporter is the partner's API ``client`` or a partner's own login ``user``.
    """
    reporter = client or user
    if reporter is None or not access.referrals.partner_may_report(reporter, referral):
        raise Http404
    require_unrestricted(referral.family_id, Refused.REFER)
    if status not in PARTNER_REPORTS:
        raise ServiceError(_("Choose one of the statuses you can report."), field="status")
    _move(referral, status)
    if feedback:
        referral.partner_feedback = feedback
    referral.full_clean()
    referral.save()
    events.referral_reported(
        reporter, referral, ["status", "partner_feedback"] if feedback else ["status"]
    )
    return referral
