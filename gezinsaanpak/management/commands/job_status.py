"""Show background jobs: one by id, or the most recent ones. Counts and steps, no values."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gezinsaanpak.models.job import Job


class Command(BaseCommand):
    help = "Show a background job's status and progress, or list the latest jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job_id", nargs="?", help="The job's id (as the command printed).")
        parser.add_argument("--limit", type=int, default=20, help="How many jobs to list.")

    def handle(
        self, *args: Any, job_id: str | None = None, limit: int = 20, **options: Any
    ) -> None:
        if job_id:
            job = Job.objects.filter(pk=job_id).first() if _is_uuid(job_id) else None
            if job is None:
                raise CommandError(f"No job {job_id}.")
            self.stdout.write(_line(job))
            return
        for job in Job.objects.order_by("-created_at")[:limit]:
            self.stdout.write(_line(job))


def _is_uuid(value: str) -> bool:
    from uuid import UUID

    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _line(job: Job) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in sorted(job.result.items()))
    parts = [
        str(job.pk),
        job.kind,
        job.status,
        f"{job.done}/{job.total}",
        f"{job.percent}%",
        job.step,
        counts,
        job.error,
    ]
    return "  ".join(part for part in parts if part)
