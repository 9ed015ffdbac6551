"""Who may erase a file, read erasure certificates and see the coming retention.

Only the privacy officer (``ERASE_FAMILY``, ``READ_RETENTION``), and only inside their own
organisation. Everyone else gets 404, as if the page were not there. An anonymised file
is missing for the privacy officer too: there is nothing left to erase.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.models import DataSubjectRequest, ErasureCertificate, Family

from .lookup import one_or_404
from .roles import Capability, can


def may_erase(user: User) -> bool:
    return can(user, Capability.ERASE_FAMILY) and user.organisation_id is not None


def require_eraser(user: User) -> UUID:
    """The privacy officer's organisation id; 404 for everyone else."""
    if not may_erase(user) or user.organisation_id is None:
        raise Http404
    return user.organisation_id


def family_for_erasure(user: User, family_id: UUID | str) -> Family:
    """A file of the privacy officer's organisation that still holds personal data."""
    organisation_id = require_eraser(user)
    families = Family.objects.filter(organisation_id=organisation_id).exclude(
        status=Family.Status.ANONYMISED
    )
    return one_or_404(families, family_id)


def erasure_requests_of(user: User) -> QuerySet[DataSubjectRequest]:
    """The organisation's data-subject requests, for the privacy officer only."""
    return DataSubjectRequest.objects.filter(organisation_id=require_eraser(user))


def erasure_request_for(user: User, request_id: UUID | str) -> DataSubjectRequest:
    return one_or_404(erasure_requests_of(user), request_id)


def certificates_visible_to(user: User) -> QuerySet[ErasureCertificate]:
    return ErasureCertificate.objects.filter(organisation_id=require_eraser(user))


def certificate_for(user: User, certificate_id: UUID | str) -> ErasureCertificate:
    return one_or_404(certificates_visible_to(user), certificate_id)


def require_retention_reader(user: User) -> UUID:
    """The organisation whose retention the user may see; 404 for everyone else."""
    if not can(user, Capability.READ_RETENTION) or user.organisation_id is None:
        raise Http404
    return user.organisation_id
