"""What the job commands share: queue the job (the default) or run it here with ``--now``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gezinsaanpak.models.job import Job, JobKind, JobStatus
from gezinsaanpak.services.jobs import job_start
from gezinsaanpak.tasks.runner import run_inline


class JobCommand(BaseCommand):
    """A command that starts one kind of job; subclasses set ``kind`` and may add params."""

    kind: JobKind

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the job in this process and wait for it, instead of queueing it.",
        )

    def params(self, options: dict[str, Any]) -> dict[str, Any]:
        return {}

    def handle(self, *args: Any, **options: Any) -> None:
        job = job_start(kind=self.kind, params=self.params(options), enqueue=not options["now"])
        if not options["now"]:
            self.stdout.write(
                f"Queued job {job.pk}; a worker (manage.py db_worker) runs it. "
                f"Follow it with: manage.py job_status {job.pk}"
            )
            return
        self.report(run_inline(job))

    def report(self, job: Job) -> None:
        counts = ", ".join(f"{name} {value}" for name, value in sorted(job.result.items()))
        if job.status == JobStatus.DONE:
            self.stdout.write(self.style.SUCCESS(f"Done: {counts or 'nothing to do'}."))
        else:
            self.stderr.write(f"Job {job.pk} ended {job.status}: {job.error}")
