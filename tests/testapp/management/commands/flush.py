"""The test run's ``flush``: able to empty the append-only access log too.

Only the test settings install this app, ahead of ``gezinsaanpak``, so this command wins
there; everywhere else ``flush`` refuses a database that holds access-log lines.

The access log's triggers refuse DELETE (SQLite empties tables with DELETE) and TRUNCATE
(PostgreSQL). The test runner flushes after every transactional test, so the triggers are
dropped and re-created around it, in the same transaction: if the flush fails, they stay.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

_TRIGGERS_MIGRATION = "gezinsaanpak.migrations.0002_access_log_append_only"


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        triggers = importlib.import_module(_TRIGGERS_MIGRATION)
        if not _has_log_table(connection, triggers):
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias):
            _run(connection, triggers, create=False)
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
