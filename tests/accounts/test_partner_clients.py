"""Partner API clients: created in the admin (secret shown once), tokens, revocation."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken, Application

from accounts.models import PartnerClient, Role
from accounts.partner_clients import partner_client_revoke
from tests.factories import UserFactory, partner_client

TOKEN_URL = "/oauth/token/"


def get_token(client_id: str, secret: str, scope: str = "referrals:read referrals:write"):  # type: ignore[no-untyped-def]
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return Client().post(
        TOKEN_URL,
        {"grant_type": "client_credentials", "scope": scope},
        headers={"Authorization": f"Basic {basic}"},
    )


def test_admin_creates_a_client_and_shows_the_secret_once(library, partner_org):
    admin_user = UserFactory(
        organisation=library, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    browser = Client()
    browser.force_login(admin_user)
    response = browser.post(
        "/admin/accounts/partnerclient/add/",
        {"organisation": partner_org.pk, "library": library.pk},
    )
    assert response.status_code == 200
    client = PartnerClient.objects.get()
    secret = response.context["secret"]
    assert len(secret) > 30
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.application.client_secret != secret  # stored as a hash
    page = browser.get(f"/admin/accounts/partnerclient/{client.pk}/change/")
    assert secret not in page.content.decode()
    assert get_token(client.client_id, secret).status_code == 200


def test_token_endpoint_gives_a_short_lived_scoped_token(partner_client_a, library):
    response = get_token("jgz-test", "geheim-voor-tests", scope="referrals:read")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 600
    assert body["scope"] == "referrals:read"
    api = Client(headers={"Authorization": f"Bearer {body['access_token']}"})
    assert api.get("/api/v1/partner/referrals/").status_code == 200


def test_wrong_secret_gets_no_token(partner_client_a):
    assert get_token("jgz-test", "fout").status_code == 401


def test_unknown_scope_gets_no_token(partner_client_a):
    assert get_token("jgz-test", "geheim-voor-tests", scope="families:read").status_code == 400


def test_revoked_client_gets_no_new_token(partner_client_a):
    partner_client_revoke(client=partner_client_a)
    assert get_token("jgz-test", "geheim-voor-tests").status_code == 401


def test_revoking_removes_the_clients_tokens(partner_client_a):
    get_token("jgz-test", "geheim-voor-tests")
    assert AccessToken.objects.filter(application=partner_client_a.application).exists()
    partner_client_revoke(client=partner_client_a)
    assert not AccessToken.objects.filter(application=partner_client_a.application).exists()


def test_an_application_without_partner_client_gets_nowhere(db):
    Application.objects.create(
        client_id="los",
        client_secret="los-geheim",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    )
    assert get_token("los", "los-geheim").status_code == 401


def test_client_revokes_its_own_token(partner_client_a):
    token = get_token("jgz-test", "geheim-voor-tests").json()["access_token"]
    basic = base64.b64encode(b"jgz-test:geheim-voor-tests").decode()
    response = Client().post(
        "/oauth/revoke/", {"token": token}, headers={"Authorization": f"Basic {basic}"}
    )
    assert response.status_code == 200
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/v1/partner/referrals/").status_code == 401


def test_client_must_be_a_partner_for_a_library(library, partner_org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        partner_client(library, library)


def test_schema_publishes_the_client_credentials_flow(db):
    schema = Client().get("/api/v1/schema/?format=json").json()
    flow = schema["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/oauth/token/"
    assert set(flow["scopes"]) == {"referrals:read", "referrals:write"}
    create = schema["paths"]["/api/v1/partner/referrals/"]["post"]
    assert create["security"] == [{"oauth2": ["referrals:write"]}]
    listing = schema["paths"]["/api/v1/partner/referrals/"]["get"]
    assert listing["security"] == [{"oauth2": ["referrals:read"]}]
    families = schema["paths"]["/api/v1/families/"]["get"]
    assert {"oauth2": []} not in families.get("security", [])
    assert all("oauth2" not in s for s in families.get("security", []))
