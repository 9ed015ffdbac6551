"""Print a new FIELD_ENCRYPTION_KEYS entry: ``<key-id>:<base64 of 32 random bytes>``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gezinsaanpak.privacy.keyring import new_key_entry


class Command(BaseCommand):
    help = (
        "Print a new field-encryption key entry. Put it FIRST in FIELD_ENCRYPTION_KEYS "
        "(keeping the old keys after it), deploy, then run rotate_field_keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--id",
            dest="key_id",
            default=None,
            help="Key id (A-Z a-z 0-9 _ . -, at most 32); default k<YYYYMMDD>.",
        )

    def handle(self, *args: Any, key_id: str | None = None, **options: Any) -> None:
        key_id = key_id or f"k{datetime.date.today():%Y%m%d}"
        try:
            self.stdout.write(new_key_entry(key_id))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
