"""Everyone changes their own password on Mijn account."""

from __future__ import annotations

import pytest

from gezinsaanpak.models import AccessEvent
from tests.conftest import client_for
from tests.factories import PASSWORD

NEW = "een-nieuw-lang-wachtwoord"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["specialist", "volunteer", "partner_user", "coordinator"])
def test_everyone_changes_their_own_password(persona, request):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert "Wachtwoord veranderen" in client.get("/accounts/profile/").content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302 and response.url == "/accounts/profile/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/accounts/profile/").status_code == 200  # still logged in on this device
    assert AccessEvent.objects.filter(object_id=str(user.pk), fields=["password"]).exists()


@pytest.mark.django_db
def test_a_wrong_old_password_is_a_dutch_form_error(specialist):
    response = client_for(specialist).post(
        "/accounts/password/",
        {"old_password": "fout", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert "oude wachtwoord" in response.content.decode().lower()
    specialist.refresh_from_db()
    assert specialist.check_password(PASSWORD)
