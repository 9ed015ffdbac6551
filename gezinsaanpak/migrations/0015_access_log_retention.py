"""The access log's own retention: checkpoints, and deleting only what a checkpoint covers.

Lines older than the retention period (5 years) leave only as a whole prefix of a chain:
``gezinsaanpak.audit.retention`` first records a checkpoint (chain, the last removed line's
sequence, hash and time) and then deletes the lines up to it. The triggers make that the
only way: a line may be deleted only when a checkpoint of its chain covers it; UPDATE (and
TRUNCATE on PostgreSQL) stay refused as in 0002; checkpoints are append-only, name an
existing line with its hash and time, and only move forward. ``STATEMENTS`` is the whole
set of triggers on both tables, which ``manage.py flush`` lifts and puts back.
"""

from __future__ import annotations

import uuid

import django.utils.timezone
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "gezinsaanpak_accessevent"
CHECKPOINTS = "gezinsaanpak_accesslogcheckpoint"

# A checkpoint of the line's chain at or after the line: the one condition for a DELETE.
_COVERED = f"""EXISTS (
    SELECT 1 FROM {CHECKPOINTS} c WHERE c.chain = OLD.chain AND c.sequence >= OLD.sequence
)"""
# A new checkpoint must name a line of its chain, with that line's hash and time ...
_NAMES_A_LINE = f"""EXISTS (
    SELECT 1 FROM {TABLE} e WHERE e.chain = NEW.chain AND e.sequence = NEW.sequence
        AND e.hash = NEW.hash AND e.at = NEW.line_at
)"""
# ... and lie beyond every earlier checkpoint of the chain.
_MOVES_BACK = f"""EXISTS (
    SELECT 1 FROM {CHECKPOINTS} c WHERE c.chain = NEW.chain AND c.sequence >= NEW.sequence
)"""

POSTGRESQL_LOG_DELETE = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_delete_checkpointed() RETURNS trigger AS $$
    BEGIN
        IF {_COVERED} THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'access log is append-only: DELETE refused (line % of chain % is not covered by a checkpoint)',
            OLD.sequence, OLD.chain USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_delete_checkpointed();
    """,
]
POSTGRESQL_LOG_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'access log is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
    """,
    *POSTGRESQL_LOG_DELETE,
    f"""
    CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only();
    """,
]
POSTGRESQL_CHECKPOINT_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION {CHECKPOINTS}_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'access log checkpoints are append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE OR REPLACE FUNCTION {CHECKPOINTS}_check() RETURNS trigger AS $$
    BEGIN
        IF {_MOVES_BACK} THEN
            RAISE EXCEPTION 'access log checkpoint refused: chain % already has one at or after line %',
                NEW.chain, NEW.sequence USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT {_NAMES_A_LINE} THEN
            RAISE EXCEPTION 'access log checkpoint refused: chain % has no line % with that hash and time',
                NEW.chain, NEW.sequence USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER {CHECKPOINTS}_check BEFORE INSERT ON {CHECKPOINTS}
        FOR EACH ROW EXECUTE FUNCTION {CHECKPOINTS}_check();
    """,
    f"""
    CREATE TRIGGER {CHECKPOINTS}_no_update BEFORE UPDATE ON {CHECKPOINTS}
        FOR EACH ROW EXECUTE FUNCTION {CHECKPOINTS}_append_only();
    """,
    f"""
    CREATE TRIGGER {CHECKPOINTS}_no_delete BEFORE DELETE ON {CHECKPOINTS}
        FOR EACH ROW EXECUTE FUNCTION {CHECKPOINTS}_append_only();
    """,
    f"""
    CREATE TRIGGER {CHECKPOINTS}_no_truncate BEFORE TRUNCATE ON {CHECKPOINTS}
        FOR EACH STATEMENT EXECUTE FUNCTION {CHECKPOINTS}_append_only();
    """,
]
POSTGRESQL_CHECKPOINT_DROP = [
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_no_truncate ON {CHECKPOINTS};",
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_no_delete ON {CHECKPOINTS};",
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_no_update ON {CHECKPOINTS};",
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_check ON {CHECKPOINTS};",
    f"DROP FUNCTION IF EXISTS {CHECKPOINTS}_check();",
    f"DROP FUNCTION IF EXISTS {CHECKPOINTS}_append_only();",
]
POSTGRESQL_LOG_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE};",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_delete_checkpointed();",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only();",
]
# 0002's DELETE trigger, which refused every delete (for migrating backwards).
POSTGRESQL_LOG_DELETE_0002 = [
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
    """,
]

