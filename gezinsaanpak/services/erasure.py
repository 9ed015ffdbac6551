"""Erasing a family's file (AVG art. 17): the one anonymising code, also used by retention.

Everything personal of the file and of what hangs from it is deleted from the database, not
hidden: caregivers, concerns and questionnaire answers go as rows; the rows that the
figures need stay with every personal value emptied (a child keeps only its year of birth,
a placement its dates, status and outcome, a visit its date and counts, a referral its
direction, partner, status and dates, a consent its purpose, legal basis and dates). Blind
indexes are emptied, every grant on the file is deleted, downloads made from it go. The
file's status becomes ``anonymised``, which every access rule treats as missing.

``DELETED_ROWS``, ``CLEARED_FIELDS`` and ``KEPT_ON_PURPOSE`` declare how each model holding
a family's data is treated; a test fails when a model or an encrypted field hanging from a
family is missing from them. The access log stays (ids and field names only).

Each anonymisation is one transaction with one access-log line, a line in the ledger table
and, as its last step, a line in the ledger file outside the database
(``services.erasure_ledger``): no erasure commits without its ledger line.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts.models import User
from gezinsaanpak.access import erasure as access
from gezinsaanpak.audit.events import erasure as events
from gezinsaanpak.models import (
    AnonymiseReason,
    Answer,
    Caregiver,
    Child,
    Concern,
    Consent,
    CoordinatorMeeting,
    DataSubjectRequest,
    ErasureCertificate,
    ErasureLedgerEntry,
    Family,
    FamilyGroupObjectPermission,
    FamilyUserObjectPermission,
    JobFile,
    Placement,
    PrivacyExport,
    ProcessingRestriction,
    Referral,
    Visit,
)
from gezinsaanpak.privacy.fields import BlindIndexField
from gezinsaanpak.selectors.erasure import Counts, erasure_counts, erasure_problem

from . import erasure_ledger as ledger
from .errors import ServiceError

# Rows that are personal as a whole: deleted.
DELETED_ROWS = frozenset(
    {
        "gezinsaanpak.Caregiver",
        "gezinsaanpak.Concern",
        "gezinsaanpak.Answer",
        "gezinsaanpak.FamilyUserObjectPermission",
        "gezinsaanpak.FamilyGroupObjectPermission",
    }
)
# Rows the figures need: kept, with these (encrypted) fields emptied, and their blind indexes.
CLEARED_FIELDS: dict[str, tuple[str, ...]] = {
    "gezinsaanpak.Family": (
        "postcode",
        "house_number",
        "street",
        "city",
        "phone",
        "email",
        "notes",
    ),
    "gezinsaanpak.Child": ("given_name", "date_of_birth", "development_concern"),
    "gezinsaanpak.Placement": ("referred_by",),
    # The record that an export was made stays; why (it may name people) goes.
    "gezinsaanpak.PrivacyExport": ("reason",),
    # So do the periods of restricted processing, without their reasons.
    "gezinsaanpak.ProcessingRestriction": ("reason", "lift_reason"),
    "gezinsaanpak.Visit": ("note",),
    "gezinsaanpak.CoordinatorMeeting": ("note",),
    "gezinsaanpak.Referral": (
        "referrer_name",
        "referrer_role",
        "reason_text",
        "feedback",
        "partner_feedback",
        "payload",
    ),
}
# Linked to a family but left as they are, and why.
KEPT_ON_PURPOSE: dict[str, str] = {
    # The controller must be able to show how it handled a request (art. 5(2), 12): the
    # request, its dates, identity check and outcome stay. Its texts are the privacy
    # officer's notes; the README asks not to copy personal data into them.
    "gezinsaanpak.DataSubjectRequest": "the record of the request itself",
}


def _emptied(model: type[models.Model]) -> dict[str, Any]:
    """The ``update()`` arguments that empty the declared fields and their blind indexes."""
    names = CLEARED_FIELDS[model._meta.label]
    values: dict[str, Any] = {}
    for name in names:
        field = model._meta.get_field(name)
        values[name] = None if field.null else ""
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source in names:
            values[field.name] = ""
    return values


def _clear(queryset: models.QuerySet[Any], **extra: Any) -> None:
    queryset.update(**_emptied(queryset.model), **extra)


def _delete_grants(family: Family) -> None:
    FamilyUserObjectPermission.objects.filter(content_object=family).delete()
    FamilyGroupObjectPermission.objects.filter(content_object=family).delete()
    generic = {"content_type__app_label": "gezinsaanpak", "content_type__model": "family"}
    UserObjectPermission.objects.filter(object_pk=str(family.pk), **generic).delete()
    GroupObjectPermission.objects.filter(object_pk=str(family.pk), **generic).delete()


def _children_to_birth_year(family: Family) -> None:
    """A child keeps one fact: its year of birth (1 January of it, in ``birth_month``)."""
    for child_id, month in Child.objects.filter(family=family).values_list("pk", "birth_month"):
        year = datetime.date(month.year, 1, 1) if month else None
        _clear(Child.objects.filter(pk=child_id), birth_month=year)


def _placements(family: Family, *, stop_reason: str, today: datetime.date) -> None:
    placements = Placement.objects.filter(family=family)
    Concern.objects.filter(placement__in=placements).delete()
    Answer.objects.filter(response__placement__in=placements).delete()
    _clear(Visit.objects.filter(placement__in=placements))
    _clear(CoordinatorMeeting.objects.filter(placement__in=placements))
    # Nobody can visit a file without names: a programme still running ends today.
    placements.filter(status__in=Placement.OPEN).update(
        status=Placement.Status.STOPPED,
        stop_reason=stop_reason,
        end_date=Coalesce(F("end_date"), Value(today, output_field=models.DateField())),
    )
    _clear(placements)


def anonymise_locked(family: Family, *, stop_reason: str) -> Counts:
    """Remove every personal value of ``family`` (locked by the caller, in its transaction);
    return what went and what stayed, per kind of record."""
    if not family.may_be_anonymised:
        raise ValueError("This file is anonymised already.")
    counts = erasure_counts(family)
    today = timezone.localdate()
    _placements(family, stop_reason=stop_reason, today=today)
    _clear(
        Referral.objects.filter(family=family),
        partner_reference="",
        possible_duplicates=[],
        caregiver=None,
    )
    Consent.objects.filter(family=family).update(given_by=None)
    Caregiver.objects.filter(family=family).delete()
    _children_to_birth_year(family)
    _delete_grants(family)
    JobFile.objects.filter(job__params__family=str(family.pk)).delete()
    _clear(PrivacyExport.objects.filter(family=family))
    _clear(ProcessingRestriction.objects.filter(family=family))
    _clear(
        Family.objects.filter(pk=family.pk),
        home_languages=[],
        reading_languages=[],
        case_owner=None,
        status=Family.Status.ANONYMISED,
        closed_on=Coalesce(F("closed_on"), Value(today, output_field=models.DateField())),
        updated_at=timezone.now(),
    )
    family.refresh_from_db()
    return counts


def removed_kinds(counts: Counts) -> list[str]:
    """The kinds of records that went, as the access-log line names them."""
    return sorted(kind for kind, number in counts.removed.items() if number)


def lock_family(family_id: UUID) -> Family:
    return Family.objects.select_for_update().get(pk=family_id)


def ledger_entry_record(line: ledger.LedgerLine, **extra: Any) -> ErasureLedgerEntry:
    """The ledger line's copy in the database (same id)."""
    entry, _created = ErasureLedgerEntry.objects.update_or_create(
        id=line.id,
        defaults={
            "family_id": line.family_id,
            "organisation_id": line.organisation_id,
            "reason": line.reason,
            "rule": line.rule,
            "erased_at": line.erased_at,
            "certificate_id": line.certificate_id,
            **extra,
        },
    )
    return entry


