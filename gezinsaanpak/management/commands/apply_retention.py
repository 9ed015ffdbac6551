"""Anonymise the files past their retention period (daily in the schedule; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gezinsaanpak.models import RetentionRule
from gezinsaanpak.services.retention import RetentionRun, retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise every file whose retention period has passed, per organisation's rules. "
        "With --dry-run: print per rule how many files it would change, and change nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the files; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = retention_apply(dry_run=options["dry_run"])
        self.stdout.write(report(run))


def report(run: RetentionRun) -> str:
    verb = "would anonymise" if run.dry_run else "anonymised"
    lines = [f"{rule:<13} {verb} {run.counts[rule]} file(s)" for rule in RetentionRule.values]
    lines.append(f"{'total':<13} {verb} {run.total} file(s)")
    return "\n".join(lines)
