"""``manage.py import_records families gezinnen.xlsx --organisation "Bibliotheek X" [--dry-run]``

The same as the import page: the preview first (``--dry-run`` stops there), then the same
job, run in this process, with the organisation's first coordinator (or ``--user``) as
the one who imports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from accounts.models import Organisation
from gezinsaanpak.access.imports import import_actor_for
from gezinsaanpak.models.job import JobStatus
from gezinsaanpak.services.import_files import ImportFileError
from gezinsaanpak.services.import_run import KINDS, Preview, import_confirm, import_preview
from gezinsaanpak.tasks.runner import run_inline


class Command(BaseCommand):
    help = "Import families, volunteers or running placements from an XLSX or CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument("--user", default="", help="E-mail of the coordinator importing.")
        parser.add_argument("--dry-run", action="store_true", help="Only show the preview.")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("nl")
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation named {options['organisation']!r}.")
        actor = import_actor_for(organisation, options["user"])
        if actor is None:
            raise CommandError("The organisation has no active coordinator to import as.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            checked = import_preview(
                actor=actor,
                kind=options["kind"],
                name=path.name,
                data=data,
                keep=not options["dry_run"],
            )
        except ImportFileError as error:
            raise CommandError(error.message) from None
        self._print_preview(checked.preview)
        if options["dry_run"] or checked.upload is None:
            return
        job = run_inline(import_confirm(actor=actor, upload_id=checked.upload.pk))
        if job.status != JobStatus.DONE:
            raise CommandError(f"The import failed: {job.error}")
        self.stdout.write(
            "Created: {created}, already present: {present}, with errors: {errors}.".format(
                **{k: job.result.get(k, 0) for k in ("created", "present", "errors")}
            )
        )
        self.stdout.write(f"Job: {job.pk}")

    def _print_preview(self, preview: Preview) -> None:
        self.stdout.write(
            f"New: {len(preview.new)}, already present: {len(preview.present)}, "
            f"with errors: {len(preview.errors)}."
        )
        for row in preview.errors + preview.present:
            for message in row.messages:
                self.stdout.write(message)
        for warning in preview.warnings:
            self.stdout.write(warning)