def with_ledger_line[T](work: Callable[[], tuple[T, ledger.LedgerLine | None]]) -> T:
    """Run ``work`` in a transaction whose last step appends its ledger line (if any).

    The line is written before the commit: a line that cannot be written rolls everything
    back. A commit that fails after the line was written gets a ``cancelled`` line.
    """
    written: ledger.LedgerLine | None = None
    try:
        with transaction.atomic():
            result, line = work()
            if line is not None:
                ledger.append(line)
                written = line
    except BaseException:
        if written is not None:
            ledger.cancel(written)
        raise
    return result


def _request_of(actor: User, request_id: UUID | str) -> DataSubjectRequest:
    try:
        request = access.erasure_requests_of(actor).filter(pk=request_id).first()
    except (ValueError, TypeError):
        request = None
    if request is None:
        raise ServiceError(_("There is no such request."), field="request")
    return request


def family_erase(
    *, actor: User, family_id: UUID | str, request_id: UUID | str, confirm: bool
) -> ErasureCertificate:
    """Erase a file on an erasure request, after the privacy officer confirmed it.

    404 for everyone but the privacy officer of the file's organisation (and for a file
    that is anonymised already). The request must be an open erasure request about this
    file with the requester's identity checked. Allowed while processing is restricted.
    """
    family = access.family_for_erasure(actor, family_id)
    request = _request_of(actor, request_id)
    problem = erasure_problem(request, family.pk)
    if problem is not None:
        raise ServiceError(problem, field="request")
    if confirm is not True:
        raise ServiceError(_("Confirm that the file is to be erased."), field="confirm")
    return with_ledger_line(lambda: _erase(actor, family.pk, request))


def _erase(
    actor: User, family_id: UUID, request: DataSubjectRequest
) -> tuple[ErasureCertificate, ledger.LedgerLine]:
    family = lock_family(family_id)
    if not family.may_be_anonymised:
        raise Http404  # erased meanwhile, by someone else
    counts = anonymise_locked(family, stop_reason=Placement.StopReason.FAMILY)
    certificate = ErasureCertificate.objects.create(
        organisation_id=family.organisation_id,
        family_id=family.pk,
        request=request,
        erased_by=actor,
        counts=counts.as_json(),
    )
    line = ledger.LedgerLine(
        family_id=family.pk,
        organisation_id=family.organisation_id,
        reason=AnonymiseReason.ERASURE,
        erased_at=certificate.erased_at,
        certificate_id=certificate.pk,
        request_id=request.pk,
        erased_by=actor.pk,
        counts=counts.as_json(),
    )
    ledger_entry_record(line)
    events.family_erased(
        actor,
        family.pk,
        removed=removed_kinds(counts),
        certificate_id=certificate.pk,
        request_id=request.pk,
    )
    return certificate, line


def request_erase(*, actor: User, request_id: UUID | str, confirm: bool) -> ErasureCertificate:
    """The pages' way in: erase the file that the erasure request ``request_id`` is about."""
    request = access.erasure_request_for(actor, request_id)
    problem = erasure_problem(request, None)
    family_id = request.family_id
    if problem is not None or family_id is None:
        raise ServiceError(problem or "", field="request")
    still_there = Family.objects.filter(pk=family_id, organisation_id=request.organisation_id)
    if not still_there.exclude(status=Family.Status.ANONYMISED).exists():
        raise ServiceError(_("This file has been erased already."), field="request")
    return family_erase(actor=actor, family_id=family_id, request_id=request.pk, confirm=confirm)
