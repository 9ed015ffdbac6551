"""``/api/v1/partner/webhook/``: a partner client registers, reads and removes its webhook."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accounts.models import User
from gezinsaanpak.models import WebhookDelivery, WebhookEndpoint
from gezinsaanpak.services import webhooks
from tests.conftest import api_for_client, client_for

URL = "/api/v1/partner/webhook/"
HOOK = "https://partner.example/hook"


def put(api: Client, body: object):  # type: ignore[no-untyped-def]
    return api.put(URL, json.dumps(body), content_type="application/json")


def test_registering_returns_the_secret_once(partner_client_a):
    api = api_for_client(partner_client_a)
    assert api.get(URL).json() == {
        "url": None,
        "events": [],
        "created_at": None,
        "updated_at": None,
        "secret": None,
    }
    created = put(api, {"url": HOOK})
    assert created.status_code == 200, created.content
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert WebhookEndpoint.objects.get(client=partner_client_a).secret == secret
    shown = api.get(URL).json()
    assert shown["url"] == HOOK
    assert shown["events"] == ["referral.updated"]
    assert shown["secret"] is None
    changed = put(api, {"url": HOOK + "/v2"}).json()
    assert changed["url"] == HOOK + "/v2"
    assert changed["secret"] is None  # the secret stays the same, and is not shown again


def test_a_new_secret_on_request(partner_client_a):
    api = api_for_client(partner_client_a)
    first = put(api, {"url": HOOK}).json()["secret"]
    second = put(api, {"url": HOOK, "new_secret": True}).json()["secret"]
    assert second and second != first
    assert WebhookEndpoint.objects.get().secret == second


def test_removing_the_webhook_drops_what_it_still_had_to_deliver(partner_client_a):
    api = api_for_client(partner_client_a)
    put(api, {"url": HOOK})
    endpoint = WebhookEndpoint.objects.get()
    WebhookDelivery.objects.create(endpoint=endpoint, event="referral.updated", payload="{}")
    assert api.delete(URL).status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert api.get(URL).json()["url"] is None
    assert api.delete(URL).status_code == 204  # nothing left to remove: still fine


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("http://partner.example/hook", 400),
        ("partner.example", 400),
        ("https://partner.example/" + "x" * 600, 400),
        ("https://localhost/hook", 422),
        ("https://10.0.0.8/hook", 422),
        # Outside printable ASCII: the schema's pattern refuses it (a 400, as schemathesis
        # expects); \x1d is whitespace to Python's \s but not to ECMA's.
        ("https://partner.example/\x1dhook", 400),
        ("https://partner.example/ü", 400),
        # Matches the pattern but is no valid address: a rule (422), not the schema.
        ("https://<partner>/hook", 422),
    ],
)
def test_only_https_addresses_on_the_internet(partner_client_a, url, status):
    response = put(api_for_client(partner_client_a), {"url": url})
    assert response.status_code == status, response.content
    assert response.json()["errors"][0]["attr"] == "url"
    assert url not in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_body_is_strict(partner_client_a):
    api = api_for_client(partner_client_a)
    assert put(api, {}).status_code == 400
    assert put(api, {"url": HOOK, "new_secret": "yes"}).status_code == 400
    response = api.put(URL, "url=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_a_read_only_token_may_look_but_not_change(partner_client_a):
    api = api_for_client(partner_client_a, scopes="referrals:read")
    assert api.get(URL).status_code == 200
    assert put(api, {"url": HOOK}).status_code == 403
    assert api.delete(URL).status_code == 403


def test_each_client_sees_only_its_own_webhook(partner_client_a, partner_client_b):
    put(api_for_client(partner_client_a), {"url": HOOK})
    assert api_for_client(partner_client_b).get(URL).json()["url"] is None
    api_for_client(partner_client_b).delete(URL)
    assert WebhookEndpoint.objects.filter(client=partner_client_a).exists()


def test_staff_sessions_do_not_open_it(coordinator):
    assert client_for(coordinator).get(URL).status_code in (401, 403)


@pytest.fixture
def admin_client(db) -> Client:  # type: ignore[no-untyped-def]
    admin = User.objects.create_superuser("beheer@example.org", "x")
    return client_for(admin)


def test_the_admin_registers_a_webhook_and_shows_the_secret_once(admin_client, partner_client_a):
    response = admin_client.post(
        "/admin/gezinsaanpak/webhookendpoint/add/",
        {"client": str(partner_client_a.pk), "url": HOOK},
    )
    assert response.status_code == 200, response.content
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    change = admin_client.get(f"/admin/gezinsaanpak/webhookendpoint/{endpoint.pk}/change/")
    assert endpoint.secret not in change.content.decode()


def test_the_admin_refuses_plain_http(admin_client, partner_client_a):
    response = admin_client.post(
        "/admin/gezinsaanpak/webhookendpoint/add/",
        {"client": str(partner_client_a.pk), "url": "http://partner.example/hook"},
    )
    assert response.status_code == 200
    assert not WebhookEndpoint.objects.exists()


def test_delivery_attempts_are_visible_but_read_only_in_the_admin(admin_client, partner_client_a):
    endpoint, _ = webhooks.webhook_set(client=partner_client_a, url=HOOK)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="referral.updated",
        payload='{"data":{}}',
        attempts=3,
        last_status_code=503,
    )
    listing = admin_client.get("/admin/gezinsaanpak/webhookdelivery/")
    assert listing.status_code == 200
    assert "503" in listing.content.decode()
    page = admin_client.get(f"/admin/gezinsaanpak/webhookdelivery/{delivery.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get("/admin/gezinsaanpak/webhookdelivery/add/").status_code == 403
    deleted = admin_client.post(f"/admin/gezinsaanpak/webhookdelivery/{delivery.pk}/delete/")
    assert deleted.status_code == 403
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()


def test_the_admin_edits_the_intake_and_contact_addresses(admin_client, partner_client_a):
    page = admin_client.get(f"/admin/accounts/partnerclient/{partner_client_a.pk}/change/")
    assert 'name="contact_email"' in page.content.decode()
    response = admin_client.post(
        f"/admin/accounts/partnerclient/{partner_client_a.pk}/change/",
        {"contact_email": "verwijzingen@jgz.example"},
    )
    assert response.status_code == 302, response.content
    partner_client_a.refresh_from_db()
    assert partner_client_a.contact_email == "verwijzingen@jgz.example"
    library_page = admin_client.get(
        f"/admin/accounts/organisation/{partner_client_a.library_id}/change/"
    )
    assert 'name="intake_email"' in library_page.content.decode()
