"""Django's ``flush``, refused while the access log holds lines.

The access log is kept five years and cannot be emptied through the application
(ARCHITECTURE.md §5.3). Its database triggers, and those of its checkpoints, refuse
DELETE (which SQLite's flush uses) and TRUNCATE (PostgreSQL's), even on an empty table.
So ``flush`` lifts the triggers, checks that the log has neither lines nor checkpoints,
empties the database and puts the triggers back, all in one transaction: a log with a
history is refused with nothing changed, and a failed flush leaves the triggers in place.
The test run's ``flush`` (tests/testapp) skips the check.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from gezinsaanpak.models.audit import AccessEvent, AccessLogCheckpoint

# The migrations whose ``STATEMENTS`` (create all, drop all) are the triggers: the current
# set, and the one of a database migrated only as far as 0002 (no checkpoints yet).
_TRIGGERS_MIGRATION = "gezinsaanpak.migrations.0015_access_log_retention"
_TRIGGERS_MIGRATION_0002 = "gezinsaanpak.migrations.0002_access_log_append_only"


class Command(flush.Command):
    keep_access_log = True

    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        triggers = _triggers(connection)
        if not _has_log_table(connection, triggers):
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias):
            # Dropping the triggers locks the table, so no line can arrive after the check.
            _run(connection, triggers, create=False)
            if self.keep_access_log and _has_history(connection):
                raise CommandError(
                    "This database holds access-log lines (or checkpoints of removed ones), "
                    "which must be kept (5 years) and cannot be removed: flush refused. "
                    "Nothing was changed."
                )
            super().handle(**options)
            _run(connection, triggers, create=True)


def _triggers(connection: BaseDatabaseWrapper) -> ModuleType:
    current = importlib.import_module(_TRIGGERS_MIGRATION)
    if current.CHECKPOINTS in connection.introspection.table_names():
        return current
    return importlib.import_module(_TRIGGERS_MIGRATION_0002)


def _has_log_table(connection: BaseDatabaseWrapper, triggers: ModuleType) -> bool:
    vendor_known = connection.vendor in triggers.STATEMENTS
    return vendor_known and triggers.TABLE in connection.introspection.table_names()


def _has_history(connection: BaseDatabaseWrapper) -> bool:
    if AccessEvent.objects.using(connection.alias).exists():
        return True
    tables = connection.introspection.table_names()
    checkpoints = AccessLogCheckpoint.objects.using(connection.alias)
    return AccessLogCheckpoint._meta.db_table in tables and checkpoints.exists()


def _run(connection: BaseDatabaseWrapper, triggers: ModuleType, *, create: bool) -> None:
    create_sql, drop_sql = triggers.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in create_sql if create else drop_sql:
            cursor.execute(statement)
