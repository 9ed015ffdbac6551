"""What an erasure removes and keeps, counted per kind of record; certificates to read.

The privacy officer never sees a value of the file: the confirmation page and the
certificate name kinds of records and numbers. ``erasure_counts`` is the one count, used
by the confirmation page and by the service that writes the certificate, so both agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from uuid import UUID

from django.core.paginator import Page
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts.models import User
from gezinsaanpak.access import erasure as access
from gezinsaanpak.audit.events import erasure as events
from gezinsaanpak.models import (
    AccessEvent,
    Answer,
    Caregiver,
    Child,
    Concern,
    Consent,
    Contact,
    CoordinatorMeeting,
    DataSubjectRequest,
    ErasureCertificate,
    Family,
    FamilyGroupObjectPermission,
    FamilyUserObjectPermission,
    JobFile,
    Placement,
    Referral,
    Visit,
)
from gezinsaanpak.models.audit import Action

from .paging import page_of

# What goes, by kind of record (the code is what the certificate and the log keep).
REMOVED: dict[str, StrOrPromise] = {
    "family_details": gettext_lazy("Address, phone number, e-mail, notes and languages"),
    "caregivers": gettext_lazy("Caregivers, with their names, languages and concerns"),
    "child_details": gettext_lazy("Children's names, dates of birth and concerns"),
    "consent_givers": gettext_lazy("Who gave each consent"),
    "visit_notes": gettext_lazy("Notes of visits"),
    "meeting_notes": gettext_lazy("Notes of coordinator meetings"),
    "concerns": gettext_lazy("Concerns about safety"),
    "questionnaire_answers": gettext_lazy("Answers to questionnaires"),
    "placement_referrers": gettext_lazy("Who signed the family up for VoorleesExpress"),
    "referral_details": gettext_lazy("Texts, referrer and shared details of referrals"),
    "search_indexes": gettext_lazy("Search codes of names, postcode and phone number"),
    "access_grants": gettext_lazy("Access rights of colleagues to the file"),
    "downloads": gettext_lazy("Downloads made from the file"),
}
# What stays, without anything personal: the figures of the reports.
KEPT: dict[str, StrOrPromise] = {
    "children": gettext_lazy("Children: only their year of birth"),
    "placements": gettext_lazy("VoorleesExpress placements: dates, status and outcome"),
    "visits": gettext_lazy("Visits: date, what happened, minutes and books"),
    "referrals": gettext_lazy("Referrals: direction, partner, status and dates"),
    "consents": gettext_lazy("Consents: purpose, legal basis and dates"),
    "boekstart_contacts": gettext_lazy("BoekStart contacts: date and coach"),
    "access_log_lines": gettext_lazy("Lines of the access log (ids and field names only)"),
}


@dataclass(frozen=True)
class Counts:
    removed: dict[str, int]
    kept: dict[str, int]

    def as_json(self) -> dict[str, dict[str, int]]:
        return {"removed": dict(self.removed), "kept": dict(self.kept)}


def _grants(family: Family) -> int:
    generic = {"content_type__app_label": "gezinsaanpak", "content_type__model": "family"}
    pk = str(family.pk)
    return (
        FamilyUserObjectPermission.objects.filter(content_object=family).count()
        + FamilyGroupObjectPermission.objects.filter(content_object=family).count()
        + UserObjectPermission.objects.filter(object_pk=pk, **generic).count()
        + GroupObjectPermission.objects.filter(object_pk=pk, **generic).count()
    )


def _indexes(family: Family) -> int:
    own = sum(1 for value in (family.postcode_index, family.phone_index) if value)
    named = Caregiver.objects.filter(family=family).exclude(family_name_index="").count()
    return own + named


def family_downloads(family: Family) -> int:
    return JobFile.objects.filter(job__params__family=str(family.pk)).count()


def erasure_counts(family: Family) -> Counts:
    """Per kind of record: how many go, and how many stay without personal data."""
    placements = Placement.objects.filter(family=family)
    visits = Visit.objects.filter(placement__in=placements)
    referrals = Referral.objects.filter(family=family)
    removed = {
        "family_details": 1,
        "caregivers": Caregiver.objects.filter(family=family).count(),
        "child_details": Child.objects.filter(family=family).count(),
        "consent_givers": Consent.objects.filter(family=family, given_by__isnull=False).count(),
        "visit_notes": visits.exclude(note="").count(),
        "meeting_notes": CoordinatorMeeting.objects.filter(placement__in=placements)
        .exclude(note="")
        .count(),
        "concerns": Concern.objects.filter(placement__in=placements).count(),
        "questionnaire_answers": Answer.objects.filter(response__placement__in=placements).count(),
        "placement_referrers": placements.exclude(referred_by="").count(),
        "referral_details": referrals.count(),
        "search_indexes": _indexes(family),
        "access_grants": _grants(family),
        "downloads": family_downloads(family),
    }
    kept = {
        "children": Child.objects.filter(family=family).count(),
        "placements": placements.count(),
        "visits": visits.count(),
        "referrals": referrals.count(),
        "consents": Consent.objects.filter(family=family).count(),
        "boekstart_contacts": Contact.objects.filter(family=family).count(),
        "access_log_lines": AccessEvent.objects.filter(family_id=family.pk).count(),
    }
    return Counts(removed=removed, kept=kept)


@dataclass(frozen=True)
class CountLine:
    code: str
    label: str
    number: int


def count_lines(counts: dict[str, int], labels: dict[str, StrOrPromise]) -> list[CountLine]:
    """The counts in the order of ``labels``; a kind the code no longer knows keeps its code."""
    known = [
        CountLine(code, str(label), counts[code])
        for code, label in labels.items()
        if code in counts
    ]
    unknown = [
        CountLine(code, code, number) for code, number in counts.items() if code not in labels
    ]
    return known + unknown


def erasure_problem(request: DataSubjectRequest, family_id: UUID | None) -> str | None:
    """Why ``request`` does not allow erasing the file ``family_id``; ``None`` when it does."""
    if request.kind != DataSubjectRequest.Kind.ERASURE:
        return _("This request is not a request for erasure.")
    if not request.is_open:
        return _("This request is closed.")
    if request.family_id is None:
        return _("The request is not linked to a family's file yet.")
    if family_id is not None and request.family_id != family_id:
        return _("This request is about another file.")
    if request.identity_checked_on is None:
        return _("Check who is asking, and note it on the request, before you erase the file.")
    return None


@dataclass
class ErasurePreview:
    """The confirmation page: the request, the file number and the counts, no values."""

    request: DataSubjectRequest
    family_id: UUID | None
    problem: str | None = None
    certificate_id: UUID | None = None
    removed: list[CountLine] = field(default_factory=list)
    kept: list[CountLine] = field(default_factory=list)


def _family_of(request: DataSubjectRequest) -> Family | None:
    family_id = request.family_id
    if family_id is None:
        return None
    return Family.objects.filter(pk=family_id, organisation_id=request.organisation_id).first()


def erasure_preview(user: User, request_id: UUID | str) -> ErasurePreview:
    """What erasing the request's file would remove and keep; 404 for all but the privacy
    officer of the request's organisation. Logs the file shown (its counts only)."""
    request = access.erasure_request_for(user, request_id)
    family = _family_of(request)
    preview = ErasurePreview(request=request, family_id=request.family_id)
    if family is not None and not family.may_be_anonymised:
        certificate = ErasureCertificate.objects.filter(family_id=family.pk).first()
        preview.certificate_id = certificate.pk if certificate else None
        preview.problem = _("This file has been erased already.")
        return preview
    preview.problem = erasure_problem(request, None)
    if preview.problem is None and family is not None:
        counts = erasure_counts(family)
        preview.removed = count_lines(counts.removed, REMOVED)
        preview.kept = count_lines(counts.kept, KEPT)
        with transaction.atomic():
            events.erasure_previewed(user, family.pk, request_id=request.pk)
    return preview


