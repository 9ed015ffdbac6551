"""The processing register (AVG art. 30) as data: every purpose, its legal basis and retention.

One place, exportable (``manage.py export_processing_register``), and the source of the
consent purposes, so the register and the code cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (art. 6(1)(c))")
    PUBLIC_TASK = "public_task", _("Public task (art. 6(1)(e))")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (art. 6(1)(f))")


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("Registering the family with the library")
    VE_PARTICIPATION = "ve_participation", _("Taking part in the VoorleesExpress")
    SHARE_WITH_PARTNER = "share_with_partner", _("Sharing data with a named partner")
    FOLLOW_UP_CONTACT = "follow_up_contact", _("Contact for follow-up")
    QUESTIONNAIRE = "questionnaire", _("Answering questionnaires")


@dataclass(frozen=True)
class Processing:
    purpose: str
    legal_basis: str
    categories_of_data: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: str
    needs_partner: bool = False


REGISTER: tuple[Processing, ...] = (
    Processing(
        Purpose.REGISTRATION,
        LegalBasis.CONSENT,
        ("names", "address", "phone", "e-mail", "children's dates of birth", "languages"),
        ("library staff of the organisation",),
        "24 months after the file is closed, then anonymised",
    ),
    Processing(
        Purpose.VE_PARTICIPATION,
        LegalBasis.CONSENT,
        ("first names", "address", "phone", "languages", "visit notes"),
        ("coordinator", "the volunteer placed with the family, while placed"),
        "24 months after the file is closed, then anonymised",
    ),
    Processing(
        Purpose.SHARE_WITH_PARTNER,
        LegalBasis.CONSENT,
        ("names", "contact details", "reason for referral"),
        ("the named partner organisation",),
        "12 months after a referral that led to no programme",
        needs_partner=True,
    ),
    Processing(
        Purpose.FOLLOW_UP_CONTACT,
        LegalBasis.CONSENT,
        ("name", "phone or e-mail"),
        ("BoekStart coach", "library staff"),
        "12 months after the last contact",
    ),
    Processing(
        Purpose.QUESTIONNAIRE,
        LegalBasis.CONSENT,
        ("answers to questionnaires",),
        ("coordinator",),
        "24 months after the file is closed, then anonymised",
    ),
)
BY_PURPOSE = {entry.purpose: entry for entry in REGISTER}


def processing_for(purpose: str) -> Processing:
    return BY_PURPOSE[purpose]
