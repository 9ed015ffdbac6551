"""From a BoekStart follow-up contact to the Taalhuis, through the referral service."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from gezinsaanpak import access
from gezinsaanpak.models import Caregiver, Contact, Family, Referral
from gezinsaanpak.models.referral import ReasonCode
from gezinsaanpak.processing_register import Purpose

from . import consent as consent_services
from .errors import ServiceError
from .referrals import referral_send

CONSENT_TEXT_VERSION = "boekstart-taalhuis-2026-1"


def _parent(family: Family) -> Caregiver:
    parent = family.caregivers.filter(legal_authority=True).order_by("created_at").first()
    if parent is None:
        raise ServiceError(_("No parent with parental authority is on this file."))
    return parent


@transaction.atomic
def contact_refer_to_taalhuis(
    *,
    actor: User,
    contact: Contact,
    taalhuis: Organisation,
    parent_agrees: bool,
    reason_text: str = "",
) -> Referral:
    """Refer the contact's parent to a Taalhuis (low literacy), with their consent.

    When the parent agrees on the spot, the coach records that consent (spoken) for this
    Taalhuis; the referral service then checks it like any other outbound referral.
    """
    if not access.may(actor, access.Capability.USE_BOEKSTART, contact):
        raise Http404
    family = access.family_for(actor, contact.family_id)
    if taalhuis.partner_type != Organisation.PartnerType.TAALHUIS:
        raise ServiceError(_("Choose a Taalhuis."), field="taalhuis")
    parent = _parent(family)
    if parent_agrees:
        consent_services.consent_record_unchecked(
            actor=actor,
            family=family,
            given_by=parent,
            purpose=Purpose.SHARE_WITH_PARTNER,
            partner=taalhuis,
            text_version=CONSENT_TEXT_VERSION,
            method="verbal",
        )
    return referral_send(
        actor=actor,
        family=family,
        partner=taalhuis,
        reason_code=ReasonCode.LOW_LITERACY_PARENT,
        reason_text=reason_text,
        caregiver=parent,
    )
