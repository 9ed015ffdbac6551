import time

import pytest
from django.contrib.auth import SESSION_KEY

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


@pytest.mark.django_db
def test_session_is_renewed_on_every_request_for_the_idle_timeout(client, specialist, settings):
    client.force_login(specialist)
    response = client.get("/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert cookie.value  # a fresh expiry is sent with each response


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
