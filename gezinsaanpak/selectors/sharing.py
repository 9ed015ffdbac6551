"""Reads behind the consent and "who has access" pages of a file, and its consents.

Both pages are for those who may change the file, so the family is fetched with
``access.family_for_change``; what each page shows is logged as a read of the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access.fields import CAREGIVER_BY_NAME, CONSENT_FIELDS
from gezinsaanpak.audit.events import families as events
from gezinsaanpak.models import Consent, Family
from gezinsaanpak.models.audit import Action

from .read_models import Record, Ref, record


def consents_of_families() -> QuerySet[Consent]:
    """The consents as a file shows them, newest first (to prefetch for a page of files)."""
    return Consent.objects.select_related("given_by", "partner").order_by("-given_at")


def consent_records(family: Family) -> list[Record]:
    return [_consent_record(c) for c in consents_of_families().filter(family=family)]


def consent_records_of(consents: Iterable[Consent]) -> list[Record]:
    """Read models of consents already fetched (a page's prefetched ones)."""
    return [_consent_record(c) for c in consents]


def _consent_record(consent: Consent) -> Record:
    """A consent; its parent is named by their name, not the caregiver's label."""
    parent = consent.given_by
    values = record(consent, CONSENT_FIELDS.minus(["given_by"]), family_id=consent.family_id)
    # No parent only on an anonymised file, which no page shows; never a crash.
    given_by = Ref(parent.pk, f"{parent.given_name} {parent.family_name}") if parent else None
    return Record(
        "consent",
        consent.pk,
        {**values, "given_by": given_by},
        fields=CONSENT_FIELDS.names,
        family_id=consent.family_id,
    )


@dataclass(frozen=True)
class ConsentPage:
    family_id: UUID
    consents: list[Record]


def family_consents(user: User, family_id: UUID | str) -> ConsentPage:
    """The consent page (for those who may change the file): its consents, logged."""
    family = access.family_for_change(user, family_id)
    shown = Record(
        "family",
        family.pk,
        {"consents": consent_records(family), "caregivers": _parents(family)},
        family_id=family.pk,
    )
    with transaction.atomic():
        events.families_viewed(user, [shown], action=Action.READ)
    return ConsentPage(family.pk, shown["consents"])


def _parents(family: Family) -> list[Record]:
    """The parents the consent form offers, by name."""
    return [
        record(c, CAREGIVER_BY_NAME, family_id=family.pk)
        for c in family.caregivers.filter(legal_authority=True)
    ]


@dataclass(frozen=True)
class AccessPage:
    family_id: UUID
    organisation_id: UUID
    case_owner_id: UUID | None
    grantees: list[User]


def family_grantees(user: User, family_id: UUID | str) -> AccessPage:
    """Who holds a grant on the file (colleagues, no field of the family); logged."""
    family = access.family_for_change(user, family_id)
    with transaction.atomic():
        events.family_access_viewed(user, family.pk)
    grantees = list(access.families.grantees(family).order_by("name"))
    return AccessPage(family.pk, family.organisation_id, family.case_owner_id, grantees)