SQLITE_LOG_DELETE = [
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} WHEN NOT {_COVERED}
    BEGIN SELECT RAISE(ABORT, 'access log is append-only: DELETE refused (not covered by a checkpoint)'); END;
    """,
]
SQLITE_LOG_CREATE = [
    f"""
    CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'access log is append-only: UPDATE refused'); END;
    """,
    *SQLITE_LOG_DELETE,
]
SQLITE_CHECKPOINT_CREATE = [
    f"""
    CREATE TRIGGER {CHECKPOINTS}_forward BEFORE INSERT ON {CHECKPOINTS} WHEN {_MOVES_BACK}
    BEGIN SELECT RAISE(ABORT, 'access log checkpoint refused: the chain already has one at or after that line'); END;
    """,
    f"""
    CREATE TRIGGER {CHECKPOINTS}_names_a_line BEFORE INSERT ON {CHECKPOINTS} WHEN NOT {_NAMES_A_LINE}
    BEGIN SELECT RAISE(ABORT, 'access log checkpoint refused: the chain has no such line with that hash and time'); END;
    """,
    f"""
    CREATE TRIGGER {CHECKPOINTS}_no_update BEFORE UPDATE ON {CHECKPOINTS}
    BEGIN SELECT RAISE(ABORT, 'access log checkpoints are append-only: UPDATE refused'); END;
    """,
    f"""
    CREATE TRIGGER {CHECKPOINTS}_no_delete BEFORE DELETE ON {CHECKPOINTS}
    BEGIN SELECT RAISE(ABORT, 'access log checkpoints are append-only: DELETE refused'); END;
    """,
]
SQLITE_CHECKPOINT_DROP = [
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_no_delete;",
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_no_update;",
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_names_a_line;",
    f"DROP TRIGGER IF EXISTS {CHECKPOINTS}_forward;",
]
SQLITE_LOG_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
]
SQLITE_LOG_DELETE_0002 = [
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'access log is append-only: DELETE refused'); END;
    """,
]

# Every trigger on the log and its checkpoints: (create all, drop all), per database.
STATEMENTS = {
    "postgresql": (
        POSTGRESQL_LOG_CREATE + POSTGRESQL_CHECKPOINT_CREATE,
        POSTGRESQL_CHECKPOINT_DROP + POSTGRESQL_LOG_DROP,
    ),
    "sqlite": (
        SQLITE_LOG_CREATE + SQLITE_CHECKPOINT_CREATE,
        SQLITE_CHECKPOINT_DROP + SQLITE_LOG_DROP,
    ),
}
# What this migration changes: 0002's DELETE trigger becomes the checkpoint-aware one, and
# the checkpoints get theirs. (forwards, backwards)
_CHANGES = {
    "postgresql": (
        [f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE};"]
        + POSTGRESQL_LOG_DELETE
        + POSTGRESQL_CHECKPOINT_CREATE,
        POSTGRESQL_CHECKPOINT_DROP
        + [
            f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE};",
            f"DROP FUNCTION IF EXISTS {TABLE}_delete_checkpointed();",
        ]
        + POSTGRESQL_LOG_DELETE_0002,
    ),
    "sqlite": (
        [f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;"]
        + SQLITE_LOG_DELETE
        + SQLITE_CHECKPOINT_CREATE,
        SQLITE_CHECKPOINT_DROP
        + [f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;"]
        + SQLITE_LOG_DELETE_0002,
    ),
}


def _run(schema_editor: BaseDatabaseSchemaEditor, *, forwards: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in _CHANGES:
        return  # Other databases are not supported; the application-level guard still holds.
    for statement in _CHANGES[vendor][0 if forwards else 1]:
        schema_editor.execute(statement, params=None)


def checkpoint_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, forwards=True)


def append_only_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('gezinsaanpak', '0014_data_subject_requests'),
    ]

    operations = [
        migrations.AlterField(
            model_name='job',
            name='kind',
            field=models.CharField(choices=[('rotate_field_keys', 'Re-encrypt with the new key'), ('verify_access_log', 'Check the access log'), ('expire_access', 'End access that is no longer needed'), ('remind_referral_contact', 'Remind about referral contact'), ('concern_notification', 'E-mail about a new concern'), ('referral_reminder_mail', 'E-mail a referral reminder'), ('prune_jobs', 'Clear old jobs and downloads'), ('referral_received_mail', 'E-mail about a new referral'), ('referral_update_mail', 'E-mail a partner about its referral'), ('import_records', 'Import from a spreadsheet'), ('prune_access_log', 'Remove access-log lines past their retention')], max_length=40, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='AccessLogCheckpoint',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('chain', models.CharField(max_length=64, verbose_name='chain')),
                ('sequence', models.PositiveBigIntegerField(verbose_name='last removed sequence')),
                ('hash', models.CharField(max_length=64, verbose_name='hash of the last removed line')),
                ('line_at', models.DateTimeField(verbose_name='time of the last removed line')),
                ('removed', models.PositiveBigIntegerField(verbose_name='lines removed')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='removed at')),
                ('by', models.CharField(max_length=64, verbose_name='removed by')),
            ],
            options={
                'verbose_name': 'access log checkpoint',
                'verbose_name_plural': 'access log checkpoints',
                'ordering': ['chain', 'sequence'],
                'default_permissions': ('view',),
                'constraints': [models.UniqueConstraint(fields=('chain', 'sequence'), name='access_checkpoint_seq')],
            },
        ),
        migrations.RunPython(checkpoint_triggers, append_only_triggers, elidable=False),
    ]
