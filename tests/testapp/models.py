"""Models used only by tests (and by bench/crypto.py)."""

from __future__ import annotations

import uuid

from django.db import models

from gezinsaanpak.privacy.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedTextField,
)


class Person(models.Model):
    """Every kind of encrypted field, with the blind indexes the domain uses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_name = EncryptedCharField("given name", max_length=100, blank=True)
    given_name_index = BlindIndexField(source="given_name", normalizer="text")
    family_name = EncryptedCharField("family name", max_length=100)
    family_name_index = BlindIndexField(source="family_name", normalizer="text")
    postcode = EncryptedCharField("postcode", max_length=7, blank=True)
    postcode_index = BlindIndexField(source="postcode", normalizer="postcode")
    phone = EncryptedCharField("phone", max_length=30, blank=True)
    phone_index = BlindIndexField(source="phone", normalizer="phone")
    email = EncryptedCharField("e-mail", max_length=254, blank=True)
    email_index = BlindIndexField(source="email", normalizer="email")
    notes = EncryptedTextField("notes", blank=True)
    date_of_birth = EncryptedDateField("date of birth", null=True, blank=True)
    status = models.CharField(max_length=20, default="active")

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return str(self.pk)  # never personal data


class Visit(models.Model):
    """A second model, so rotation and verification walk more than one table."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visits")
    note = EncryptedTextField("note", blank=True)
    visited_on = EncryptedDateField("visited on", null=True, blank=True)

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return str(self.pk)  # never personal data


class PlainRow(models.Model):
    """The benchmark's baseline: the same six fields as EncryptedRow, unencrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(max_length=20, default="active")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    street = models.CharField(max_length=100)
    postcode = models.CharField(max_length=7)
    phone = models.CharField(max_length=30)
    email = models.CharField(max_length=254)

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return str(self.pk)  # never personal data


class EncryptedRow(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(max_length=20, default="active")
    given_name = EncryptedCharField(max_length=100)
    family_name = EncryptedCharField(max_length=100)
    street = EncryptedCharField(max_length=100)
    postcode = EncryptedCharField(max_length=7)
    phone = EncryptedCharField(max_length=30)
    email = EncryptedCharField(max_length=254)

    class Meta:
        app_label = "testapp"

    def __str__(self) -> str:
        return str(self.pk)  # never personal data
