"""Making a family's data export (AVG art. 15 and 20): start it, and record that it was made.

The privacy officer of the family's organisation starts it for the family's own access or
portability request, or with a reason for another purpose. An export for another purpose is
refused while the file's processing is restricted (art. 18); one for the family's own
request is not, since the restriction protects the family, not against the family.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from gezinsaanpak.access.privacy_export import family_for_export
from gezinsaanpak.audit.events import privacy_export as events
from gezinsaanpak.models import AccessEvent, DataSubjectRequest, Family
from gezinsaanpak.models.job import JobKind, JobScope
from gezinsaanpak.models.privacy_export import EXPORT_REQUEST_KINDS, PrivacyExport

from .errors import ProcessingRestrictedError, ServiceError
from .jobs import job_start

if TYPE_CHECKING:
    from collections.abc import Sequence

    from accounts.models import User


def family_export_start(
    *, actor: User, family_id: UUID | str, request_id: UUID | None = None, reason: str = ""
) -> PrivacyExport:
    """Start the export job; 404 for anyone but the privacy officer of the family's file."""
    family = family_for_export(actor, family_id)
    if request_id is not None and reason.strip():
        raise ServiceError(
            _("An export for a request needs no other reason. Leave it empty."), field="reason"
        )
    request = _request_for(family, request_id) if request_id is not None else None
    if request is None:
        _check_other_purpose(family, reason)
    with transaction.atomic():
        export_id = uuid.uuid4()
        job = job_start(
            kind=JobKind.FAMILY_EXPORT,
            scope=JobScope.PERSONAL,
            started_by=actor,
            organisation=actor.organisation,
            params={"export": str(export_id), "family": str(family.pk)},
        )
        export = PrivacyExport(
            id=export_id,
            organisation_id=family.organisation_id,
            family=family,
            request=request,
            reason=reason,
            job=job,
            created_by=actor,
        )
        export.full_clean()
        export.save()
        events.family_export_started(actor, export)
    return export


def _request_for(family: Family, request_id: UUID) -> DataSubjectRequest:
    """The request the export answers: this family's open access or portability request."""
    request = DataSubjectRequest.objects.filter(
        pk=request_id, organisation_id=family.organisation_id
    ).first()
    if request is None or request.family_id != family.pk:
        raise ServiceError(_("Choose a request of this family."), field="request")
    if request.kind not in EXPORT_REQUEST_KINDS:
        raise ServiceError(
            _("An export answers a request for access or data portability."), field="request"
        )
    if not request.is_open:
        raise ServiceError(_("This request is closed."), field="request")
    return request


def _check_other_purpose(family: Family, reason: str) -> None:
    if not reason.strip():
        raise ServiceError(_("Choose the request, or give the reason."), field="reason")
    if family.restricted_processing:
        raise ProcessingRestrictedError(
            _(
                "Processing of this file is restricted. It can only be exported for the "
                "family's own request for access or data portability."
            )
        )


def family_export_check(export: PrivacyExport) -> None:
    """Whether the export may still be made as it was started (the job asks before it runs):
    404 when its maker may no longer export the file, the restriction's error when the file
    was restricted since and the export is not for the family's own request."""
    if export.created_by is None:
        raise Http404
    family = family_for_export(export.created_by, export.family_id)
    if family.restricted_processing and not export.for_subject:
        raise ProcessingRestrictedError(_("Processing of this file is restricted."))


def family_export_record(*, export_id: UUID, fields: Sequence[str]) -> AccessEvent:
    """Write the export's ``export`` line once (a rerun of the job gets the same line)."""
    with transaction.atomic():
        export = (
            PrivacyExport.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .get(pk=export_id)
        )
        if export.log_line is not None:
            return AccessEvent.objects.get(pk=export.log_line)
        if export.created_by is None:
            raise ServiceError(_("The person who started this export no longer exists."))
        line = events.family_exported(export.created_by, export, fields=sorted(fields))
        export.log_line = line.pk
        export.save(update_fields=["log_line"])
    return line
