import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Organisation, User
from gezinsaanpak.demo.accounts import DEMO_PASSWORD, USERS


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organisation.objects.count()) == counts


@pytest.mark.django_db
@pytest.mark.parametrize(("email", "role", "organisation"), USERS)
def test_every_demo_user_can_log_in_and_see_their_role(email, role, organisation):
    call_command("seed_demo")
    client = Client()
    response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email
    me = client.get("/api/v1/me/").json()
    assert me["role"] == role
    assert me["organisation"] == organisation.name


@pytest.mark.django_db
def test_demo_organisations_and_municipalities():
    call_command("seed_demo")
    library = Organisation.objects.get(name="Bibliotheek Demo")
    assert library.municipalities.count() == 2
    assert Organisation.objects.get(name="JGZ Demo").partner_type == "jgz"
    assert Organisation.objects.get(name="Taalhuis Demo").partner_type == "taalhuis"
    assert Organisation.objects.get(name="Bibliotheek Elders").kind == "library"


@pytest.mark.django_db
def test_demo_referrals_in_every_state_and_clients_with_the_published_secret():
    import base64

    from gezinsaanpak.demo.referrals import DEMO_CLIENT_SECRET
    from gezinsaanpak.models import Referral

    call_command("seed_demo")
    call_command("seed_demo")
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert Referral.objects.count() == 12
    for client_id in ("jgz-demo", "taalhuis-demo"):
        basic = base64.b64encode(f"{client_id}:{DEMO_CLIENT_SECRET}".encode()).decode()
        response = Client().post(
            "/oauth/token/",
            {"grant_type": "client_credentials", "scope": "referrals:read"},
            headers={"Authorization": f"Basic {basic}"},
        )
        assert response.status_code == 200, client_id
