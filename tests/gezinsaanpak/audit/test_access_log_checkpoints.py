"""The database itself allows removing lines only behind a checkpoint, and keeps the
checkpoints append-only and moving forward (migration 0015). Raw SQL, past the models."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from gezinsaanpak.models.audit import AccessEvent, AccessLogCheckpoint, AppendOnlyError

from .retention_helpers import CHECKPOINTS, TABLE, line, raw, sequences, write_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(specialist) -> str:
    write_lines(specialist, 4)
    return str(specialist.organisation_id)


def _checkpoint(chain: str, sequence: int, **changes) -> AccessLogCheckpoint:
    last = line(chain, sequence)
    values = {"hash": last.hash, "line_at": last.at, "removed": sequence, "by": "command"}
    return AccessLogCheckpoint.objects.create(chain=chain, sequence=sequence, **values | changes)


def _refused(sql: str, params: tuple = (), match: str = "append-only") -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        raw(sql, params)


def _delete(chain: str, sequence: int) -> None:
    raw(f"DELETE FROM {TABLE} WHERE chain = %s AND sequence = %s", (chain, sequence))  # noqa: S608


def test_a_line_without_a_checkpoint_cannot_be_deleted(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _delete(chain, 1)
    assert sequences(chain) == [1, 2, 3, 4]


def test_a_line_covered_by_a_checkpoint_can_be_deleted(chain):
    _checkpoint(chain, 2)
    _delete(chain, 1)
    _delete(chain, 2)
    assert sequences(chain) == [3, 4]


def test_a_line_after_the_checkpoint_cannot_be_deleted(chain):
    _checkpoint(chain, 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _delete(chain, 3)
    _refused(f"DELETE FROM {TABLE}")  # noqa: S608 - all or nothing: nothing
    assert sequences(chain) == [1, 2, 3, 4]


def test_a_checkpoint_of_another_chain_does_not_cover_a_line(chain, outsider):
    write_lines(outsider, 2)
    _checkpoint(str(outsider.organisation_id), 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _delete(chain, 1)


def test_a_covered_line_still_cannot_be_updated(chain):
    _checkpoint(chain, 2)
    _refused(f"UPDATE {TABLE} SET reason = 'edited' WHERE chain = %s", (chain,))  # noqa: S608
    assert set(AccessEvent.objects.values_list("reason", flat=True)) == {""}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_log_or_its_checkpoints(chain):
    _checkpoint(chain, 4)
    _refused(f"TRUNCATE {TABLE}")
    _refused(f"TRUNCATE {CHECKPOINTS}")
    assert AccessLogCheckpoint.objects.count() == 1


def test_a_checkpoint_cannot_be_edited_or_deleted(chain):
    _checkpoint(chain, 2)
    _refused(f"UPDATE {CHECKPOINTS} SET sequence = 4")  # noqa: S608
    _refused(f"DELETE FROM {CHECKPOINTS}")  # noqa: S608
    assert AccessLogCheckpoint.objects.get().sequence == 2


def test_the_models_refuse_to_change_a_checkpoint(chain):
    checkpoint = _checkpoint(chain, 2)
    checkpoint.removed = 0
    with pytest.raises(AppendOnlyError):
        checkpoint.save()
    with pytest.raises(AppendOnlyError):
        checkpoint.delete()


@pytest.mark.parametrize("sequence", [2, 3])
def test_a_checkpoint_only_moves_forward(chain, sequence):
    _checkpoint(chain, 3)
    with pytest.raises(DatabaseError, match="checkpoint"), transaction.atomic():
        _checkpoint(chain, sequence)
    assert list(AccessLogCheckpoint.objects.values_list("sequence", flat=True)) == [3]


@pytest.mark.parametrize(
    "changes",
    [{"hash": "f" * 64}, {"sequence": 9}, {"line_at_shift": True}],
    ids=["wrong hash", "no such line", "wrong time"],
)
def test_a_checkpoint_must_name_a_line_of_its_chain(chain, changes):
    last = line(chain, 2)
    values = {"chain": chain, "sequence": 2, "hash": last.hash, "line_at": last.at}
    if changes.pop("line_at_shift", False):
        values["line_at"] = last.at.replace(year=last.at.year - 1)
    values |= changes
    with pytest.raises(DatabaseError, match="checkpoint"), transaction.atomic():
        AccessLogCheckpoint.objects.create(removed=2, by="command", **values)
    assert not AccessLogCheckpoint.objects.exists()


def test_the_admin_shows_checkpoints_read_only_to_superusers(chain, privacy_officer):
    from tests.conftest import client_for
    from tests.factories import UserFactory

    checkpoint = _checkpoint(chain, 2)
    admin_user = UserFactory(is_superuser=True, is_staff=True, organisation=None, role="admin")
    client = client_for(admin_user)
    base = "/admin/gezinsaanpak/accesslogcheckpoint/"
    assert chain in client.get(base).content.decode()
    change_url = f"{base}{checkpoint.pk}/change/"
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"removed": "0"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    assert (
        client.post(f"{change_url[: -len('change/')]}delete/", {"post": "yes"}).status_code == 403
    )
    assert AccessLogCheckpoint.objects.get().removed == 2

    privacy_officer.is_staff = True
    privacy_officer.save()
    assert client_for(privacy_officer).get(base).status_code == 403
