"""The processing register (AVG art. 30) as data: every purpose, its legal basis and retention.

One place, exportable (``manage.py export_processing_register``), and the source of the
consent purposes, so the register and the code cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


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
class DataCategory:
    """A category of personal data; ``sensitive`` marks the special-category-like ones.

    Not art. 9 data in law, but as sensitive in practice (a literacy concern about a parent,
    a child's development or speech): handled as if they were special categories.
    """

    name: str
    sensitive: bool = False


def _data(*names: str) -> tuple[DataCategory, ...]:
    return tuple(DataCategory(name) for name in names)


LITERACY_CONCERN = DataCategory(
    gettext_noop("concern about a caregiver's reading and writing (literacy)"), sensitive=True
)
DEVELOPMENT_CONCERN = DataCategory(
    gettext_noop("concern about a child's development or speech"), sensitive=True
)

TRANSFERS_OUTSIDE_EU = gettext_noop("None: all data is stored and processed inside the EU.")

SECURITY_MEASURES: tuple[str, ...] = (
    gettext_noop("personal fields encrypted in the database (field encryption)"),
    gettext_noop("searching only through blind indexes, never on plain values"),
    gettext_noop("access per role and per file; everyone else gets 'not found'"),
    gettext_noop("two-step login for staff"),
    gettext_noop("every look at or change of a file in a tamper-evident access log"),
    gettext_noop("HTTPS only; partner systems with their own OAuth2 client"),
    gettext_noop("automatic anonymisation when the retention period ends"),
)


@dataclass(frozen=True)
class Processing:
    purpose: str
    legal_basis: str
    data_subjects: tuple[str, ...]
    categories_of_data: tuple[DataCategory, ...]
    recipients: tuple[str, ...]
    retention: str
    needs_partner: bool = False
    # Partner organisations (by ``Organisation.PartnerType``) data may go to for this purpose.
    partner_types: tuple[str, ...] = ()
    transfers_outside_eu: str = TRANSFERS_OUTSIDE_EU
    security_measures: tuple[str, ...] = SECURITY_MEASURES


CAREGIVERS = gettext_noop("parents and carers")
CHILDREN = gettext_noop("children")
VOLUNTEERS = gettext_noop("volunteers")
CLOSED_24 = gettext_noop("24 months after the file is closed, then anonymised")
ALL_PARTNER_TYPES = ("jgz", "ggd", "kinderopvang", "school", "wijkteam", "taalhuis", "other")

REGISTER: tuple[Processing, ...] = (
    Processing(
        Purpose.REGISTRATION,
        LegalBasis.CONSENT,
        (CAREGIVERS, CHILDREN),
        (
            *_data(
                gettext_noop("names"),
                gettext_noop("address"),
                gettext_noop("phone"),
                gettext_noop("e-mail"),
                gettext_noop("children's dates of birth"),
                gettext_noop("languages"),
            ),
            LITERACY_CONCERN,
        ),
        (gettext_noop("library staff of the organisation"),),
        CLOSED_24,
    ),
    Processing(
        Purpose.VE_PARTICIPATION,
        LegalBasis.CONSENT,
        (CAREGIVERS, CHILDREN, VOLUNTEERS),
        (
            *_data(
                gettext_noop("first names"),
                gettext_noop("address"),
                gettext_noop("phone"),
                gettext_noop("languages"),
                gettext_noop("visit notes"),
            ),
            LITERACY_CONCERN,
            DEVELOPMENT_CONCERN,
        ),
        (
            gettext_noop("coordinator"),
            gettext_noop("the volunteer placed with the family, while placed"),
        ),
        CLOSED_24,
    ),
    Processing(
        Purpose.SHARE_WITH_PARTNER,
        LegalBasis.CONSENT,
        (CAREGIVERS, CHILDREN),
        (
            *_data(gettext_noop("names"), gettext_noop("contact details")),
            DataCategory(gettext_noop("reason for referral"), sensitive=True),
            DEVELOPMENT_CONCERN,
        ),
        (gettext_noop("the named partner organisation"),),
        gettext_noop("12 months after a referral that led to no programme"),
        needs_partner=True,
        partner_types=ALL_PARTNER_TYPES,
    ),
    Processing(
        Purpose.FOLLOW_UP_CONTACT,
        LegalBasis.CONSENT,
        (CAREGIVERS,),
        _data(gettext_noop("name"), gettext_noop("phone or e-mail")),
        (gettext_noop("BoekStart coach"), gettext_noop("library staff")),
        gettext_noop("12 months after the last contact"),
    ),
    Processing(
        Purpose.QUESTIONNAIRE,
        LegalBasis.CONSENT,
        (CAREGIVERS, CHILDREN),
        (DataCategory(gettext_noop("answers to questionnaires")), DEVELOPMENT_CONCERN),
        (gettext_noop("coordinator"),),
        CLOSED_24,
    ),
)
BY_PURPOSE = {entry.purpose: entry for entry in REGISTER}


def processing_for(purpose: str) -> Processing:
    return BY_PURPOSE[purpose]
