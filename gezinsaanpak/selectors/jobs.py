"""Reading a background job as its owner sees it: status, progress, counts, download.

A job's status holds no personal data and is not logged; its download may, so taking the
file (``services.jobs.job_file_download``) writes an ``export`` line to the access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from gezinsaanpak.access.jobs import job_for
from gezinsaanpak.models.job import Job, JobFile, JobStatus

# What the counts a job returns are called on its page.
RESULT_LABELS = {
    "values": gettext_lazy("Values looked at"),
    "rotated": gettext_lazy("Re-encrypted"),
    "current": gettext_lazy("Already under the new key"),
    "failed": gettext_lazy("Could not be read"),
    "lines": gettext_lazy("Lines checked"),
    "chains": gettext_lazy("Chains checked"),
    "problems": gettext_lazy("Problems found"),
    "pruned_chains": gettext_lazy("Chains shortened"),
    "removed": gettext_lazy("Access-log lines removed"),
    "revoked": gettext_lazy("Access ended"),
    "people": gettext_lazy("People reminded"),
    "referrals": gettext_lazy("Referrals"),
    "sent": gettext_lazy("E-mails sent"),
    "recipients": gettext_lazy("Recipients"),
    "files": gettext_lazy("Downloads deleted"),
    "jobs": gettext_lazy("Jobs deleted"),
    "schedule": gettext_lazy("Schedule rows deleted"),
    "queue": gettext_lazy("Queue rows deleted"),
    "uploads": gettext_lazy("Uploaded import files deleted"),
    "sections": gettext_lazy("Parts of the file"),
    "log_lines": gettext_lazy("Access-log lines"),
    "municipalities": gettext_lazy("Municipalities"),
    "figures": gettext_lazy("Figures"),
    "created": gettext_lazy("Created"),
    "present": gettext_lazy("Already present (not created again)"),
    "errors": gettext_lazy("Rows with errors (not imported)"),
    "declined": gettext_lazy("Files of declined referrals"),
    "no_programme": gettext_lazy("Files without a programme"),
    "closed": gettext_lazy("Closed files"),
    "anonymised": gettext_lazy("Files anonymised"),
}


@dataclass(frozen=True, slots=True)
class Download:
    name: str
    size: int
    expires_at: datetime
    single_use: bool = False


@dataclass(frozen=True, slots=True)
class DownloadGone:
    """Why a one-time download is no longer there: ``downloaded`` or ``expired``, and when."""

    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class JobView:
    id: UUID
    kind: str
    kind_label: str
    status: str
    status_label: str
    done: int
    total: int
    percent: int
    step: str
    result: dict[str, int]
    result_labels: list[tuple[str, int]]
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    download: Download | None
    download_gone: DownloadGone | None = None

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def progress_text(self) -> str:
        return _("%(done)s of %(total)s (%(percent)s%%)") % {
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
        }


def job_view(user: User, job_id: UUID | str) -> JobView:
    """The job, or 404 for anyone who may not follow it (``access.jobs``)."""
    return _view(job_for(user, job_id))


def _file_of(job: Job) -> JobFile | None:
    """What the page says about the file, not the file: the page is polled every second."""
    return JobFile.objects.filter(job=job).defer("content").first()


def _download(file: JobFile | None) -> Download | None:
    if file is None or file.downloaded_at is not None or file.expires_at <= timezone.now():
        return None
    return Download(file.name, file.size, file.expires_at, file.single_use)


def _download_gone(file: JobFile | None) -> DownloadGone | None:
    """A one-time download that was taken or expired (the page says which, and when)."""
    if file is None or not file.single_use:
        return None
    if file.downloaded_at is not None:
        return DownloadGone("downloaded", file.downloaded_at)
    if file.expires_at <= timezone.now():
        return DownloadGone("expired", file.expires_at)
    return None


def _view(job: Job) -> JobView:
    file = _file_of(job)
    return JobView(
        id=job.pk,
        kind=job.kind,
        kind_label=job.get_kind_display(),
        status=job.status,
        status_label=job.get_status_display(),
        done=job.done,
        total=job.total,
        percent=job.percent,
        step=_(job.step) if job.step else "",
        result=dict(job.result),
        result_labels=[(str(RESULT_LABELS.get(k, k)), v) for k, v in job.result.items()],
        error=_(job.error) if job.error else "",
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        download=_download(file),
        download_gone=_download_gone(file),
    )
