"""Who may import spreadsheets, and whose uploaded file is whose.

An uploaded file belongs to the coordinator who uploaded it: nobody else, not even a
colleague of the same organisation, may confirm or see it (404 like a missing one).
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organisation, Role, User
from gezinsaanpak.models.imports import ImportUpload

from .lookup import one_or_404
from .roles import Capability, can, roles_with


def import_upload_for(user: User, upload_id: UUID | str) -> ImportUpload:
    """The user's own, unexpired upload in their organisation, or 404."""
    uploads: QuerySet[ImportUpload] = ImportUpload.objects.none()
    allowed = user.is_authenticated and user.is_active and can(user, Capability.IMPORT_RECORDS)
    if allowed and user.organisation_id is not None:
        uploads = ImportUpload.objects.filter(
            uploaded_by=user,
            organisation_id=user.organisation_id,
            expires_at__gt=timezone.now(),
        )
    return one_or_404(uploads, upload_id)


def import_actor_for(organisation: Organisation, email: str = "") -> User | None:
    """Who an import from the command line acts as: the named user, or the organisation's
    first active coordinator (anyone holding the import capability)."""
    users = User.objects.filter(
        organisation=organisation, is_active=True, role__in=roles_with(Capability.IMPORT_RECORDS)
    ).order_by("date_joined", "pk")
    if email:
        users = users.filter(email__iexact=email)
    return users.first()


def case_owner_candidate(organisation_id: UUID, email: str) -> User | None:
    """An active colleague who may own cases, by e-mail address."""
    return User.objects.filter(
        organisation_id=organisation_id,
        email__iexact=email,
        is_active=True,
        role__in=roles_with(Capability.OWN_CASES),
    ).first()


def volunteer_candidate(organisation_id: UUID, email: str) -> User | None:
    """An active volunteer of the organisation, by e-mail address."""
    return User.objects.filter(
        organisation_id=organisation_id,
        email__iexact=email,
        is_active=True,
        role__in=roles_with(Capability.READ_AS_VOLUNTEER),
    ).first()


def volunteer_role() -> str:
    """The role an imported volunteer's new account gets."""
    return str(Role.VOLUNTEER)


def existing_account(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def is_volunteer(user: User) -> bool:
    return can(user, Capability.READ_AS_VOLUNTEER)
