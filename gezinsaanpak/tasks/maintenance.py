"""Housekeeping: ending left-over access, recovering lost jobs, pruning, the heartbeat."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.models import DBTaskResult

from gezinsaanpak.models.imports import ImportUpload
from gezinsaanpak.models.job import Job, JobFile, JobKind, JobStatus, ScheduledRun
from gezinsaanpak.services import jobs as job_services
from gezinsaanpak.services.placement_grants import ended_volunteer_grants, volunteer_access_expire
from gezinsaanpak.services.rate_limits import prune_counters

from .runner import INTERRUPTED, Counts, JobRun, job_task

logger = logging.getLogger("gezinsaanpak.tasks")

TASK_RESULT_DAYS = 7
_ENDED = ("FAILED", "SUCCESSFUL")  # django-tasks-db's statuses of a finished attempt


@job_task(JobKind.EXPIRE_ACCESS)
def expire_access(run: JobRun) -> Counts:
    """Revoke volunteer grants without an active placement, each with its log line."""
    ended = ended_volunteer_grants()
    run.begin(gettext_noop("Ending access"), len(ended))
    revoked = 0
    for volunteer_id, family_id in ended:
        revoked += volunteer_access_expire(volunteer_id=volunteer_id, family_id=family_id)
        run.advance()
    return {"revoked": revoked}


@job_task(JobKind.PRUNE_JOBS)
def prune_jobs(run: JobRun) -> Counts:
    """Delete expired downloads, old finished jobs, old queue rows and schedule rows, and the
    rate-limit counters of clients quiet for a day."""
    now = timezone.now()
    run.begin(gettext_noop("Clearing old jobs"), 6)
    counts = {"files": JobFile.objects.filter(expires_at__lte=now).delete()[0]}
    run.advance()
    counts["uploads"] = ImportUpload.objects.filter(expires_at__lte=now).delete()[0]
    run.advance()
    old = now - timedelta(days=settings.JOB_RETENTION_DAYS)
    finished = Job.objects.filter(status__in=(JobStatus.DONE, JobStatus.FAILED))
    counts["jobs"] = finished.filter(finished_at__lt=old).exclude(pk=run.job_id).delete()[0]
    run.advance()
    counts["schedule"] = ScheduledRun.objects.filter(slot__lt=old).delete()[0]
    run.advance()
    counts["queue"] = (
        DBTaskResult.objects.finished()
        .filter(finished_at__lt=now - timedelta(days=TASK_RESULT_DAYS))
        .delete()[0]
    )
    run.advance()
    quiet = now - timedelta(days=1)
    counts["rate_counters"] = prune_counters(older_than=quiet.timestamp())
    run.advance()
    return counts


@task()
def worker_heartbeat() -> None:
    """Does nothing: that a worker took it recently is what ``/readyz`` looks for."""


@task()
def recover_stalled_jobs() -> int:
    """Find jobs whose worker was lost (no sign of life for JOB_STALL_SECONDS) and run them
    again, or mark them failed after JOB_MAX_ATTEMPTS; returns how many were found.

    Their work is idempotent and committed in small steps, so starting again never applies
    anything twice; the lost run, should it still be alive, stops at its next progress
    report because it no longer owns the job.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_STALL_SECONDS)
    ended = DBTaskResult.objects.filter(status__in=_ENDED).values("id")
    stuck = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).values("id")
    stalled = Job.objects.filter(
        # Silent too long, or its attempt ended without ending it (worker stopped mid-task).
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
        | Q(status=JobStatus.RUNNING, task_result_id__in=ended)
        # Its attempt was claimed long ago, or ended, but the job never started.
        | Q(status=JobStatus.QUEUED, task_result_id__in=ended)
        | Q(status=JobStatus.QUEUED, task_result_id__in=stuck)
        # Recorded to run inline (``--now``), but the process ended before it started.
        | Q(status=JobStatus.QUEUED, task_result_id__isnull=True, created_at__lt=cutoff)
    )
    found = 0
    for job_id in stalled.values_list("pk", flat=True):
        found += _recover(job_id, cutoff)
    return found


def _recover(job_id: UUID, cutoff: datetime) -> int:
    with transaction.atomic():
        job = Job.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.is_finished:
            return 0
        attempt_ended = job.task_result_id is not None and (
            DBTaskResult.objects.filter(pk=job.task_result_id, status__in=_ENDED).exists()
        )
        alive = job.heartbeat_at is not None and job.heartbeat_at >= cutoff
        if job.status == JobStatus.RUNNING and alive and not attempt_ended:
            return 0  # it reported progress since we looked
        if job.task_result_id is not None:
            DBTaskResult.objects.filter(pk=job.task_result_id, status="RUNNING").update(
                status="FAILED", finished_at=timezone.now()
            )
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            job.status, job.error, job.finished_at = JobStatus.FAILED, INTERRUPTED, timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
            logger.error("Job %s (%s) was lost %d times; failed.", job.pk, job.kind, job.attempts)
        else:
            job_services.job_requeue(job=job)
            logger.warning("Job %s (%s) lost its worker; queued again.", job.pk, job.kind)
    return 1
