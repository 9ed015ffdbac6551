"""Writes for BoekStart: locations, the coach's session log, vouchers and follow-up contacts.

Sessions and vouchers hold no personal data. A follow-up contact creates (or links) a family
file, records the parent's consent for follow-up and gives the coach a view grant: all in one
transaction, with access-log lines, like every other write of family data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.audit.events import boekstart as events
from gezinsaanpak.models import BoekStartSession, Caregiver, Contact, Family, Location, Voucher
from gezinsaanpak.models.boekstart import COUNT_FIELDS
from gezinsaanpak.privacy.normalize import normalize
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.selectors.duplicates import PossibleDuplicate, find_possible_duplicates

from . import consent as consent_services
from . import families as family_services
from .errors import ServiceError
from .restriction import Refused, require_unrestricted

CONSENT_TEXT_VERSION = "boekstart-2026-1"
LOCATION_FIELDS = ("name", "municipality", "partner", "active")
# What a coach may put on a new file: contact details only, never notes or concerns.
CONTACT_FAMILY_FIELDS = ("municipality", "postcode", "house_number", "phone", "email")


class PossibleDuplicateError(ServiceError):
    """The family may be registered already; the caller confirms or links instead."""

    def __init__(self, duplicates: list[PossibleDuplicate]) -> None:
        super().__init__(
            _("This family may already be registered. Check it, or confirm it is another family."),
            field="confirm_not_duplicate",
        )
        self.duplicates = duplicates


def _own_location(actor: User, location: Location) -> None:
    if location.organisation_id != actor.organisation_id:
        raise Http404


@transaction.atomic
def location_save(
    *, actor: User, data: Mapping[str, Any], location: Location | None = None
) -> Location:
    """Add or change a consultatiebureau; the coordinator manages them."""
    organisation_id = access.boekstart.organisation_for(actor, Capability.MANAGE_LOCATIONS)
    if location is None:
        location = Location(organisation_id=organisation_id)
    _own_location(actor, location)
    for name in LOCATION_FIELDS:
        if name in data:
            setattr(location, name, data[name])
    location.full_clean()
    location.save()
    return location


def _clean_numbers(numbers: Iterable[str]) -> list[str]:
    cleaned = [n.strip().upper() for n in numbers if n and n.strip()]
    if len(set(cleaned)) != len(cleaned):
        raise ServiceError(_("A voucher number is in the list twice."), field="voucher_numbers")
    return cleaned


def _create_vouchers(
    organisation_id: UUID,
    *,
    location: Location,
    numbers: list[str],
    issued_on: datetime.date,
    session: BoekStartSession | None = None,
) -> list[Voucher]:
    taken = Voucher.objects.filter(organisation_id=organisation_id, number__in=numbers)
    if taken.exists():
        used = ", ".join(sorted(taken.values_list("number", flat=True)))
        raise ServiceError(
            _("These voucher numbers are already in use: %(numbers)s") % {"numbers": used},
            field="voucher_numbers",
        )
    vouchers = [
        Voucher(
            organisation_id=organisation_id,
            number=number,
            location=location,
            session=session,
            issued_on=issued_on,
        )
        for number in numbers
    ]
    for voucher in vouchers:
        voucher.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            return Voucher.objects.bulk_create(vouchers)
    except IntegrityError:  # another request took a number in the meantime
        raise ServiceError(
            _("A voucher number is already in use."), field="voucher_numbers"
        ) from None


@transaction.atomic
def session_log(
    *,
    actor: User,
    location: Location,
    date: datetime.date,
    counts: Mapping[str, int],
    voucher_numbers: Iterable[str] = (),
) -> BoekStartSession:
    """The coach's quick log: tallies only. Numbered vouchers may be listed with it."""
    organisation_id = access.boekstart.organisation_for(actor, Capability.LOG_BOEKSTART_SESSION)
    _own_location(actor, location)
    if not location.active:
        raise ServiceError(_("This location is no longer in use."), field="location")
    session = BoekStartSession(
        organisation_id=organisation_id, coach=actor, location=location, date=date
    )
    for name in COUNT_FIELDS:
        setattr(session, name, counts.get(name) or 0)
    session.full_clean()
    numbers = _clean_numbers(voucher_numbers)
    if len(numbers) > session.vouchers_handed_out:
        raise ServiceError(
            _("You listed more voucher numbers than vouchers handed out."),
            field="voucher_numbers",
        )
    session.save()
    _create_vouchers(
        organisation_id, location=location, numbers=numbers, issued_on=date, session=session
    )
    return session


@transaction.atomic
def vouchers_issue(
    *, actor: User, location: Location, numbers: Iterable[str], issued_on: datetime.date
) -> list[Voucher]:
    """Register numbered vouchers handed out at a location without a coach's session."""
    organisation_id = access.boekstart.organisation_for(actor, Capability.MANAGE_LOCATIONS)
    _own_location(actor, location)
    cleaned = _clean_numbers(numbers)
    if not cleaned:
        raise ServiceError(_("Enter at least one voucher number."), field="voucher_numbers")
    if issued_on > timezone.localdate():
        raise ServiceError(_("The date is in the future."), field="issued_on")
    return _create_vouchers(
        organisation_id, location=location, numbers=cleaned, issued_on=issued_on
    )


