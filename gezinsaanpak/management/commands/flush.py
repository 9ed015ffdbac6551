"""Django's ``flush``, refused while the access log holds lines.

The access log is kept five years and cannot be emptied through the application
(ARCHITECTURE.md §5.3). Its database triggers refuse DELETE (which SQLite's flush uses)
and TRUNCATE (PostgreSQL's), even on an empty table. So ``flush`` lifts the triggers,
checks that the log is empty, empties the database and puts the triggers back, all in
one transaction: a log with lines is refused with nothing changed, and a failed flush
leaves the triggers in place. The test run's ``flush`` (tests/testapp) skips the check.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from gezinsaanpak.models.audit import AccessEvent

_TRIGGERS_MIGRATION = "gezinsaanpak.migrations.0002_access_log_append_only"


class Command(flush.Command):
    keep_access_log = True

    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        triggers = importlib.import_module(_TRIGGERS_MIGRATION)
        if not _has_log_table(connection, triggers):
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias):
            # Dropping the triggers locks the table, so no line can arrive after the check.
            _run(connection, triggers, create=False)
            if self.keep_access_log and AccessEvent.objects.using(connection.alias).exists():
                raise CommandError(
                    "This database holds access-log lines, which must be kept (5 years) and "
                    "cannot be removed: flush refused. Nothing was changed."
                )
            super().handle(**options)
            _run(connection, triggers, create=True)


def _has_log_table(connection: BaseDatabaseWrapper, triggers: ModuleType) -> bool:
    vendor_known = connection.vendor in triggers.STATEMENTS
    return vendor_known and triggers.TABLE in connection.introspection.table_names()


def _run(connection: BaseDatabaseWrapper, triggers: ModuleType, *, create: bool) -> None:
    create_sql, drop_sql = triggers.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in create_sql if create else drop_sql:
            cursor.execute(statement)
