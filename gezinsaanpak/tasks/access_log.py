"""Checking the access log's hash chains as a job (one organisation's chain, or all)."""

from __future__ import annotations

import logging

from django.utils.translation import gettext_noop

from gezinsaanpak.audit import verify as access_log_verify
from gezinsaanpak.models.job import JobKind
from gezinsaanpak.services.jobs import job_file_store

from .runner import Counts, JobRun, job_task

logger = logging.getLogger("gezinsaanpak.tasks")


@job_task(JobKind.VERIFY_ACCESS_LOG)
def verify_access_log(run: JobRun) -> Counts:
    """Read-only, so a rerun simply starts over. The problems found (chain, line and id,
    never a line's content) become the job's download."""
    chain = run.params.get("chain")
    run.begin(gettext_noop("Checking the access log"), access_log_verify.lines_to_verify(chain))
    checked = 0

    def progress(lines: int) -> None:
        nonlocal checked
        run.advance(lines - checked)
        checked = lines

    result = access_log_verify.verify(chain, progress)
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
