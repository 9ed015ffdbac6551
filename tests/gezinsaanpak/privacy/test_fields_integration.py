"""Encrypted fields behave like normal fields in forms, the admin, DRF and migrations."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import FieldError
from django.db import connection, models
from django.db.migrations.writer import MigrationWriter
from django.test import RequestFactory
from django.test.utils import isolate_apps
from rest_framework import serializers

from gezinsaanpak.privacy.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedTextField,
)
from tests.testapp.models import Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["family_name", "postcode", "notes", "date_of_birth"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "family_name", "postcode", "notes", "date_of_birth"]


@pytest.mark.django_db
def test_model_form_edits_plaintext_and_saves_encrypted():
    form = PersonForm(
        data={"family_name": "Jansen", "postcode": "1234 AB", "date_of_birth": "2022-02-01"}
    )
    assert form.is_valid(), form.errors
    person = form.save()
    stored = Person.objects.values_list("family_name", flat=True).get()
    assert stored.startswith("v1:")
    again = PersonForm(instance=Person.objects.get(pk=person.pk))
    assert again.initial["family_name"] == "Jansen"
    assert again.initial["date_of_birth"] == datetime.date(2022, 2, 1)


def test_model_form_validates_max_length_on_plaintext():
    form = PersonForm(data={"family_name": "Jansen", "postcode": "12345 ABC"})
    assert not form.is_valid()
    assert "postcode" in form.errors
    assert form.fields["postcode"].max_length == 7
    assert isinstance(form.fields["notes"].widget, forms.Textarea)
    assert isinstance(form.fields["date_of_birth"], forms.DateField)


def test_blind_index_is_not_editable_in_forms():
    form_class = forms.modelform_factory(Person, fields="__all__")
    assert "postcode_index" not in form_class.base_fields
    assert "postcode" in form_class.base_fields


def test_admin_uses_its_normal_widgets():
    model_admin = admin.ModelAdmin(Person, admin.site)
    request = RequestFactory().get("/admin/testapp/person/add/")
    form = model_admin.get_form(request, fields=["postcode", "notes", "date_of_birth"])
    assert isinstance(form.base_fields["postcode"].widget, admin_widgets.AdminTextInputWidget)
    assert isinstance(form.base_fields["notes"].widget, admin_widgets.AdminTextareaWidget)
    assert isinstance(form.base_fields["date_of_birth"].widget, admin_widgets.AdminDateWidget)


def test_drf_maps_encrypted_fields_to_char_and_date_fields():
    fields = PersonSerializer().fields
    assert type(fields["postcode"]) is serializers.CharField
    assert fields["postcode"].max_length == 7
    assert type(fields["notes"]) is serializers.CharField
    assert type(fields["date_of_birth"]) is serializers.DateField


@pytest.mark.django_db
def test_drf_serializer_reads_and_writes_plaintext():
    created = PersonSerializer(
        data={"family_name": "De Vries", "postcode": "1234AB", "date_of_birth": "2021-05-06"}
    )
    assert created.is_valid(), created.errors
    person = created.save()
    data = PersonSerializer(Person.objects.get(pk=person.pk)).data
    assert data["family_name"] == "De Vries"
    assert data["date_of_birth"] == "2021-05-06"
    too_long = PersonSerializer(data={"family_name": "x", "postcode": "12345 ABC"})
    assert not too_long.is_valid()


def test_fields_deconstruct_for_migrations():
    field = EncryptedCharField("postcode", max_length=7, blank=True)
    _, path, _, kwargs = field.deconstruct()
    assert path == "gezinsaanpak.privacy.fields.EncryptedCharField"
    assert kwargs == {"verbose_name": "postcode", "max_length": 7, "blank": True}
    index = BlindIndexField(source="postcode", normalizer="postcode")
    _, index_path, _, index_kwargs = index.deconstruct()
    assert index_path == "gezinsaanpak.privacy.fields.BlindIndexField"
    assert index_kwargs == {
        "source": "postcode",
        "normalizer": "postcode",
        "blank": True,
        "default": "",
    }
    rebuilt = BlindIndexField(**index_kwargs)
    assert (rebuilt.max_length, rebuilt.db_index, rebuilt.editable) == (64, True, False)
    serialized, imports = MigrationWriter.serialize(EncryptedDateField(null=True))
    assert "gezinsaanpak.privacy.fields.EncryptedDateField(null=True)" in serialized
    assert "import gezinsaanpak.privacy.fields" in imports


def test_columns_are_text_and_the_index_is_an_indexed_varchar():
    text_type = connection.data_types["TextField"]
    for name in ("postcode", "notes", "date_of_birth"):
        assert Person._meta.get_field(name).db_type(connection) == text_type
    index = Person._meta.get_field("postcode_index")
    assert index.db_type(connection) == models.CharField(max_length=64).db_type(connection)
    assert index.db_index


@pytest.mark.django_db
def test_the_blind_index_column_is_indexed_in_the_database():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Person._meta.db_table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert ("postcode_index",) in indexed


@isolate_apps("tests.testapp")
def test_check_requires_a_uuid_primary_key_with_default():
    class IntegerKeyed(models.Model):  # noqa: DJ008
        secret = EncryptedTextField()

        class Meta:
            app_label = "testapp"

    class UuidWithoutDefault(models.Model):  # noqa: DJ008
        id = models.UUIDField(primary_key=True)
        secret = EncryptedTextField()

        class Meta:
            app_label = "testapp"

    class Good(models.Model):  # noqa: DJ008
        id = models.UUIDField(primary_key=True, default=uuid.uuid4)
        secret = EncryptedTextField()

        class Meta:
            app_label = "testapp"

    def ids(model: type[models.Model]) -> list[str]:
        return [e.id for e in model._meta.get_field("secret").check()]

    assert ids(IntegerKeyed) == ["privacy.E010"]
    assert ids(UuidWithoutDefault) == ["privacy.E010"]
    assert ids(Good) == []


@isolate_apps("tests.testapp")
def test_check_validates_blind_index_source_and_normalizer():
    class Broken(models.Model):  # noqa: DJ008
        id = models.UUIDField(primary_key=True, default=uuid.uuid4)
        name = EncryptedCharField(max_length=10)
        name_index = BlindIndexField(source="nmae", normalizer="soundex")

        class Meta:
            app_label = "testapp"

    ids = [e.id for e in Broken._meta.get_field("name_index").check()]
    assert ids == ["privacy.E011", "privacy.E012"]


@pytest.mark.django_db
def test_saving_a_source_without_its_index_is_refused():
    person = Person.objects.create(family_name="Jansen", postcode="1234AB")
    person.postcode = "9999ZZ"
    with pytest.raises(FieldError, match="postcode_index"):
        person.save(update_fields=["postcode"])
    person.save(update_fields=["postcode", "postcode_index"])
    stored = Person.objects.values_list("postcode_index", flat=True).get()
    assert stored == person.postcode_index != ""
