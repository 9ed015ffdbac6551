"""Retention as the schedule's daily job: anonymise the files whose period has passed."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_noop

from gezinsaanpak.models.job import JobKind
from gezinsaanpak.services.retention import retention_apply, retention_due

from .runner import Counts, JobRun, job_task


@job_task(JobKind.APPLY_RETENTION)
def apply_retention(run: JobRun) -> Counts:
    """Each file is its own transaction and is checked again under its lock, so a rerun
    after a lost worker anonymises only what is still due."""
    today = timezone.localdate()
    due = retention_due(today)
    run.begin(gettext_noop("Anonymising files past their retention period"), len(due))
    result = retention_apply(dry_run=False, on=today, due=due, progress=run.advance)
    return {**result.counts, "anonymised": result.total}
