"""Revoke every grant whose reason has ended (run daily from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gezinsaanpak.services.placement_grants import expire_volunteer_access


class Command(BaseCommand):
    help = "Revoke volunteer access to families without an active placement (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        revoked = expire_volunteer_access()
        self.stdout.write(f"Revoked {revoked} volunteer grant(s) whose placement ended.")
