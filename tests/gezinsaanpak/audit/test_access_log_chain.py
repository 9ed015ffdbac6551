"""Tampering is visible: the database refuses edits, and the hash chain shows forced ones."""

from __future__ import annotations

import importlib
import io
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import AccessEvent, AccessLogChain, Action

pytestmark = pytest.mark.django_db

TABLE = AccessEvent._meta.db_table
triggers = importlib.import_module("gezinsaanpak.migrations.0002_access_log_append_only")


def _write_lines(user, n: int = 3) -> None:
    entries = [access_log.Entry("family", family_id=uuid.uuid4(), fields=("postcode",))] * n
    access_log.record_many(actor=user, action=Action.LIST, entries=entries)


def _raw(sql: str, params: tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _drop_triggers() -> None:
    """What someone with DDL rights would do first; rolled back with the test."""
    for statement in triggers.STATEMENTS[connection.vendor][1]:
        _raw(statement)


def _line(chain: str, sequence: int) -> AccessEvent:
    return AccessEvent.objects.get(chain=chain, sequence=sequence)


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def _verify_fails() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_access_log", stderr=err)
    return err.getvalue()


def test_an_untouched_log_verifies(specialist, outsider):
    _write_lines(specialist, 3)
    _write_lines(outsider, 2)
    access_log.record(actor=None, action=Action.DELETE, object_type="family")
    assert _verify().strip() == "OK: 6 lines in 3 chains"


def test_an_empty_log_verifies():
    assert _verify().strip() == "OK: 0 lines in 0 chains"


@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET reason = 'edited'",  # noqa: S608
        f"DELETE FROM {TABLE}",  # noqa: S608
    ],
)
def test_the_database_refuses_a_raw_update_or_delete(specialist, sql):
    _write_lines(specialist, 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(sql)
    assert AccessEvent.objects.count() == 2
    assert set(AccessEvent.objects.values_list("reason", flat=True)) == {""}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_a_truncate(specialist):
    _write_lines(specialist, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(f"TRUNCATE {TABLE}")
    assert AccessEvent.objects.count() == 1


def test_a_line_edited_in_raw_sql_is_named(specialist):
    _write_lines(specialist, 3)
    chain = str(specialist.organisation_id)
    edited = _line(chain, 2)
    _drop_triggers()
    _raw(f"UPDATE {TABLE} SET fields = %s WHERE id = %s", ('["notes"]', edited.id.hex))  # noqa: S608

    errors = _verify_fails()
    assert f"chain {chain} line 2 (id {edited.id})" in errors
    assert "edited" in errors
    assert "line 1 " not in errors
    assert "line 3 " not in errors


def test_an_edit_that_also_rewrites_the_hash_breaks_the_next_link(specialist):
    _write_lines(specialist, 3)
    chain = str(specialist.organisation_id)
    line = _line(chain, 2)
    _drop_triggers()
    forged = "f" * 64
    _raw(f"UPDATE {TABLE} SET reason = 'x', hash = %s WHERE id = %s", (forged, line.id.hex))  # noqa: S608

    errors = _verify_fails()
    assert f"chain {chain} line 2 " in errors
    assert f"chain {chain} line 3 " in errors
    assert "does not link" in errors


def test_a_line_deleted_in_raw_sql_is_found(specialist):
    _write_lines(specialist, 4)
    chain = str(specialist.organisation_id)
    _drop_triggers()
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", (_line(chain, 2).id.hex,))  # noqa: S608

    errors = _verify_fails()
    assert f"chain {chain} line 3 " in errors
    assert "lines 2 to 2 are missing" in errors


def test_a_cut_off_tail_is_found(specialist):
    _write_lines(specialist, 3)
    chain = str(specialist.organisation_id)
    _drop_triggers()
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", (_line(chain, 3).id.hex,))  # noqa: S608

    errors = _verify_fails()
    assert f"chain {chain}: ends at line 2 but its head says line 3" in errors


def test_a_deleted_chain_head_is_found(specialist):
    _write_lines(specialist, 1)
    AccessLogChain.objects.all().delete()
    assert "has lines but no head" in _verify_fails()


def test_other_chains_still_verify_when_one_is_broken(specialist, outsider):
    _write_lines(specialist, 2)
    _write_lines(outsider, 2)
    _drop_triggers()
    _raw(f"UPDATE {TABLE} SET reason = 'x' WHERE chain = %s", (str(specialist.organisation_id),))  # noqa: S608
    errors = _verify_fails()
    assert str(specialist.organisation_id) in errors
    assert str(outsider.organisation_id) not in errors


@pytest.mark.django_db(transaction=True)
def test_flush_can_still_empty_the_log_and_the_triggers_survive(specialist):
    """The test runner flushes after transactional tests; that must not trip the triggers."""
    _write_lines(specialist, 2)
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessEvent.objects.exists()

    _write_lines(None, 1)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {TABLE}")  # noqa: S608
    assert AccessEvent.objects.count() == 1
