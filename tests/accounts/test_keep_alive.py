"""Two minutes before the idle timeout the page warns (forms.js opens the dialog);
*Blijf ingelogd* posts to keep-alive, which renews the session and leaves the page as it is."""

from __future__ import annotations

import pytest

from accounts.middleware import REFRESHED_AT_KEY
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_every_page_of_a_logged_in_user_carries_the_warning(specialist, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_REFRESH_SECONDS = 60
    page = client_for(specialist).get("/").content.decode()
    assert '<dialog id="session-dialog"' in page
    assert 'data-warn-after="1620"' in page  # 30 min - 1 min refresh interval - 2 min
    assert 'action="/accounts/keep-alive/"' in page


def test_the_login_page_has_no_warning(client):
    assert "session-dialog" not in client.get("/accounts/login/").content.decode()


def test_keep_alive_renews_the_session_with_an_empty_answer(specialist):
    client = client_for(specialist)
    session = client.session
    session[REFRESHED_AT_KEY] = 1
    session.save()
    response = client.post("/accounts/keep-alive/")
    assert response.status_code == 204
    assert response.content == b""
    assert client.session[REFRESHED_AT_KEY] > 1


def test_keep_alive_after_the_session_ended_goes_to_the_login(client):
    response = client.post("/accounts/keep-alive/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
