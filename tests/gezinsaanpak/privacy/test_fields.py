"""Encrypted model fields: what is stored, what the ORM refuses, and normal-field behaviour."""

from __future__ import annotations

import datetime
import logging
import uuid

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gezinsaanpak.privacy import crypto
from gezinsaanpak.privacy.crypto import Ciphertext, envelope_key_id
from gezinsaanpak.privacy.fields import (
    EncryptedFieldLookupError,
    EncryptedFieldWriteError,
    encrypted_fields,
)
from tests.testapp.models import Person, Visit

pytestmark = pytest.mark.django_db

CANARIES = {
    "given_name": "Kanarie-Voornaam-Q7",
    "family_name": "Kanarie-Achternaam-Z9",
    "postcode": "7391 QX",
    "phone": "06 98765432",
    "email": "kanarie.q7@voorbeeld.nl",
    "notes": "Kanarie-notitie: moeder leest niet graag voor",
}
CANARY_DATE = datetime.date(1987, 6, 5)
CANARY_VISIT_NOTE = "Kanarie-bezoeknotitie-X3"


def raw_row(model, pk) -> dict[str, object]:
    """The row exactly as the database holds it."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {table} WHERE id = %s",  # noqa: S608 - table name from _meta
            [model._meta.pk.get_db_prep_value(pk, connection)],
        )
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def make_person(**overrides) -> Person:
    values = {**CANARIES, "date_of_birth": CANARY_DATE, **overrides}
    return Person.objects.create(**values)


def test_database_and_logs_hold_no_plaintext(caplog):
    canaries = [*CANARIES.values(), CANARY_DATE.isoformat(), CANARY_VISIT_NOTE, "98765432"]
    with (
        caplog.at_level(logging.DEBUG),
        caplog.at_level(logging.DEBUG, logger="django.db.backends"),
        CaptureQueriesContext(connection) as queries,
    ):
        person = make_person()
        Visit.objects.create(person=person, note=CANARY_VISIT_NOTE, visited_on=CANARY_DATE)
        loaded = Person.objects.get(pk=person.pk)
        loaded.notes += " (bijgewerkt)"
        loaded.save()
        assert Person.objects.get(pk=person.pk).notes.endswith("(bijgewerkt)")
    visit = Visit.objects.get()
    stored = [*raw_row(Person, person.pk).values(), *raw_row(Visit, visit.pk).values()]
    for canary in canaries:
        assert not any(canary in str(value) for value in stored), canary
        assert canary not in caplog.text, canary
        assert not any(canary in str(q) for q in queries.captured_queries), canary
    assert "v1:" in caplog.text  # the SQL (with its parameters) really was logged


def test_every_encrypted_column_holds_a_v1_envelope():
    person = make_person()
    row = raw_row(Person, person.pk)
    for field in encrypted_fields(Person):
        assert str(row[field.column]).startswith("v1:test1:"), field.name


def test_values_read_back_as_plaintext_with_their_types():
    person = Person.objects.get(pk=make_person().pk)
    assert person.family_name == CANARIES["family_name"]
    assert person.postcode == "7391 QX"
    assert person.date_of_birth == CANARY_DATE
    assert type(person.date_of_birth) is datetime.date
    assert type(person.notes) is str


def test_loaded_values_stay_sealed_until_read():
    person = Person.objects.get(pk=make_person().pk)
    assert type(person.__dict__["notes"]) is Ciphertext
    assert person.notes == CANARIES["notes"]
    assert person.__dict__["notes"] == CANARIES["notes"]


def test_plaintext_is_kept_after_the_first_read(monkeypatch):
    """A value is decrypted once per instance; fields not read yet stay sealed."""
    person = Person.objects.get(pk=make_person().pk)
    assert person.notes == CANARIES["notes"]

    def no_second_decrypt(*args, **kwargs):
        raise AssertionError("decrypted again")

    monkeypatch.setattr(crypto, "decrypt", no_second_decrypt)
    assert person.notes == CANARIES["notes"]
    assert type(person.__dict__["postcode"]) is Ciphertext
    with pytest.raises(AssertionError, match="decrypted again"):
        _ = person.postcode


def test_empty_stays_empty():
    person = Person.objects.create(family_name="Jansen")
    row = raw_row(Person, person.pk)
    assert row["given_name"] == row["notes"] == row["postcode"] == ""
    assert row["date_of_birth"] is None
    assert row["postcode_index"] == ""
    loaded = Person.objects.get(pk=person.pk)
    assert (loaded.notes, loaded.date_of_birth) == ("", None)


def test_emptiness_may_be_filtered():
    empty = Person.objects.create(family_name="Jansen")
    full = make_person()
    assert list(Person.objects.filter(postcode="")) == [empty]
    assert list(Person.objects.exclude(postcode="")) == [full]
    assert list(Person.objects.filter(date_of_birth__isnull=False)) == [full]
    assert list(Person.objects.filter(date_of_birth=None)) == [empty]
    nested = Visit.objects.filter(person__in=Person.objects.filter(postcode=""))
    assert list(nested) == []


@pytest.mark.parametrize(
    "query",
    [
        lambda qs: qs.filter(postcode="7391 QX"),
        lambda qs: qs.exclude(family_name="Jansen"),
        lambda qs: qs.filter(notes__icontains="moeder"),
        lambda qs: qs.filter(family_name__in=["Jansen"]),
        lambda qs: qs.filter(date_of_birth__gt=datetime.date(2020, 1, 1)),
        lambda qs: qs.filter(date_of_birth__year=2020),
        lambda qs: qs.filter(family_name__lower="jansen"),
        lambda qs: qs.order_by("postcode"),
        lambda qs: qs.order_by("-date_of_birth"),
        lambda qs: Visit.objects.filter(person__phone="0612345678"),
        lambda qs: Visit.objects.order_by("person__family_name"),
    ],
)
def test_sql_on_ciphertext_raises_instead_of_matching_nothing(query):
    make_person()
    with pytest.raises(EncryptedFieldLookupError, match="blind"):
        list(query(Person.objects.all()))


def test_lookup_error_is_a_field_error():
    assert issubclass(EncryptedFieldLookupError, FieldError)


def test_queryset_update_with_plaintext_is_refused():
    person = make_person()
    with pytest.raises(EncryptedFieldWriteError), transaction.atomic():
        Person.objects.update(postcode="1234AB")
    person.postcode = "1234AB"
    with pytest.raises(EncryptedFieldWriteError), transaction.atomic():
        Person.objects.bulk_update([person], ["postcode"])
    assert Person.objects.get().postcode == "7391 QX"


def test_values_list_returns_sealed_envelopes():
    make_person()
    [value] = Person.objects.values_list("family_name", flat=True)
    assert isinstance(value, Ciphertext)
    assert envelope_key_id(value) == "test1"


def test_deferred_field_is_loaded_and_decrypted():
    person = make_person()
    only_id = Person.objects.only("id").get(pk=person.pk)
    assert only_id.get_deferred_fields() >= {"notes"}
    assert only_id.notes == CANARIES["notes"]


def test_refresh_from_db_reads_plaintext():
    person = make_person()
    person.family_name = "changed, not saved"
    person.refresh_from_db()
    assert person.family_name == CANARIES["family_name"]


def test_each_save_uses_a_fresh_nonce():
    person = make_person()
    first = raw_row(Person, person.pk)["family_name"]
    person.save()
    second = raw_row(Person, person.pk)["family_name"]
    assert first != second
    assert Person.objects.get(pk=person.pk).family_name == CANARIES["family_name"]


def test_max_length_is_checked_on_the_plaintext():
    person = Person(family_name="Jansen", postcode="12345 ABC")
    with pytest.raises(ValidationError) as info:
        person.full_clean()
    assert set(info.value.message_dict) == {"postcode"}
    Person(family_name="Jansen", postcode="1234 AB").full_clean()


def test_blank_false_is_required():
    with pytest.raises(ValidationError) as info:
        Person(family_name="").full_clean()
    assert "family_name" in info.value.message_dict


def test_plaintext_that_looks_like_an_envelope_is_still_encrypted():
    person = make_person(notes="v1:test1:AAAA")
    assert raw_row(Person, person.pk)["notes"] != "v1:test1:AAAA"
    assert Person.objects.get(pk=person.pk).notes == "v1:test1:AAAA"


def test_bulk_create_encrypts():
    people = Person.objects.bulk_create([Person(family_name=f"Kanarie{i}") for i in range(3)])
    for person in people:
        assert raw_row(Person, person.pk)["family_name"].startswith("v1:")
    assert sorted(p.family_name for p in Person.objects.all()) == [
        "Kanarie0",
        "Kanarie1",
        "Kanarie2",
    ]


def test_row_with_string_uuid_pk_reads_back():
    pk = uuid.uuid4()
    Person.objects.create(id=str(pk), family_name="Jansen")
    assert Person.objects.get(pk=pk).family_name == "Jansen"
