"""Re-encrypt every encrypted value that is not under the primary (first) key.

Safe to stop and rerun: each batch commits on its own and values already under the primary
key are skipped. Prints progress and counts, never values.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gezinsaanpak.privacy.keyring import field_keyring
from gezinsaanpak.privacy.maintenance import models_with_encrypted_fields, rotate_model


class Command(BaseCommand):
    help = "Re-encrypt all encrypted field values under the primary key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")

    def handle(self, *args: Any, batch_size: int = 500, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        primary = field_keyring().primary_id
        self.stdout.write(f"Primary key id: {primary}")
        failed = 0
        for model in models_with_encrypted_fields():
            for report in rotate_model(model, batch_size, self.stdout.write):
                failed += len(report.failures)
                self.stdout.write(
                    f"{report.label}: {report.values} values, {report.rotated} re-encrypted, "
                    f"{report.values - report.rotated - len(report.failures)} already current, "
                    f"{len(report.failures)} failed"
                )
                for row_id in report.failures:
                    self.stderr.write(f"FAILED {report.label} row {row_id}")
        if failed:
            raise CommandError(
                f"{failed} values could not be decrypted; they were left as they were."
            )
        self.stdout.write(self.style.SUCCESS(f"Done: every value is under key {primary}."))