@dataclass(frozen=True)
class CertificateView:
    """A certificate as the privacy officer reads it: dates, ids, names of staff, counts."""

    id: UUID
    family_id: UUID
    request_id: UUID | None
    erased_at: datetime.datetime
    erased_by: str
    replayed_at: datetime.datetime | None
    removed: list[CountLine]
    kept: list[CountLine]


def certificate_view(certificate: ErasureCertificate) -> CertificateView:
    who = certificate.erased_by
    return CertificateView(
        id=certificate.pk,
        family_id=certificate.family_id,
        request_id=certificate.request_id,
        erased_at=certificate.erased_at,
        erased_by=(who.name or who.email) if who is not None else "",
        replayed_at=certificate.replayed_at,
        removed=count_lines(certificate.removed, REMOVED),
        kept=count_lines(certificate.kept, KEPT),
    )


@dataclass(frozen=True)
class OpenErasureRequest:
    """An open erasure request, as the list of certificates offers it: ids and a date."""

    id: UUID
    family_id: UUID | None
    received_on: datetime.date
    due_on: datetime.date


def open_erasure_requests(user: User) -> list[OpenErasureRequest]:
    """The organisation's open requests of kind erasure, oldest first (to start erasing)."""
    requests = access.erasure_requests_of(user).filter(
        kind=DataSubjectRequest.Kind.ERASURE, status__in=DataSubjectRequest.OPEN_STATUSES
    )
    rows = [
        OpenErasureRequest(r.pk, r.family_id, r.received_on, r.due_on)
        for r in requests.order_by("received_on", "id")
    ]
    with transaction.atomic():
        events.erasure_requests_listed(user, [(row.id, row.family_id) for row in rows])
    return rows


def certificate_page(
    user: User, *, page: int | str | None = 1, strict: bool = False
) -> tuple[Page[ErasureCertificate], list[CertificateView]]:
    """One page of the organisation's erasure certificates, newest first."""
    certificates = access.certificates_visible_to(user).select_related("erased_by")
    found = page_of(certificates.order_by("-erased_at", "id"), page, strict=strict)
    views = [certificate_view(c) for c in found.object_list]
    with transaction.atomic():
        events.certificates_viewed(user, [(v.id, v.family_id) for v in views])
    return found, views


def certificate_get(user: User, certificate_id: UUID | str) -> CertificateView:
    certificate = access.certificate_for(user, certificate_id)
    view = certificate_view(certificate)
    with transaction.atomic():
        events.certificates_viewed(user, [(view.id, view.family_id)], action=Action.READ)
    return view
