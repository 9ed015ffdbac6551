"""Erase again, after a database restore, every file the erasure ledger lists."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gezinsaanpak.services import erasure_ledger
from gezinsaanpak.services.erasure_replay import erasures_replay


class Command(BaseCommand):
    help = (
        "Read the erasure ledger (ERASURE_LEDGER_DIR) and anonymise again every listed file "
        "that holds personal data, as after a restore of an older backup. Idempotent. "
        "Run it before the service opens again (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what it would do; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = erasure_ledger.ledger_dir()
        if not directory.is_dir():
            raise CommandError(
                f"No erasure ledger at {directory} (ERASURE_LEDGER_DIR). Restore the ledger "
                "directory from its own backup first; without it no erasure can be replayed."
            )
        result = erasures_replay(dry_run=options["dry_run"])
        verb = "would erase again" if options["dry_run"] else "erased again"
        for name, number in asdict(result).items():
            label = verb if name == "erased_again" else name.replace("_", " ")
            self.stdout.write(f"{label:<22} {number}")
        if result.unreadable:
            self.stderr.write(
                f"{result.unreadable} ledger line(s) could not be read (a line cut short by "
                "a crash); check the ledger files."
            )
        if result.missing_from_files:
            self.stderr.write(
                f"{result.missing_from_files} erasure(s) in the database are missing from the "
                "ledger files: are the files of every machine in the directory?"
            )
