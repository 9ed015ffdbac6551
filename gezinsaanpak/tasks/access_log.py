"""The access log's jobs: checking its hash chains (one organisation's chain, or all), and
removing the lines past their retention period."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.translation import gettext_noop

from gezinsaanpak.audit import retention as access_log_retention
from gezinsaanpak.audit import verify as access_log_verify
from gezinsaanpak.models.job import JobKind
from gezinsaanpak.services.jobs import job_file_store

from .runner import Counts, JobError, JobRun, job_task

logger = logging.getLogger("gezinsaanpak.tasks")


@job_task(JobKind.VERIFY_ACCESS_LOG)
def verify_access_log(run: JobRun) -> Counts:
    """Hashes each chain from where the last run found it whole (``full``: every line);
    only that point is written, so a rerun simply starts over. The problems found (chain,
    line and id, never a line's content) become the job's download."""
    chain = run.params.get("chain")
    full = run.params.get("full")
    if full is None:  # the schedule, or a privacy officer: everything once a week
        full = access_log_verify.full_check_due(settings.ACCESS_LOG_FULL_VERIFY_DAYS)
    total = access_log_verify.lines_to_verify(chain, full=full)
    run.begin(gettext_noop("Checking the access log"), total)
    checked = 0

    def progress(lines: int) -> None:
        nonlocal checked
        run.advance(lines - checked)
        checked = lines

    result = access_log_verify.verify(chain, progress, full=full)
    if result.problems:
        logger.error("The access log does not add up: %d problem(s).", len(result.problems))
        report = "\n".join(result.problems) + "\n"
        job_file_store(
            job_id=run.job_id,
            name="access-log-problems.txt",
            content_type="text/plain; charset=utf-8",
            data=report.encode(),
        )
    return {"lines": result.lines, "chains": result.chains, "problems": len(result.problems)}


NOT_PRUNED = gettext_noop(
    "Some old lines of the access log were kept because their chain does not verify. "
    "Check the access log; the administrator finds the chain in the server log."
)


@job_task(JobKind.PRUNE_ACCESS_LOG)
def prune_access_log(run: JobRun) -> Counts:
    """Remove every chain's lines older than ACCESS_LOG_RETENTION_DAYS behind a checkpoint.
    Each batch commits with its checkpoint, so a rerun continues where this one stopped."""
    run.begin(gettext_noop("Removing old access-log lines"), 1)
    results = access_log_retention.prune(
        older_than_days=settings.ACCESS_LOG_RETENTION_DAYS, by="schedule"
    )
    run.advance()
    if any(result.refused for result in results):
        raise JobError(NOT_PRUNED)
    return {
        "pruned_chains": len(results),
        "removed": sum(result.removed for result in results),
    }
