"""Key rotation and verification: resumable, complete, and silent about values."""

from __future__ import annotations

import base64
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import pre_save

from gezinsaanpak.models.job import Job
from gezinsaanpak.privacy import crypto
from gezinsaanpak.privacy.crypto import DecryptionError, envelope_key_id
from gezinsaanpak.privacy.fields import encrypted_fields
from gezinsaanpak.privacy.maintenance import rows_with_encrypted_fields
from tests.testapp.models import Person, Visit

KEY_A = "ka:" + base64.b64encode(b"a" * 32).decode()
KEY_B = "kb:" + base64.b64encode(b"b" * 32).decode()
CANARY = "Kanarie-Rotatie-R5"


def seed(count: int = 7) -> None:
    for number in range(count):
        person = Person.objects.create(
            family_name=f"{CANARY}-{number}",
            postcode="1234AB",
            notes=f"notitie {CANARY}",
            date_of_birth=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
        Visit.objects.create(person=person, note=f"bezoek {CANARY}")


def key_ids() -> dict[str | None, int]:
    """How many stored envelopes each key id holds, over every encrypted column."""
    counts: dict[str | None, int] = {}
    for model in (Person, Visit):
        names = [f.attname for f in encrypted_fields(model)]
        for row in model.objects.values_list(*names):
            for value in filter(None, row):
                counts[envelope_key_id(value)] = counts.get(envelope_key_id(value), 0) + 1
    return counts


def read_everything() -> list[str]:
    people = [(p.family_name, p.notes, str(p.date_of_birth)) for p in Person.objects.all()]
    return sorted(str(x) for x in people) + sorted(v.note for v in Visit.objects.all())


def run(command: str, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_new_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    seed()
    before = read_everything()
    assert set(key_ids()) == {"ka"}

    settings.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    rows = rows_with_encrypted_fields()
    out, err = run("rotate_field_keys", now=True, batch_size=3)
    assert set(key_ids()) == {"kb"}
    assert read_everything() == before
    assert "testapp.Person.family_name: 7 values, 7 re-encrypted, 0 already current" in out
    job = Job.objects.get(kind="rotate_field_keys")
    assert (job.status, job.done, job.total) == ("done", rows, rows)
    assert job.result == {"values": 35, "rotated": 35, "failed": 0, "current": 0}
    assert "testapp.Visit.note: 7 values, 7 re-encrypted" in out
    assert CANARY not in out + err

    settings.FIELD_ENCRYPTION_KEYS = KEY_B
    assert read_everything() == before
    out, _ = run("verify_field_encryption")
    assert "testapp.Person.notes: 7 values, 0 failed (by key: kb: 7)" in out


@pytest.mark.django_db
def test_without_the_old_key_unrotated_values_do_not_open(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    seed(1)
    settings.FIELD_ENCRYPTION_KEYS = KEY_B
    with pytest.raises(DecryptionError, match="unknown key id"):
        Person.objects.get().family_name  # noqa: B018
    with pytest.raises(CommandError, match="failed to decrypt"):
        run("verify_field_encryption")


@pytest.mark.django_db
def test_rotation_skips_values_already_under_the_primary_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    seed(2)
    settings.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    Person.objects.first().save()  # a save re-encrypts under the primary key
    out, _ = run("rotate_field_keys", now=True)
    assert "testapp.Person.family_name: 2 values, 1 re-encrypted, 1 already current" in out
    out, _ = run("rotate_field_keys", now=True)
    assert "testapp.Person.family_name: 2 values, 0 re-encrypted, 2 already current" in out


@pytest.mark.django_db
def test_rotation_writes_directly_without_save_side_effects(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    seed(3)
    indexes = sorted(Person.objects.values_list("postcode_index", flat=True))
    saves: list[object] = []

    def receiver(**kwargs: object) -> None:
        saves.append(kwargs)

    settings.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    pre_save.connect(receiver, sender=Person, weak=False)
    try:
        run("rotate_field_keys", now=True, batch_size=2)
    finally:
        pre_save.disconnect(receiver, sender=Person)
    assert saves == []
    assert sorted(Person.objects.values_list("postcode_index", flat=True)) == indexes


@pytest.mark.django_db(transaction=True)
def test_stopped_rotation_completes_when_run_again(settings, monkeypatch):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    seed()
    before = read_everything()
    settings.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"

    real_encrypt, calls = crypto.encrypt, []

    def encrypt_then_stop(*args, **kwargs):
        calls.append(1)
        if len(calls) == 20:  # in the third batch: 2 rows x 4 non-empty Person fields each
            raise KeyboardInterrupt
        return real_encrypt(*args, **kwargs)

    monkeypatch.setattr(crypto, "encrypt", encrypt_then_stop)
    with pytest.raises(KeyboardInterrupt):
        run("rotate_field_keys", now=True, batch_size=2)
    monkeypatch.setattr(crypto, "encrypt", real_encrypt)

    halfway = key_ids()
    assert halfway["kb"] == 2 * 2 * 4  # two whole batches committed
    assert halfway["ka"] > 0  # the interrupted batch was rolled back, the rest untouched
    assert read_everything() == before

    out, _ = run("rotate_field_keys", now=True, batch_size=2)
    assert set(key_ids()) == {"kb"}
    assert "testapp.Person.family_name: 7 values, 3 re-encrypted, 4 already current" in out
    settings.FIELD_ENCRYPTION_KEYS = KEY_B
    assert read_everything() == before


def _tamper(person: Person) -> None:
    table = connection.ops.quote_name(Person._meta.db_table)
    envelope = Person.objects.values_list("notes", flat=True).get(pk=person.pk)
    flipped = envelope[:-6] + ("A" if envelope[-6] != "A" else "B") + envelope[-5:]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET notes = %s WHERE id = %s",  # noqa: S608
            [flipped, Person._meta.pk.get_db_prep_value(person.pk, connection)],
        )


@pytest.mark.django_db
def test_verify_reports_failures_by_model_field_and_row_without_values(settings, caplog):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    seed(3)
    broken = Person.objects.order_by("pk")[1]
    _tamper(broken)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 values failed"):
        call_command("verify_field_encryption", stdout=out, stderr=err)
    assert f"FAILED testapp.Person.notes row {broken.pk}" in err.getvalue()
    assert "testapp.Person.notes: 3 values, 1 failed" in out.getvalue()
    for text in (out.getvalue(), err.getvalue(), caplog.text):
        assert CANARY not in text
        assert "v1:" not in text


@pytest.mark.django_db
def test_rotation_leaves_undecryptable_values_and_reports_them(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    seed(3)
    broken = Person.objects.order_by("pk")[0]
    _tamper(broken)
    settings.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 values could not be decrypted"):
        call_command("rotate_field_keys", now=True, stdout=out, stderr=err)
    assert f"FAILED testapp.Person.notes row {broken.pk}" in err.getvalue()
    assert key_ids() == {"kb": 3 * 4 + 3 - 1, "ka": 1}  # 4 Person fields, 1 Visit field


def test_batch_size_must_be_positive():
    with pytest.raises(CommandError):
        run("rotate_field_keys", now=True, batch_size=0)
