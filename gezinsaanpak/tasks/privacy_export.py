"""A family's data export (AVG art. 15 and 20) as a job, with progress per real step.

1. Collect the file, one section at a time (family, caregivers, children, consents,
   placements with visits, BoekStart contacts, referrals, requests).
2. Write the ``export`` line to the access log (once: a rerun reuses it), then read the
   family's lines up to and including that line, page by page.
3. Make ``export.json``, ``export.html`` and ``export.pdf`` and put them in one ZIP, kept
   encrypted as the job's one-time download (``PRIVACY_EXPORT_DAYS``).

Reading changes nothing but that one line, so a rerun after a lost worker starts over and
ends with the same export.
"""

from __future__ import annotations

import math
from uuid import UUID

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.models.job import JobKind
from gezinsaanpak.models.privacy_export import PrivacyExport
from gezinsaanpak.selectors.privacy_export import (
    ExportDocument,
    OrganisationFacts,
    RequestFacts,
    json_value,
)
from gezinsaanpak.selectors.privacy_export_log import LOG_PAGE_SIZE, log_line_count, log_pages
from gezinsaanpak.selectors.privacy_export_sections import SECTIONS
from gezinsaanpak.services.errors import ProcessingRestrictedError
from gezinsaanpak.services.jobs import job_file_store
from gezinsaanpak.services.privacy_export import family_export_check, family_export_record

from .privacy_export_files import export_zip
from .runner import Counts, JobError, JobRun, job_task

NOT_ALLOWED = gettext_noop(
    "This file can no longer be exported by you (it was removed, or your role changed)."
)
RESTRICTED = gettext_noop(
    "Processing of this file was restricted after the export was started. It can only be "
    "exported for the family's own request for access or data portability."
)
EXPORT_LANGUAGE = "nl"


@job_task(JobKind.FAMILY_EXPORT)
def family_export(run: JobRun) -> Counts:
    """Collect, log, read the log, write the files; see the module's docstring."""
    export = _export(run.params["export"])
    with translation.override(EXPORT_LANGUAGE):
        document = _collect(run, export)
        _read_log(run, export, document)
        data = export_zip(document, begin=run.begin, advance=run.advance)
    job_file_store(
        job_id=run.job_id,
        name=f"gegevens-gezin-{str(export.family_id)[:8]}-{document.made_at:%Y-%m-%d}.zip",
        content_type="application/zip",
        data=data,
    )
    return {"sections": len(document.parts), "log_lines": len(document.log_lines)}


def _export(export_id: str) -> PrivacyExport:
    export = (
        PrivacyExport.objects.select_related("family", "organisation", "request", "created_by")
        .filter(pk=export_id)
        .first()
    )
    if export is None:
        raise JobError(NOT_ALLOWED)
    try:
        family_export_check(export)
    except Http404:
        raise JobError(NOT_ALLOWED) from None
    except ProcessingRestrictedError:
        raise JobError(RESTRICTED) from None
    return export


def _collect(run: JobRun, export: PrivacyExport) -> ExportDocument:
    run.begin(gettext_noop("Collecting the family's file"), len(SECTIONS))
    parts = []
    for section in SECTIONS:
        parts.append(section.part(export.family))
        run.advance()
    return ExportDocument(
        family_id=str(export.family_id),
        made_at=timezone.now(),
        organisation=OrganisationFacts.of(export.organisation),
        request=_request_facts(export.request),
        parts=parts,
    )


def _request_facts(request: DataSubjectRequest | None) -> RequestFacts | None:
    if request is None:
        return None
    return RequestFacts(str(request.pk), request.kind, request.received_on)


def _read_log(run: JobRun, export: PrivacyExport, document: ExportDocument) -> None:
    line = family_export_record(export_id=export.pk, fields=document.field_names())
    document.log_through = {
        "id": str(line.pk),
        "sequence": line.sequence,
        "at": json_value(line.at),
    }
    user, family_id = export.created_by, UUID(str(export.family_id))
    if user is None:  # family_export_check made sure of it; for the type checker
        raise JobError(NOT_ALLOWED)
    total = log_line_count(user, family_id, through=line.sequence)
    run.begin(gettext_noop("Reading the access log"), max(1, math.ceil(total / LOG_PAGE_SIZE)))
    for page in log_pages(user, family_id, through=line.sequence):
        document.log_lines.extend(page)
        run.advance()
