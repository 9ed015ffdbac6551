"""Logging in, logging out and failed logins each leave one line, never a password."""

from __future__ import annotations

import pytest
from django.db import connection

from gezinsaanpak.models.audit import AccessEvent, Action
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _post_login(client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR="198.51.100.4")


def _all_stored() -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AccessEvent._meta.db_table}")  # noqa: S608
        return repr(cursor.fetchall())


def test_a_login_writes_a_line_with_the_ip(client, specialist):
    _post_login(client, specialist.email, PASSWORD)
    line = AccessEvent.objects.get(action=Action.LOGIN)
    assert (line.actor_id, line.outcome, line.ip) == (specialist.pk, "success", "198.51.100.4")
    assert line.request_id


def test_a_logout_writes_a_line(client, specialist):
    _post_login(client, specialist.email, PASSWORD)
    client.post("/accounts/logout/")
    line = AccessEvent.objects.get(action=Action.LOGOUT)
    assert line.actor_id == specialist.pk


def test_a_failed_login_of_a_known_user_names_the_user_but_not_the_password(client, specialist):
    _post_login(client, specialist.email, "wrong-password-123")
    line = AccessEvent.objects.get(action=Action.LOGIN_FAILED)
    assert (line.actor_id, line.outcome) == (specialist.pk, "failure")
    assert line.organisation_id == specialist.organisation_id
    assert "wrong-password-123" not in _all_stored()


def test_a_failed_login_of_an_unknown_address_stores_neither_address_nor_password(client):
    _post_login(client, "iemand.anders@example.nl", "geheim-wachtwoord-1")
    line = AccessEvent.objects.get(action=Action.LOGIN_FAILED)
    assert (line.actor_id, line.actor_label, line.outcome) == (None, "", "failure")
    stored = _all_stored()
    assert "iemand.anders" not in stored
    assert "geheim-wachtwoord-1" not in stored
