"""Starting background jobs, and what the queue needs from them.

A job is started in the caller's transaction: the ``Job`` row and its queue row
(django-tasks-db keeps the queue in the same database) commit together or not at all,
so a concern that was saved always gets its e-mail, and a rolled-back one never does.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from gezinsaanpak import dates
from gezinsaanpak.access import Capability
from gezinsaanpak.access.jobs import job_for
from gezinsaanpak.audit.events import jobs as events
from gezinsaanpak.models.job import Job, JobFile, JobKind, JobScope, JobStatus

from .errors import DownloadGoneError
from .placements import require

_NOTIFICATIONS = "gezinsaanpak.tasks.referral_notifications"
# The task that does each kind of job, by path: tasks sit above the services (they call
# them), so a service that starts a job looks its task up instead of importing it.
TASKS: dict[str, str] = {
    JobKind.ROTATE_FIELD_KEYS: "gezinsaanpak.tasks.keys.rotate_field_keys",
    JobKind.VERIFY_ACCESS_LOG: "gezinsaanpak.tasks.access_log.verify_access_log",
    JobKind.PRUNE_ACCESS_LOG: "gezinsaanpak.tasks.access_log.prune_access_log",
    JobKind.EXPIRE_ACCESS: "gezinsaanpak.tasks.maintenance.expire_access",
    JobKind.REMIND_REFERRAL_CONTACT: "gezinsaanpak.tasks.reminders.remind_referral_contact",
    JobKind.REFERRAL_REMINDER_MAIL: "gezinsaanpak.tasks.reminders.referral_reminder_mail",
    JobKind.CONCERN_NOTIFICATION: "gezinsaanpak.tasks.reminders.concern_notification",
    JobKind.PRUNE_JOBS: "gezinsaanpak.tasks.maintenance.prune_jobs",
    JobKind.REFERRAL_RECEIVED_MAIL: f"{_NOTIFICATIONS}.referral_received_mail",
    JobKind.REFERRAL_UPDATE_MAIL: f"{_NOTIFICATIONS}.referral_update_mail",
    JobKind.IMPORT_RECORDS: "gezinsaanpak.tasks.imports.import_records",
    JobKind.FAMILY_EXPORT: "gezinsaanpak.tasks.privacy_export.family_export",
    JobKind.APPLY_RETENTION: "gezinsaanpak.tasks.retention.apply_retention",
    JobKind.REMIND_SUBJECT_REQUESTS: "gezinsaanpak.tasks.reminders.remind_subject_requests",
    JobKind.SUBJECT_REQUEST_MAIL: "gezinsaanpak.tasks.reminders.subject_request_mail",
    JobKind.REPORT_YEAR_EXPORT: "gezinsaanpak.tasks.reports.report_year_export",
}


# Every job's task takes one argument, the job's id, and returns nothing.
JobTask = Task[[str], None]


def task_for(kind: str) -> JobTask:
    task: JobTask = import_string(TASKS[kind])
    return task


@transaction.atomic
def job_start(
    *,
    kind: JobKind,
    scope: JobScope = JobScope.SYSTEM,
    started_by: User | None = None,
    organisation: Organisation | None = None,
    params: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> Job:
    """Record a job and put it on the queue (``enqueue=False``: the caller runs it inline)."""
    job = Job(
        kind=kind,
        scope=scope,
        started_by=started_by,
        organisation=organisation,
        params=params or {},
    )
    job.full_clean()
    job.save()
    if enqueue:
        _enqueue(job)
    if started_by is not None:
        events.job_started(started_by, job)
    return job


def access_log_verify_start(*, actor: User) -> Job:
    """The privacy officer checks the hash chain of their organisation's access log."""
    require(actor, Capability.VERIFY_ACCESS_LOG, None)
    return job_start(
        kind=JobKind.VERIFY_ACCESS_LOG,
        scope=JobScope.ORGANISATION,
        started_by=actor,
        organisation=actor.organisation,
        params={"chain": str(actor.organisation_id)},
    )


def job_requeue(*, job: Job, run_after: datetime | None = None) -> None:
    """Put ``job`` back on the queue as a new attempt (after a pause, when given)."""
    _enqueue(job, run_after=run_after)


def _enqueue(job: Job, *, run_after: datetime | None = None) -> None:
    task = task_for(job.kind)
    if run_after is not None:
        task = task.using(run_after=run_after)
    attempt = UUID(task.enqueue(str(job.pk)).id)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, task_result_id=attempt, heartbeat_at=None
    )
    job.status, job.task_result_id = JobStatus.QUEUED, attempt


@dataclass(frozen=True)
class FilePolicy:
    """How long a kind of job keeps its download, and whether it can be taken only once."""

    lifetime: timedelta
    single_use: bool = False


def file_policy(kind: str) -> FilePolicy:
    """A family's data export waits ``PRIVACY_EXPORT_DAYS`` for its one download; every other
    download is kept ``JOB_FILE_HOURS`` and can be taken as often as needed."""
    if kind == JobKind.FAMILY_EXPORT:
        return FilePolicy(timedelta(days=settings.PRIVACY_EXPORT_DAYS), single_use=True)
    return FilePolicy(timedelta(hours=settings.JOB_FILE_HOURS))


@transaction.atomic
def job_file_store(*, job_id: Any, name: str, content_type: str, data: bytes) -> JobFile:
    """Keep a job's download, encrypted, as its kind's policy says; a rerun replaces it."""
    policy = file_policy(Job.objects.values_list("kind", flat=True).get(pk=job_id))
    JobFile.objects.filter(job_id=job_id).delete()
    file = JobFile(
        job_id=job_id,
        name=name,
        content_type=content_type,
        size=len(data),
        content=base64.b64encode(data).decode("ascii"),
        expires_at=timezone.now() + policy.lifetime,
        single_use=policy.single_use,
    )
    file.full_clean(exclude=["job"])
    file.save()
    return file


@transaction.atomic
def job_file_download(*, actor: User, job_id: UUID | str) -> tuple[JobFile, bytes]:
    """The job's file, logged as an export; 404 when there is none (or it was cleared).

    A single-use file is emptied as it is taken: a second try, like one after it expired,
    raises :class:`DownloadGoneError` (a 410) for as long as the row says so.
    """
    job = job_for(actor, job_id)
    file = JobFile.objects.select_for_update().filter(job=job).first()
    now = timezone.now()
    if file is None or (not file.single_use and file.expires_at <= now):
        raise Http404
    _refuse_gone(file, now)
    data = file.data()
    if file.single_use:
        taken = JobFile.objects.filter(pk=file.pk, downloaded_at__isnull=True).update(
            downloaded_at=now
        )
        if not taken:  # another request took it a moment ago
            raise DownloadGoneError(_("This file was downloaded already."))
        file.content, file.downloaded_at = "", now
        file.save(update_fields=["content"])
    events.job_file_downloaded(actor, job)
    return file, data


def _refuse_gone(file: JobFile, now: datetime) -> None:
    if file.downloaded_at is not None:
        when = dates.format_day_time(file.downloaded_at, short=True)
        raise DownloadGoneError(
            _(
                "This file was downloaded on %(when)s. It can be downloaded only once. "
                "Make a new export if you need it again."
            )
            % {"when": when}
        )
    if file.expires_at <= now:
        when = dates.format_day_time(file.expires_at, short=True)
        raise DownloadGoneError(
            _("This file could be downloaded until %(when)s. Make a new export.") % {"when": when}
        )
