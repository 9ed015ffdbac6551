import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import PASSWORD, UserFactory


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, user) -> TOTPDevice:
    client.force_login(user)
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def login(client, user):
    return client.post(
        "/accounts/login/", {"username": user.email, "password": PASSWORD}, follow=False
    )


@pytest.mark.django_db
def test_enrolment_page_shows_a_qr_code_and_the_key(client, specialist):
    client.force_login(specialist)
    content = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in content
    assert "Typ deze sleutel in de app" in content


@pytest.mark.django_db
def test_enrolled_user_must_enter_a_code_after_the_password(client, specialist):
    device = enrol(client, specialist)
    client.logout()
    response = login(client, specialist)
    assert response.status_code == 302
    # Logged in with the password, but every page leads to the code step.
    assert client.get("/").url.startswith("/accounts/verify/")
    api = client.get("/api/v1/me/")
    assert api.status_code == 403
    assert api.json()["errors"][0]["code"] == "two_factor_required"

    device.last_t = -1  # the enrolment used this time step; allow the next code
    device.save()
    response = client.post("/accounts/verify/", {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_totp_code_cannot_be_used_twice(client, specialist):
    device = enrol(client, specialist)
    client.logout()
    device.last_t = -1
    device.save()
    code = current_code(device)

    login(client, specialist)
    assert client.post("/accounts/verify/", {"token": code}).status_code == 302
    client.logout()

    login(client, specialist)
    reused = client.post("/accounts/verify/", {"token": code})
    assert reused.status_code == 200
    assert "al gebruikt" in reused.content.decode()
    assert client.get("/").url.startswith("/accounts/verify/")


@pytest.mark.django_db
def test_wrong_code_is_refused(client, specialist):
    enrol(client, specialist)
    client.logout()
    login(client, specialist)
    response = client.post("/accounts/verify/", {"token": "000000"})
    assert response.status_code == 200
    assert client.get("/").url.startswith("/accounts/verify/")


@pytest.mark.django_db
@override_settings(TWO_FACTOR_REQUIRED=True)
@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.COORDINATOR, True),
        (Role.SPECIALIST, True),
        (Role.PRIVACY_OFFICER, True),
        (Role.ADMIN, True),
        (Role.VOLUNTEER, False),
        (Role.COACH, False),
    ],
)
def test_production_requires_enrolment_for_staff_roles(client, library, role, required):
    user = UserFactory(organisation=library, role=role)
    login(client, user)
    response = client.get("/")
    if required:
        assert response.status_code == 302
        assert response.url == "/accounts/two-factor/"
    else:
        assert response.status_code == 200
