"""Django's ``flush``, refused while the access log holds lines.

The access log is kept five years and cannot be emptied through the application
(ARCHITECTURE.md §5.3); ``flush`` would try, and the database triggers would stop it
halfway. So it refuses up front, saying why, and works as usual on an empty log (a new
installation). The test run uses its own ``flush`` (tests/testapp).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections

from gezinsaanpak.models.audit import AccessEvent


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        if _log_has_lines(database):
            raise CommandError(
                "This database holds access-log lines, which must be kept (5 years) and "
                "cannot be removed: flush refused. Nothing was changed."
            )
        super().handle(**options)


def _log_has_lines(database: str) -> bool:
    table = AccessEvent._meta.db_table
    if table not in connections[database].introspection.table_names():
        return False
    return AccessEvent.objects.using(database).exists()
