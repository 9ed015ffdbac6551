"""A ciphertext that does not open: a specific error, a log line without the value, a safe page."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client
from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urls
from gezinsaanpak.privacy.crypto import DecryptionError
from tests.conftest import client_for
from tests.testapp.models import Person

CANARY = "Kanarie-Geheim-K4"


def set_raw(person: Person, column: str, value: str) -> None:
    """Write straight into the table, as an attacker with database access could."""
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [value, Person._meta.pk.get_db_prep_value(person.pk, connection)],
        )


def get_raw(person: Person, column: str) -> str:
    return Person.objects.values_list(column, flat=True).get(pk=person.pk)


def tampered_person() -> Person:
    person = Person.objects.create(family_name=CANARY, notes=CANARY)
    envelope = get_raw(person, "family_name")
    flipped = envelope[:-6] + ("A" if envelope[-6] != "A" else "B") + envelope[-5:]
    set_raw(person, "family_name", flipped)
    return person


@pytest.mark.django_db
def test_ciphertext_copied_to_another_row_fails_to_decrypt():
    first = Person.objects.create(family_name=CANARY)
    second = Person.objects.create(family_name="Jansen")
    set_raw(second, "family_name", get_raw(first, "family_name"))
    with pytest.raises(DecryptionError) as info:
        Person.objects.get(pk=second.pk).family_name  # noqa: B018
    assert (info.value.field_name, info.value.row_id) == ("family_name", second.pk)


@pytest.mark.django_db
def test_ciphertext_copied_to_another_field_fails_to_decrypt():
    person = Person.objects.create(family_name=CANARY, given_name="Anna")
    set_raw(person, "given_name", get_raw(person, "family_name"))
    loaded = Person.objects.get(pk=person.pk)
    with pytest.raises(DecryptionError):
        loaded.given_name  # noqa: B018
    assert loaded.family_name == CANARY  # the other fields still open


@pytest.mark.django_db
def test_flipped_byte_in_the_database_fails_and_logs_the_place_only(caplog):
    person = tampered_person()
    with caplog.at_level(logging.DEBUG), pytest.raises(DecryptionError):
        Person.objects.get(pk=person.pk).family_name  # noqa: B018
    [record] = [r for r in caplog.records if r.name == "gezinsaanpak.privacy"]
    assert "testapp.Person.family_name" in record.getMessage()
    assert str(person.pk) in record.getMessage()
    assert CANARY not in caplog.text


@pytest.mark.django_db
def test_plaintext_smuggled_into_the_column_is_not_shown():
    person = Person.objects.create(family_name="Jansen")
    set_raw(person, "family_name", CANARY)
    with pytest.raises(DecryptionError, match="not a v1 envelope"):
        Person.objects.get(pk=person.pk).family_name  # noqa: B018


# A page, a plain API view and a DRF view that show a tampered row.
def page(request: HttpRequest) -> HttpResponse:
    template = engines["django"].from_string("<p>{{ person.family_name }}</p>")
    return TemplateResponse(request, template, {"person": Person.objects.get()})


def api_plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse(Person.objects.get().family_name)


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "family_name", "notes"]


class PersonView(APIView):
    def get(self, request: HttpRequest) -> Response:
        return Response(PersonSerializer(Person.objects.all(), many=True).data)


urlpatterns = [
    path("test-decryption/page/", page),
    path("api/v1/test-decryption/plain/", api_plain),
    path("api/v1/test-decryption/drf/", PersonView.as_view()),
    *project_urls,
]

EXPECTED_API_ERROR = {"type": "server_error", "code": "decryption_failed", "attr": None}


def _assert_safe(response, caplog) -> None:
    body = response.content.decode()
    assert response.status_code == 500
    assert CANARY not in body
    assert "v1:" not in body
    assert "testapp" not in body  # nor where it happened: that is for the log
    assert CANARY not in caplog.text


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_page_answers_with_a_safe_error_page(specialist, caplog):
    tampered_person()
    response = client_for(specialist).get("/test-decryption/page/")
    _assert_safe(response, caplog)
    assert "gezinsaanpak/decryption_error.html" in [t.name for t in response.templates]
    assert "Deze gegevens kunnen niet getoond worden" in response.content.decode()  # Dutch


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", ["/api/v1/test-decryption/plain/", "/api/v1/test-decryption/drf/"])
def test_api_answers_with_the_error_format(specialist, caplog, settings, url, debug):
    settings.DEBUG = debug
    tampered_person()
    # drf-standardized-errors reports server errors through got_request_exception (for
    # Sentry and friends), which the test client would otherwise re-raise.
    client = Client(raise_request_exception=False)
    client.force_login(specialist)
    response = client.get(url)
    _assert_safe(response, caplog)
    body = response.json()
    [error] = body["errors"]
    assert {
        "type": body["type"],
        "code": error["code"],
        "attr": error["attr"],
    } == EXPECTED_API_ERROR
    assert error["detail"]
