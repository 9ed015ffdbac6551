"""Who may export a family's data (AVG art. 15 and 20): the privacy officer of the family's
organisation, for a file of that organisation. Everyone else finds nothing (404)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from accounts.models import User
from gezinsaanpak.models import DataSubjectRequest, Family
from gezinsaanpak.models.privacy_export import EXPORT_REQUEST_KINDS

from .lookup import one_or_404
from .privacy_search import families_for_requests
from .roles import Capability, can


def may_export(user: User) -> bool:
    return can(user, Capability.EXPORT_FAMILY_DATA) and user.organisation_id is not None


def families_for_export(user: User) -> QuerySet[Family]:
    """The files ``user`` may export: their organisation's (not anonymised); none otherwise."""
    if not may_export(user):
        return Family.objects.none()
    return families_for_requests(user)


def family_for_export(user: User, family_id: UUID | str) -> Family:
    """The family, or 404 when it does not exist or ``user`` may not export it."""
    return one_or_404(families_for_export(user), family_id)


def export_requests_for(user: User, family: Family) -> QuerySet[DataSubjectRequest]:
    """The family's open access and portability requests in ``user``'s organisation."""
    if not may_export(user) or family.organisation_id != user.organisation_id:
        return DataSubjectRequest.objects.none()
    return DataSubjectRequest.objects.filter(
        organisation_id=user.organisation_id,
        family=family,
        kind__in=EXPORT_REQUEST_KINDS,
        status__in=DataSubjectRequest.OPEN_STATUSES,
    ).order_by("received_on", "id")
