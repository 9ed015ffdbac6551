"""Erasure in the pages and the API: confirmation (counts, never values), certificate, 404s."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from gezinsaanpak.models import AccessEvent, ErasureCertificate, Family
from gezinsaanpak.models.audit import Action
from tests.conftest import api_for_client, client_for
from tests.factories import FamilyFactory, UserFactory, partner_client

from .erasure_world import CANARIES, canary_world, erasure_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ledger_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.ERASURE_LEDGER_DIR = tmp_path / "ledger"


@pytest.fixture
def world(library, partner_org):  # type: ignore[no-untyped-def]
    return canary_world(library, partner_org)


def confirm_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("erasure_confirm", kwargs={"request_id": world.request.pk})


def api_erase(user, family_id, body):  # type: ignore[no-untyped-def]
    url = reverse("api:privacy-family-erase", kwargs={"pk": family_id})
    return client_for(user).post(url, body, content_type="application/json")


def no_canary_in(html: str) -> None:
    for value in CANARIES.values():
        assert value.lower() not in html.lower(), value


def test_confirmation_page_names_counts_never_values(world):  # type: ignore[no-untyped-def]
    response = client_for(world.officer).get(confirm_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(world.family.pk) in html
    assert "Verzorgers, met hun namen" in html  # a kind of record, in Dutch
    no_canary_in(html)
    line = AccessEvent.objects.filter(family_id=world.family.pk, action=Action.READ).latest("at")
    assert line.fields == ["family.id", "erasure.counts"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SPECIALIST, Role.VOLUNTEER, Role.COACH])
def test_confirmation_page_is_missing_for_everyone_else(world, role):  # type: ignore[no-untyped-def]
    user = UserFactory(organisation=world.family.organisation, role=role)
    assert client_for(user).get(confirm_url(world)).status_code == 404
    assert client_for(user).post(confirm_url(world), {"confirm": "on"}).status_code == 404
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ACTIVE


def test_another_organisations_privacy_officer_gets_404(world, other_library):  # type: ignore[no-untyped-def]
    officer = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    assert client_for(officer).get(confirm_url(world)).status_code == 404
    assert (
        api_erase(
            officer, world.family.pk, {"request": str(world.request.pk), "confirm": True}
        ).status_code
        == 404
    )


def test_without_the_tick_nothing_is_erased(world):  # type: ignore[no-untyped-def]
    response = client_for(world.officer).post(confirm_url(world), {})
    assert response.status_code == 200
    assert "Vink het vakje aan" in response.content.decode()
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ACTIVE


def test_erasing_leads_to_the_certificate(world):  # type: ignore[no-untyped-def]
    response = client_for(world.officer).post(confirm_url(world), {"confirm": "on"})
    certificate = ErasureCertificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "erasure_certificate", kwargs={"certificate_id": certificate.pk}
    )
    page = client_for(world.officer).get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and str(world.family.pk) in html
    assert str(world.request.pk) in html
    no_canary_in(html)
    listing = client_for(world.officer).get(reverse("erasure_list")).content.decode()
    assert str(certificate.pk) in listing
    again = client_for(world.officer).get(confirm_url(world)).content.decode()
    assert "al gewist" in again and str(certificate.pk) in again


def test_a_request_that_does_not_allow_erasure_says_why(world):  # type: ignore[no-untyped-def]
    world.request.identity_checked_on = None
    world.request.identity_method = ""
    world.request.save()
    html = client_for(world.officer).get(confirm_url(world)).content.decode()
    assert "Controleer wie het vraagt" in html
    assert 'name="confirm"' not in html
    response = client_for(world.officer).post(confirm_url(world), {"confirm": "on"})
    assert response.status_code == 200
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ACTIVE


def after_erasure_urls(world) -> list[tuple[object, str]]:  # type: ignore[no-untyped-def]
    family, placement = world.family.pk, world.placement.pk
    return [
        (world.coordinator, reverse("family_detail", kwargs={"family_id": family})),
        (world.owner, reverse("family_detail", kwargs={"family_id": family})),
        (world.coordinator, f"/api/v1/families/{family}/"),
        (world.owner, reverse("family_consent", kwargs={"family_id": family})),
        (world.coordinator, reverse("placement_detail", kwargs={"placement_id": placement})),
        (world.coordinator, f"/api/v1/placements/{placement}/"),
        (world.volunteer, reverse("volunteer_family", kwargs={"placement_id": placement})),
        (world.owner, reverse("referral_detail", kwargs={"referral_id": world.inbound.pk})),
        (world.coach, f"/api/v1/boekstart/contacts/{world.contact.pk}/"),
    ]


def test_the_file_answers_404_to_everyone_afterwards(world):  # type: ignore[no-untyped-def]
    urls = after_erasure_urls(world)
    before = [client_for(user).get(url).status_code for user, url in urls]
    assert all(code == 200 for code in before), before
    client = partner_client(world.inbound.partner, world.family.organisation)
    partner_api = f"/api/v1/partner/referrals/{world.inbound.pk}/"
    world.inbound.client = client
    world.inbound.save(update_fields=["client"])
    assert api_for_client(client).get(partner_api).status_code == 200
    client_for(world.officer).post(confirm_url(world), {"confirm": "on"})
    after = [client_for(user).get(url).status_code for user, url in urls]
    assert after == [404] * len(urls)
    assert api_for_client(client).get(partner_api).status_code == 404
    listing = client_for(world.coordinator).get(reverse("family_list")).content.decode()
    assert str(world.family.pk) not in listing


def test_api_erases_and_answers_with_the_certificate(world):  # type: ignore[no-untyped-def]
    body = {"request": str(world.request.pk), "confirm": True}
    response = api_erase(world.officer, world.family.pk, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["family_id"] == str(world.family.pk)
    assert data["request_id"] == str(world.request.pk)
    assert data["counts"]["removed"]["caregivers"] == 2
    assert data["counts"]["kept"]["children"] == 1
    no_canary_in(response.content.decode())
    again = api_erase(world.officer, world.family.pk, body)
    assert again.status_code == 404
    detail = client_for(world.officer).get(f"/api/v1/privacy/erasures/{data['id']}/")
    assert detail.status_code == 200 and detail.json()["id"] == data["id"]
    listing = client_for(world.officer).get("/api/v1/privacy/erasures/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == data["id"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SPECIALIST, Role.COACH, Role.VOLUNTEER])
def test_api_is_missing_for_everyone_else(world, role):  # type: ignore[no-untyped-def]
    user = UserFactory(organisation=world.family.organisation, role=role)
    body = {"request": str(world.request.pk), "confirm": True}
    assert api_erase(user, world.family.pk, body).status_code == 404
    assert client_for(user).get("/api/v1/privacy/erasures/").status_code == 404


def test_api_refuses_without_confirmation_or_with_a_wrong_request(world, library):  # type: ignore[no-untyped-def]
    family = world.family.pk
    missing = api_erase(world.officer, family, {"request": str(world.request.pk)})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["attr"] == "confirm"
    declined = api_erase(
        world.officer, family, {"request": str(world.request.pk), "confirm": False}
    )
    assert declined.status_code == 422
    other = erasure_request(world.officer, FamilyFactory(organisation=library))
    wrong = api_erase(world.officer, family, {"request": str(other.pk), "confirm": True})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["attr"] == "request"
    unknown = api_erase(
        world.officer, family, {"request": "6f1c1f3e-0000-4000-8000-000000000000", "confirm": True}
    )
    assert unknown.status_code == 422
    assert Family.objects.get(pk=family).status == Family.Status.ACTIVE


def test_api_says_503_when_the_ledger_cannot_be_written(world, settings, tmp_path):  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings.ERASURE_LEDGER_DIR = blocker / "ledger"
    body = {"request": str(world.request.pk), "confirm": True}
    client = Client(raise_request_exception=False)  # a 5xx is reported as an exception
    client.force_login(world.officer)
    url = reverse("api:privacy-family-erase", kwargs={"pk": world.family.pk})
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "ledger_unavailable"
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ACTIVE
    page = client_for(world.officer).post(confirm_url(world), {"confirm": "on"})
    assert page.status_code == 503 and "niets gewist" in page.content.decode()


def test_the_certificates_page_offers_the_open_erasure_requests(world):  # type: ignore[no-untyped-def]
    html = client_for(world.officer).get(reverse("erasure_list")).content.decode()
    assert confirm_url(world) in html and str(world.family.pk) in html
    no_canary_in(html)
    line = AccessEvent.objects.filter(object_type="data_subject_request").get()
    assert line.family_id == world.family.pk
    client_for(world.officer).post(confirm_url(world), {"confirm": "on"})
    world.request.status, world.request.outcome = "closed", "granted"
    world.request.closed_on = world.request.received_on
    world.request.save()
    html = client_for(world.officer).get(reverse("erasure_list")).content.decode()
    assert confirm_url(world) not in html
    assert "Er zijn geen open verzoeken" in html
