"""Decrypt every encrypted value and report the ones that fail, by model, field and row.

Also counts values per key id, so you can see when an old key is no longer used. Never
prints a value. Exits non-zero when anything fails.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gezinsaanpak.privacy.maintenance import models_with_encrypted_fields, verify_model


class Command(BaseCommand):
    help = "Check that every encrypted field value decrypts with the configured keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per query.")

    def handle(self, *args: Any, batch_size: int = 500, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        failed = 0
        for model in models_with_encrypted_fields():
            for report in verify_model(model, batch_size, self._progress):
                failed += len(report.failures)
                keys = ", ".join(f"{k}: {n}" for k, n in sorted(report.by_key.items())) or "-"
                self.stdout.write(
                    f"{report.label}: {report.values} values, {len(report.failures)} failed "
                    f"(by key: {keys})"
                )
                for row_id in report.failures:
                    self.stderr.write(f"FAILED {report.label} row {row_id}")
        if failed:
            raise CommandError(f"{failed} values failed to decrypt (see FAILED lines).")
        self.stdout.write(self.style.SUCCESS("All encrypted values decrypt."))

    def _progress(self, label: str, seen: int, total: int) -> None:
        self.stdout.write(f"{label}: {seen}/{total} rows")
