"""Re-encrypt every encrypted value that is not under the primary (first) key.

Queues a job for a worker by default (``manage.py job_status <id>`` follows it); ``--now``
runs it here. Safe to stop and rerun: each batch commits on its own and values already
under the primary key are skipped. Never prints a value.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from gezinsaanpak.management.job_commands import JobCommand
from gezinsaanpak.models.job import Job, JobFile, JobKind
from gezinsaanpak.privacy.keyring import field_keyring


class Command(JobCommand):
    help = "Re-encrypt all encrypted field values under the primary key of FIELD_ENCRYPTION_KEYS."
    kind = JobKind.ROTATE_FIELD_KEYS

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")

    def params(self, options: dict[str, Any]) -> dict[str, Any]:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.stdout.write(f"Primary key id: {field_keyring().primary_id}")
        return {"batch_size": options["batch_size"]}

    def report(self, job: Job) -> None:
        file = JobFile.objects.filter(job=job).first()
        for line in file.data().decode().splitlines() if file else []:
            (self.stderr if line.startswith("FAILED") else self.stdout).write(line)
        super().report(job)
        failed = job.result.get("failed", 0)
        if failed:
            raise CommandError(
                f"{failed} values could not be decrypted; they were left as they were "
                "(manage.py verify_field_encryption lists them)."
            )
