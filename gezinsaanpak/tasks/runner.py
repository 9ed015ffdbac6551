"""How a job runs: claim it, report progress, finish it, fail it without personal data.

Every background job is one function ``work(run) -> counts`` wrapped by :func:`job_task`,
which turns it into a Django task taking only the job's id. The wrapper owns the job's
life: it claims the job (once: a duplicate or stale delivery of the same job does
nothing), lets the work report progress through :class:`JobRun` (each report is also the
job's heartbeat), stores the counts it returns, and turns any failure into a short message
without personal data. Work must be idempotent, committed in its own small transactions:
then a worker killed at any moment leaves the job resumable, and ``recover_stalled_jobs``
(``gezinsaanpak.tasks.maintenance``) runs it again.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.tasks import TaskContext, task
from django.utils import timezone
from django.utils.translation import gettext_noop

from gezinsaanpak.models.job import Job, JobKind, JobStatus
from gezinsaanpak.services import jobs as job_services
from gezinsaanpak.services.jobs import JobTask

logger = logging.getLogger("gezinsaanpak.tasks")

Counts = dict[str, int]
Work = Callable[["JobRun"], Counts]

GENERIC_ERROR = gettext_noop(
    "Something went wrong. Nothing was half done: you can start the job again. "
    "If it happens again, ask the administrator to look at the server log."
)
INTERRUPTED = gettext_noop(
    "The job was interrupted several times and has stopped. Nothing was half done: "
    "you can start it again."
)


class JobError(Exception):
    """A failure to show the user: ``message`` is a message id without personal data."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SupersededError(Exception):
    """This run no longer owns its job (it was taken to be lost and started again)."""


class AttemptFailedError(Exception):
    """What the queue records for a failed attempt: the job's id, nothing about the cause."""


@dataclass(frozen=True)
class Definition:
    kind: JobKind
    work: Work
    task: JobTask
    # Exceptions worth another attempt after a pause (a mail server that is down).
    retry_on: tuple[type[Exception], ...] = ()


DEFINITIONS: dict[str, Definition] = {}


@dataclass
class JobRun:
    """The running job as the work sees it: its input, and where to report progress."""

    job_id: UUID
    attempt: int
    params: dict[str, Any]
    _done: int = field(default=0, init=False)
    _total: int = field(default=0, init=False)

    def begin(self, step: str, total: int) -> None:
        """Start a step of ``total`` units; ``step`` is a message id (``gettext_noop``)."""
        self._done, self._total = 0, max(total, 0)
        self._write(step=step, total=self._total, done=0)

    def advance(self, count: int = 1) -> None:
        self._done += count
        self._write(done=min(self._done, self._total) if self._total else self._done)

    def _write(self, **changes: Any) -> None:
        # The filter is the ownership check: a run that was superseded stops here.
        updated = Job.objects.filter(
            pk=self.job_id, attempts=self.attempt, status=JobStatus.RUNNING
        ).update(heartbeat_at=timezone.now(), **changes)
        if not updated:
            raise SupersededError(str(self.job_id))


def job_task(
    kind: JobKind, *, retry_on: tuple[type[Exception], ...] = ()
) -> Callable[[Work], JobTask]:
    """Make ``work`` the task for ``kind``: a Django task with one argument, the job id."""

    def wrap(work: Work) -> JobTask:
        def run(context: TaskContext[[str], None], job_id: str) -> None:
            execute(DEFINITIONS[kind], UUID(job_id), task_result_id=UUID(context.task_result.id))

        # The task is found again by this path (module.name), so it carries the work's name.
        run.__module__, run.__name__, run.__qualname__ = (
            work.__module__,
            work.__name__,
            work.__qualname__,
        )
        run.__doc__ = work.__doc__
        the_task = task(takes_context=True)(run)
        DEFINITIONS[kind] = Definition(kind, work, the_task, retry_on)
        return the_task

    return wrap


def run_inline(job: Job) -> Job:
    """Run a job in this process (``--now``): the same life as on a worker, no queue."""
    job_services.task_for(job.kind)  # imports the task's module, which defines the kind
    execute(DEFINITIONS[job.kind], job.pk, task_result_id=None)
    job.refresh_from_db()
    return job


def execute(definition: Definition, job_id: UUID, *, task_result_id: UUID | None) -> None:
    run = _claim(job_id, definition.kind, task_result_id)
    if run is None:
        return
    try:
        counts = definition.work(run)
    except SupersededError:
        logger.warning("Job %s was started again elsewhere; this run stops.", job_id)
        return
    except JobError as error:
        _fail(run, error.message)
        raise AttemptFailedError(str(job_id)) from None
    except definition.retry_on as error:
        _log_failure(job_id, definition.kind, error)
        _retry_later(run)
        raise AttemptFailedError(str(job_id)) from None
    except Exception as error:
        _log_failure(job_id, definition.kind, error)
        _fail(run, GENERIC_ERROR)
        raise AttemptFailedError(str(job_id)) from None
    _finish(run, counts)


def _claim(job_id: UUID, kind: str, task_result_id: UUID | None) -> JobRun | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, kind=kind).first()
        if job is None or job.is_finished:
            return None
        if task_result_id is not None and job.task_result_id != task_result_id:
            return None  # a stale delivery: another attempt owns the job
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at"])
    return JobRun(job.pk, job.attempts, job.params)


def _owned(run: JobRun) -> Any:
    return Job.objects.filter(pk=run.job_id, attempts=run.attempt, status=JobStatus.RUNNING)


def _finish(run: JobRun, counts: Counts) -> None:
    with transaction.atomic():
        job = _owned(run).select_for_update().first()
        if job is None:
            return
        job.status = JobStatus.DONE
        job.result = {str(name): int(value) for name, value in counts.items()}
        job.done = job.total
        job.finished_at = job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "result", "done", "finished_at", "heartbeat_at"])


def _fail(run: JobRun, message: str) -> None:
    now = timezone.now()
    _owned(run).update(status=JobStatus.FAILED, error=message, finished_at=now, heartbeat_at=now)


def _retry_later(run: JobRun) -> None:
    with transaction.atomic():
        job = _owned(run).select_for_update().first()
        if job is None:
            return
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _fail(run, GENERIC_ERROR)
            return
        pause = timedelta(minutes=2**job.attempts)
        job_services.job_requeue(job=job, run_after=timezone.now() + pause)


def _log_failure(job_id: UUID, kind: str, error: BaseException) -> None:
    """The exception's type and where it happened; its message may hold a value, so not it."""
    where = "".join(traceback.format_tb(error.__traceback__))
    logger.error("Job %s (%s) failed: %s\n%s", job_id, kind, type(error).__qualname__, where)
