import datetime
import time

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.signals import LOGIN_AT_KEY
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_session_ends_twelve_hours_after_login_even_when_active(client, specialist):
    client.post("/accounts/login/", {"username": specialist.email, "password": PASSWORD})
    assert client.get("/").status_code == 200

    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()

    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert SESSION_KEY not in client.session


def _expiry(client) -> datetime.datetime:  # type: ignore[no-untyped-def]
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _session_writes(client, url: str = "/") -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(q["sql"].startswith('UPDATE "django_session"') for q in queries)


@pytest.mark.django_db
def test_the_idle_timeout_is_renewed_at_most_once_a_minute(client, specialist, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    with time_machine.travel(
        datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client.force_login(specialist)
        client.get("/")
        first = _expiry(client)
        clock.shift(20)
        assert _session_writes(client) == 0  # polled within the minute: nothing written
        assert _expiry(client) == first
        clock.shift(45)
        assert _session_writes(client) == 1
        assert _expiry(client) >= first + datetime.timedelta(seconds=60)


@pytest.mark.django_db
def test_a_session_idle_for_thirty_minutes_ends(client, specialist):
    with time_machine.travel(
        datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client.force_login(specialist)
        for _ in range(5):  # active for 25 minutes: still logged in
            clock.shift(5 * 60)
            assert client.get("/").status_code == 200
        clock.shift(30 * 60 + 1)
        assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_authenticated_responses_are_not_stored(client, specialist):
    client.force_login(specialist)
    for url in ("/", "/api/v1/me/", "/accounts/profile/"):
        assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
