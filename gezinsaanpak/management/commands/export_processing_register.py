"""Print the processing register (AVG art. 30) of one organisation as CSV or JSON."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from accounts.models import Organisation
from gezinsaanpak.selectors.processing_register import (
    organisation_named,
    processing_register_document,
    register_as_csv,
    register_as_json,
)


class Command(BaseCommand):
    help = (
        "Print the processing register (AVG art. 30): every processing activity of the "
        "software, with the organisation's controller and data protection officer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="json")
        parser.add_argument(
            "--organisation",
            metavar="NAME",
            help="The organisation's name; may be left out when there is only one library.",
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="Language of the labels."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = organisation_named(options["organisation"])
        except Organisation.DoesNotExist as error:
            raise CommandError(
                f"No such organisation: {options['organisation'] or '(a library)'}"
            ) from error
        except Organisation.MultipleObjectsReturned as error:
            raise CommandError("More than one library: name one with --organisation.") from error
        with translation.override(options["language"]):
            document = processing_register_document(organisation)
        render = register_as_csv if options["format"] == "csv" else register_as_json
        self.stdout.write(render(document), ending="")
