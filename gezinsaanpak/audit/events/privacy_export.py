"""Access-log events of a family's data export (AVG art. 15 and 20).

Three lines tell the story of one export, each naming the family: the privacy officer asks
for it (``create``), the job reads the file and puts it in the export (``export``, naming
every field exported), and the download is taken (``export`` of the job's ``file``, written
by :func:`gezinsaanpak.audit.events.jobs.job_file_downloaded`). Details hold ids and kinds:
the export, its job, the request it answers, and whether it was for the family itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.models.audit import AccessEvent, Action

if TYPE_CHECKING:
    from accounts.models import User
    from gezinsaanpak.models import DataSubjectRequest, Family
    from gezinsaanpak.models.privacy_export import PrivacyExport

OBJECT_TYPE = "family_export"
# ``details.purpose``: for the family's own request, or for another purpose (with a reason).
FOR_SUBJECT = "subject_request"
OTHER_PURPOSE = "other"


def _details(export: PrivacyExport) -> log.Details:
    return {
        "job": str(export.job_id),
        "request": str(export.request_id) if export.request_id else None,
        "purpose": FOR_SUBJECT if export.for_subject else OTHER_PURPOSE,
    }


def family_export_started(actor: User, export: PrivacyExport) -> None:
    log.record(
        actor=actor,
        action=Action.CREATE,
        object_type=OBJECT_TYPE,
        object_id=export.pk,
        family_id=export.family_id,
        details=_details(export),
    )


def family_exported(actor: User, export: PrivacyExport, *, fields: Sequence[str]) -> AccessEvent:
    """The job put the file in the export; returns the line (the export holds it, too)."""
    return log.record(
        actor=actor,
        action=Action.EXPORT,
        object_type=OBJECT_TYPE,
        object_id=export.pk,
        family_id=export.family_id,
        fields=fields,
        details=_details(export),
    )


def export_page_shown(
    actor: User,
    family: Family,
    requests: Sequence[DataSubjectRequest],
    *,
    family_fields: Sequence[str],
    request_fields: Sequence[str],
) -> None:
    """The export page showed whether the file is restricted and its open requests."""
    via: log.Details = {"via": "export"}
    entries = [log.Entry("family", family.pk, family.pk, family_fields, via)]
    entries += [
        log.Entry("data_subject_request", request.pk, family.pk, request_fields, via)
        for request in requests
    ]
    log.record_many(actor=actor, action=Action.READ, entries=entries)
