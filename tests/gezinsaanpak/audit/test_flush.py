"""``manage.py flush`` outside the tests refuses to empty an access log that holds lines."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command, get_commands
from django.db import DatabaseError, connection, transaction

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.management.commands.flush import Command as GuardedFlush
from gezinsaanpak.models import AccessEvent, AccessLogCheckpoint, Family
from gezinsaanpak.models.audit import Action
from tests.factories import FamilyFactory

# Transactional: PostgreSQL refuses TRUNCATE and DROP TRIGGER inside a transaction that
# still holds deferred constraint checks, as a test wrapped in one would.
pytestmark = pytest.mark.django_db(transaction=True)


def _the_triggers_refuse_a_delete() -> None:
    """A raw DELETE, past the model's own refusal: the database triggers must stop it."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AccessEvent._meta.db_table}")  # noqa: S608 - a constant


def test_the_test_run_uses_the_flush_of_the_test_app():
    assert get_commands()["flush"] == "tests.testapp"


def test_flush_refuses_a_database_with_access_log_lines(specialist):
    family = FamilyFactory(organisation=specialist.organisation)
    access_log.record(actor=specialist, action=Action.READ, object_type="family")
    with pytest.raises(CommandError, match="access-log lines"):
        call_command(GuardedFlush(), interactive=False, verbosity=0)
    assert AccessEvent.objects.count() == 1
    assert Family.objects.filter(pk=family.pk).exists()
    # The triggers are back.
    _the_triggers_refuse_a_delete()


def _checkpoint_first_line() -> AccessLogCheckpoint:
    line = AccessEvent.objects.get(sequence=1)
    return AccessLogCheckpoint.objects.create(
        chain=line.chain, sequence=1, hash=line.hash, line_at=line.at, removed=1, by="command"
    )


def _delete_lines_and_checkpoints(table: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a constant


def test_flush_empties_a_database_whose_log_is_empty(specialist):
    FamilyFactory(organisation=specialist.organisation)
    assert not AccessEvent.objects.exists()
    call_command(GuardedFlush(), interactive=False, verbosity=0)
    assert not Family.objects.exists()
    access_log.record(actor=None, actor_label="test", action=Action.READ, object_type="family")
    _the_triggers_refuse_a_delete()
    # The triggers put back are today's: a line behind a checkpoint may go, checkpoints stay.
    _checkpoint_first_line()
    _delete_lines_and_checkpoints(AccessEvent._meta.db_table)
    assert not AccessEvent.objects.exists()
    with pytest.raises(DatabaseError, match="append-only"):
        _delete_lines_and_checkpoints(AccessLogCheckpoint._meta.db_table)


def test_flush_refuses_a_log_whose_lines_were_all_removed_behind_a_checkpoint(specialist):
    access_log.record(actor=specialist, action=Action.READ, object_type="family")
    _checkpoint_first_line()
    _delete_lines_and_checkpoints(AccessEvent._meta.db_table)
    with pytest.raises(CommandError, match="checkpoints of removed ones"):
        call_command(GuardedFlush(), interactive=False, verbosity=0)
    assert AccessLogCheckpoint.objects.count() == 1
