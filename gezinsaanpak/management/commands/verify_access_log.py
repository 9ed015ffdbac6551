"""Check the access log's hash chains: exit non-zero when a line was edited or removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gezinsaanpak.audit import verify as access_log_verify


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of the access log and report every line that was edited "
        "or deleted, and every chain whose tail was cut off. A chain whose oldest lines were "
        "removed after their retention period is checked from its checkpoint. Each chain is "
        "hashed from where the previous run found it whole; --full hashes every line."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="Hash every line again, not only the lines since the last verification.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = access_log_verify.verify(full=options["full"])
        for note in result.notes:
            self.stdout.write(f"Note: {note}")
        for problem in result.problems:
            self.stderr.write(problem)
        if not result.ok:
            raise CommandError(
                f"The access log was tampered with: {len(result.problems)} problem(s) "
                f"in {result.lines} lines."
            )
        since = (
            f" ({result.incremental} chain(s) from the last verified line; --full hashes all)"
            if result.incremental
            else ""
        )
        self.stdout.write(f"OK: {result.lines} lines in {result.chains} chains{since}")
