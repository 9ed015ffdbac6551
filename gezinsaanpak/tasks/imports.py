"""Applying a confirmed spreadsheet import as a job, with progress and an error report."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from gezinsaanpak.models.job import JobKind
from gezinsaanpak.services.import_files import ImportFileError
from gezinsaanpak.services.import_run import UploadGoneError, import_apply
from gezinsaanpak.services.jobs import job_file_store

from .runner import Counts, JobError, JobRun, job_task

UPLOAD_GONE = gettext_noop(
    "The uploaded file is no longer there (it was imported already, or it expired). "
    "Upload it again to see what is still missing."
)
UNREADABLE = gettext_noop("The uploaded file could not be read. Upload it again.")


@job_task(JobKind.IMPORT_RECORDS)
def import_records(run: JobRun) -> Counts:
    """Each record commits on its own; a rerun after a lost worker skips the ones already
    there, so nothing is created twice and no family is ever half imported."""
    try:
        outcome = import_apply(
            upload_id=run.params["upload"],
            begin=lambda total: run.begin(gettext_noop("Importing rows"), total),
            advance=run.advance,
        )
    except UploadGoneError:
        raise JobError(UPLOAD_GONE) from None
    except ImportFileError:
        raise JobError(UNREADABLE) from None
    if outcome.report is not None:
        job_file_store(
            job_id=run.job_id,
            name="import-errors.csv",
            content_type="text/csv; charset=utf-8",
            data=outcome.report,
        )
    return outcome.counts
