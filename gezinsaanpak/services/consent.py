"""Recording, withdrawing and checking consent (ARCHITECTURE.md §5.4)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.audit.events import families as events
from gezinsaanpak.models import Caregiver, Consent, Family
from gezinsaanpak.processing_register import Purpose, processing_for

from .errors import ServiceError
from .restriction import Refused, require_unrestricted


@dataclass(frozen=True)
class ConsentCheck:
    """The answer to "may we do this?": yes with the consent relied on, or no and why."""

    allowed: bool
    consent: Consent | None = None
    missing: str = ""


def consent_check(
    *,
    family: Family,
    purpose: str,
    partner: Organisation | None = None,
    at: datetime.datetime | None = None,
) -> ConsentCheck:
    """May we process ``family``'s data for ``purpose`` (with ``partner``) right now?"""
    moment = at or timezone.now()
    if family.restricted_processing:
        return ConsentCheck(False, missing=_("Processing of this family's data is restricted."))
    needs_partner = processing_for(purpose).needs_partner
    if needs_partner and partner is None:
        return ConsentCheck(False, missing=_("Name the partner to share with."))
    candidates = Consent.objects.valid_at(moment).filter(
        family=family, purpose=purpose, given_by__legal_authority=True
    )
    if needs_partner:
        candidates = candidates.filter(partner=partner)
    consent = candidates.order_by("-given_at").first()
    if consent is not None:
        return ConsentCheck(True, consent=consent)
    label = Purpose(purpose).label
    if needs_partner and partner is not None:
        message = _(
            "There is no valid consent from a parent with parental authority to share data "
            "with %(partner)s. Record that consent first."
        ) % {"partner": partner.name}
    else:
        message = _(
            "There is no valid consent from a parent with parental authority for: %(purpose)s. "
            "Record that consent first."
        ) % {"purpose": label}
    return ConsentCheck(False, missing=message)


@transaction.atomic
def consent_record(
    *,
    actor: User,
    family: Family,
    given_by: Caregiver,
    purpose: str,
    text_version: str,
    method: str,
    partner: Organisation | None = None,
    given_at: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
) -> Consent:
    if not access.may(actor, Capability.RECORD_CONSENT, family):
        raise Http404
    return consent_record_unchecked(
        actor=actor,
        family=family,
        given_by=given_by,
        purpose=purpose,
        text_version=text_version,
        method=method,
        partner=partner,
        given_at=given_at,
        expires_at=expires_at,
    )


def consent_record_unchecked(
    *,
    actor: User,
    family: Family,
    given_by: Caregiver,
    purpose: str,
    text_version: str,
    method: str,
    partner: Organisation | None = None,
    given_at: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
) -> Consent:
    """Validate, save and log a consent. NO permission check: the caller decided who may.

    Shared by :func:`consent_record` and the BoekStart coach, who records consent for
    follow-up on the family they register without being allowed to change the file.
    Refused while the file's processing is restricted (withdrawing stays possible).
    """
    require_unrestricted(family, Refused.CONSENT)
    consent = Consent(
        family=family,
        given_by=given_by,
        purpose=purpose,
        partner=partner,
        legal_basis=processing_for(purpose).legal_basis,
        text_version=text_version,
        method=method,
        given_at=given_at or timezone.now(),
        expires_at=expires_at,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    events.consent_recorded(actor, consent)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    """Withdraw a consent: the family's right, also while processing is restricted."""
    if not access.may(actor, Capability.RECORD_CONSENT, consent.family):
        raise Http404
    return consent_withdraw_unchecked(actor=actor, consent=consent)


def consent_withdraw_unchecked(*, actor: User, consent: Consent) -> Consent:
    """Record the withdrawal and log it. NO permission check: the caller decided who may.

    Shared by :func:`consent_withdraw` and the privacy officer applying an objection
    (art. 21), who withdraws consents without being allowed to see or change the file.
    """
    if consent.withdrawn_at is not None:
        raise ServiceError(_("This consent was withdrawn already."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    events.consent_withdrawn(actor, consent)
    return consent


def family_consent_withdraw(*, actor: User, family: Family, consent_id: UUID | str) -> Consent:
    """Withdraw one of ``family``'s consents, looked up within that family only."""
    consent = access.one_or_404(family.consents.select_related("family"), consent_id)
    return consent_withdraw(actor=actor, consent=consent)