@transaction.atomic
def voucher_redeem(
    *, actor: User, number: str, redeemed_on: datetime.date | None = None
) -> Voucher:
    """A parent brought the voucher to the library and took the koffertje home."""
    organisation_id = access.boekstart.organisation_for(actor, Capability.REDEEM_VOUCHER)
    day = redeemed_on or timezone.localdate()
    voucher = (
        Voucher.objects.select_for_update()
        .filter(organisation_id=organisation_id, number=number.strip().upper())
        .first()
    )
    if voucher is None:
        raise ServiceError(_("There is no voucher with this number."), field="number")
    if voucher.redeemed_on is not None:
        raise ServiceError(_("This voucher was redeemed already."), field="number")
    if day < voucher.issued_on or day > timezone.localdate():
        raise ServiceError(
            _("The date must lie between the day of issue and today."), field="redeemed_on"
        )
    voucher.redeemed_on = day
    voucher.save(update_fields=["redeemed_on"])
    return voucher


# --- follow-up contacts ------------------------------------------------------------------


def _new_family(actor: User, data: Mapping[str, Any], confirm_not_duplicate: bool) -> Family:
    child_born = data.get("child_date_of_birth")
    duplicates = find_possible_duplicates(
        user=actor,
        postcode=data.get("postcode", ""),
        house_number=data.get("house_number", ""),
        family_names=[data.get("family_name", "")],
        birth_dates=[child_born] if child_born else [],
    )
    if duplicates and not confirm_not_duplicate:
        raise PossibleDuplicateError(duplicates)
    caregiver = {
        "given_name": data.get("given_name", ""),
        "family_name": data.get("family_name", ""),
        "relation": data.get("relation") or Caregiver.Relation.PARENT,
        "legal_authority": True,
        "languages": data.get("languages", []),
    }
    family_data = {k: data[k] for k in CONTACT_FAMILY_FIELDS if k in data}
    family_data["home_languages"] = data.get("languages", [])
    children = []
    if data.get("child_given_name"):
        children.append({"given_name": data["child_given_name"], "date_of_birth": child_born})
    family = family_services.family_create_unchecked(
        actor=actor,
        data=family_data,
        caregivers=[caregiver],
        children=children,
        status=Family.Status.REFERRED,
    )
    access.families.grant(actor, family)
    return family


def _consenting_parent(family: Family, data: Mapping[str, Any]) -> Caregiver:
    """On a linked file: the parent with parental authority whose family name was entered."""
    wanted = normalize("text", data.get("family_name", ""))
    for caregiver in family.caregivers.filter(legal_authority=True):
        if wanted and normalize("text", caregiver.family_name) == wanted:
            return caregiver
    raise ServiceError(
        _(
            "This parent is not on the file with parental authority. "
            "Ask the coordinator to add them first."
        ),
        field="family_name",
    )


@transaction.atomic
def contact_register(
    *,
    actor: User,
    data: Mapping[str, Any],
    session: BoekStartSession | None = None,
    family_id: UUID | str | None = None,
    confirm_not_duplicate: bool = False,
    consent_method: str = "verbal",
) -> Contact:
    """A parent wants follow-up: create or link their family and record their consent.

    ``family_id`` links a file the coach may already see (a file they may not see is not
    found). A new file starts as *referred* and the coach gets a view grant on it.
    """
    organisation_id = access.boekstart.organisation_for(actor, Capability.REGISTER_CONTACT)
    if session is not None and session.coach_id != actor.pk:
        raise Http404
    if family_id is not None:
        family = access.family_for(actor, family_id)
    else:
        family = _new_family(actor, data, confirm_not_duplicate)
    require_unrestricted(family, Refused.CHANGE)
    follow_up = Purpose.FOLLOW_UP_CONTACT
    if not consent_services.consent_check(family=family, purpose=follow_up).allowed:
        parent = family.caregivers.get() if family_id is None else _consenting_parent(family, data)
        consent_services.consent_record_unchecked(
            actor=actor,
            family=family,
            given_by=parent,
            purpose=follow_up,
            text_version=CONSENT_TEXT_VERSION,
            method=consent_method,
        )
    contact = Contact(organisation_id=organisation_id, coach=actor, session=session, family=family)
    contact.full_clean()
    contact.save()
    events.contact_registered(actor, contact)
    return contact


@transaction.atomic
def contact_handover(*, actor: User, contact: Contact) -> Contact:
    """Warm handover: the library picks the family up for intake (coordinator's list)."""
    if not access.may(actor, Capability.USE_BOEKSTART, contact):
        raise Http404
    family = access.family_for(actor, contact.family_id)
    require_unrestricted(family, Refused.CHANGE)
    if contact.handed_over_at is not None:
        raise ServiceError(_("This family was handed over already."))
    if family.status in (Family.Status.CLOSED, Family.Status.ANONYMISED):
        raise ServiceError(_("This file is closed. Ask the coordinator to open it again."))
    check = consent_services.consent_check(family=family, purpose=Purpose.FOLLOW_UP_CONTACT)
    if not check.allowed:
        raise ServiceError(check.missing)
    contact.handed_over_at = timezone.now()
    contact.save(update_fields=["handed_over_at"])
    events.contact_handed_over(actor, contact)
    return contact
