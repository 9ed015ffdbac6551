import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def post_login(client, email, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_login_page_is_dutch(client):
    response = client.get(LOGIN)
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in content
    assert "Inloggen" in content
    assert "E-mailadres" in content


@pytest.mark.django_db
def test_login_with_email_and_password(client, specialist):
    response = post_login(client, specialist.email, PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(specialist.pk)


@pytest.mark.django_db
def test_login_ignores_case_of_email(client, specialist):
    post_login(client, specialist.email.upper(), PASSWORD)
    assert client.session[SESSION_KEY] == str(specialist.pk)


@pytest.mark.django_db
def test_wrong_password_and_unknown_account_get_the_same_answer(client, specialist):
    wrong = post_login(client, specialist.email, "niet-het-wachtwoord")
    unknown = post_login(client, "niemand@example.org", "niet-het-wachtwoord")
    assert wrong.status_code == unknown.status_code == 200
    assert SESSION_KEY not in client.session
    assert _error_text(wrong) == _error_text(unknown)
    assert "komen niet overeen" in _error_text(wrong)


def _error_text(response):
    content = response.content.decode()
    start = content.index('class="error-summary"')
    return content[start : content.index("</div>", start)]


@pytest.mark.django_db
def test_ten_failures_lock_that_username_from_that_ip_then_cool_off(client, specialist):
    for _ in range(10):
        post_login(client, specialist.email, "fout-wachtwoord")
    locked = post_login(client, specialist.email, PASSWORD)
    assert locked.status_code == 429
    assert "15 minuten" in locked.content.decode()
    assert SESSION_KEY not in client.session

    # Another IP, and another username from this IP, are not locked.
    post_login(client, specialist.email, PASSWORD, ip="10.0.0.2")
    assert client.session[SESSION_KEY] == str(specialist.pk)

    client.logout()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        post_login(client, specialist.email, PASSWORD)
        assert client.session[SESSION_KEY] == str(specialist.pk)


@pytest.mark.django_db
def test_lockout_answer_does_not_reveal_whether_the_account_exists(client, specialist):
    for email in (specialist.email, "niemand@example.org"):
        for _ in range(10):
            post_login(client, email, "fout-wachtwoord")
    known = post_login(client, specialist.email, PASSWORD)
    unknown = post_login(client, "niemand@example.org", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert _without_csrf(known) == _without_csrf(unknown)


def _without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client, specialist):
    client.force_login(specialist)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_password_reset_sends_a_dutch_mail_only_for_known_accounts(client, specialist, mailoutbox):
    known = client.post("/accounts/password-reset/", {"email": specialist.email})
    unknown = client.post("/accounts/password-reset/", {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [specialist.email]
    assert "nieuw wachtwoord" in mailoutbox[0].body


@pytest.mark.django_db
def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    content = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in content
    assert "E-mail address" in content


@pytest.mark.django_db
def test_dutch_is_the_default_whatever_the_browser_asks(client):
    content = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nl">' in content
