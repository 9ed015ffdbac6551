"""Two-step login recovery codes: shown once, each works once, new ones replace the old."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from gezinsaanpak.models import AccessEvent
from tests.accounts.test_two_factor import enrol, login


def make_codes(client) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 200
    assert "Je ziet ze hierna niet meer" in response.content.decode()
    return re.findall(r"<code>([a-z0-9-]+)</code>", response.content.decode())


@pytest.mark.django_db
def test_recovery_codes_are_shown_once(client, specialist):
    enrol(client, specialist)
    codes = make_codes(client)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    later = client.get("/accounts/two-factor/recovery-codes/").content.decode()
    assert not any(code in later for code in codes)
    assert "10 ongebruikte herstelcodes" in later
    line = AccessEvent.objects.get(object_id=str(specialist.pk), fields=["recovery_codes"])
    assert line.details == {"count": 10}  # the codes themselves are never logged


@pytest.mark.django_db
def test_a_recovery_code_passes_the_verify_step_once(client, specialist):
    enrol(client, specialist)
    code = make_codes(client)[0]
    client.logout()

    login(client, specialist)
    assert client.get("/").url.startswith("/accounts/verify/")
    response = client.post("/accounts/verify/", {"token": code.upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=specialist).count() == 9
    client.logout()

    login(client, specialist)
    again = client.post("/accounts/verify/", {"token": code})
    assert again.status_code == 200
    assert client.get("/").url.startswith("/accounts/verify/")


@pytest.mark.django_db
def test_new_codes_replace_the_old_ones(client, specialist):
    enrol(client, specialist)
    old = make_codes(client)
    new = make_codes(client)
    assert not set(old) & set(new)
    client.logout()
    login(client, specialist)
    assert client.post("/accounts/verify/", {"token": old[0]}).status_code == 200
    # A failure makes django-otp wait before the next try (throttling); skip that wait here.
    StaticDevice.objects.filter(user=specialist).update(throttling_failure_count=0)
    assert client.post("/accounts/verify/", {"token": new[0]}).status_code == 302


@pytest.mark.django_db
def test_no_recovery_codes_without_two_step_login(client, specialist):
    client.force_login(specialist)
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 200
    assert "Zet eerst tweestapsverificatie aan" in response.content.decode()
    assert not StaticToken.objects.exists()


@pytest.mark.django_db
def test_nonsense_at_the_verify_step_is_a_dutch_form_error(client, specialist):
    enrol(client, specialist)
    client.logout()
    login(client, specialist)
    response = client.post("/accounts/verify/", {"token": "!!"})
    assert response.status_code == 200
    assert "Typ de zes cijfers uit je app" in response.content.decode()
