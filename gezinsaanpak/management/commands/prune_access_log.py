"""Remove access-log lines past their retention period, each chain behind a checkpoint."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gezinsaanpak.audit import retention


class Command(BaseCommand):
    help = (
        "Remove the access-log lines older than ACCESS_LOG_RETENTION_DAYS (5 years) as a "
        "whole prefix of each chain, after recording the chain's checkpoint. Idempotent; "
        "--dry-run only says what it would remove."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="change nothing")
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            help="keep lines for this many days; at least ACCESS_LOG_RETENTION_DAYS "
            f"[{settings.ACCESS_LOG_RETENTION_DAYS}]",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = _days(options["older_than_days"])
        dry_run = options["dry_run"]
        results = retention.prune(older_than_days=days, by="command", dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for result in results:
            self.stdout.write(
                f"chain {result.chain}: {verb} {result.removed} line(s), "
                f"through line {result.through}"
            )
            if result.refused:
                self.stderr.write(f"chain {result.chain}: not pruned further: {result.refused}")
        total = sum(result.removed for result in results)
        summary = f"{verb} {total} line(s) older than {days} days"
        self.stdout.write(f"Dry run: {summary}" if dry_run else summary.capitalize())
        if any(result.refused for result in results):
            raise CommandError(
                "Some chains do not verify, so their old lines were kept as evidence: "
                "run manage.py verify_access_log."
            )


def _days(option: int | None) -> int:
    """Shortening the retention is a policy change for the setting, not a one-off flag."""
    minimum = settings.ACCESS_LOG_RETENTION_DAYS
    if minimum < 1:
        raise CommandError("ACCESS_LOG_RETENTION_DAYS must be at least 1.")
    if option is None:
        return minimum
    if option < minimum:
        raise CommandError(
            f"--older-than-days must be at least ACCESS_LOG_RETENTION_DAYS ({minimum}): "
            "access-log lines are kept that long. Nothing was changed."
        )
    return option
