"""Referral pages: the intake queue, handling, referring onward, the warm handover."""

from __future__ import annotations

import datetime

import pytest

from gezinsaanpak import access
from gezinsaanpak.api.partner_serializers import ReferralInSerializer
from gezinsaanpak.models import AccessEvent, Referral
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services.referral_intake import referral_receive
from tests.conftest import client_for
from tests.factories import CaregiverFactory, FamilyFactory
from tests.gezinsaanpak.api.referral_payloads import valid_referral


@pytest.fixture
def inbound(partner_client_a, library):  # type: ignore[no-untyped-def]
    payload = ReferralInSerializer(data=valid_referral(library))
    payload.is_valid(raise_exception=True)
    return referral_receive(client=partner_client_a, data=payload.validated_data)


@pytest.fixture
def family(library, specialist):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family, family_name="Bakker")
    access.families.grant(specialist, family, change=True)
    return family


def test_coordinator_sees_the_intake_queue_and_the_log_says_so(coordinator, inbound):
    page = client_for(coordinator).get("/referrals/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nieuwe verwijzingen van partners" in html
    assert "El Amrani" in html
    assert AccessEvent.objects.filter(
        actor_id=coordinator.pk, action="list", object_type="referral"
    ).exists()


def test_home_page_points_to_new_referrals(coordinator, inbound):
    html = client_for(coordinator).get("/").content.decode()
    assert "1 nieuwe verwijzing van een partner" in html


def test_accept_from_the_page(coordinator, inbound):
    response = client_for(coordinator).post(
        f"/referrals/{inbound.pk}/handle/", {"status": "accepted", "feedback": "Welkom"}
    )
    assert response.status_code == 302
    inbound.refresh_from_db()
    assert inbound.status == "accepted"
    assert inbound.family.status == "intake"


def test_decline_without_reason_shows_a_dutch_error(coordinator, inbound):
    response = client_for(coordinator).post(
        f"/referrals/{inbound.pk}/handle/", {"status": "declined"}
    )
    assert response.status_code == 400
    assert "Kies waarom de verwijzing is afgewezen." in response.content.decode()
    inbound.refresh_from_db()
    assert inbound.status == "submitted"


def test_duplicate_warning_on_the_referral(coordinator, partner_client_a, library, inbound):
    payload = ReferralInSerializer(data=valid_referral(library))
    payload.is_valid(raise_exception=True)
    second = referral_receive(client=partner_client_a, data=payload.validated_data)
    html = client_for(coordinator).get(f"/referrals/{second.pk}/").content.decode()
    assert "Mogelijk dubbel" in html
    assert f"/families/{inbound.family_id}/" in html


def test_referring_without_consent_says_what_is_missing(specialist, family, other_partner_org):
    response = client_for(specialist).post(
        f"/families/{family.pk}/refer/",
        {"partner": other_partner_org.pk, "reason_code": "low_literacy_parent"},
    )
    assert response.status_code == 200
    assert "Er is geen geldige toestemming" in response.content.decode()
    assert not Referral.objects.exists()


def test_referring_with_consent_and_checking_contact(specialist, family, other_partner_org):
    consent_services.consent_record(
        actor=specialist,
        family=family,
        given_by=family.caregivers.first(),
        purpose=Purpose.SHARE_WITH_PARTNER,
        partner=other_partner_org,
        text_version="1",
        method="written",
    )
    client = client_for(specialist)
    response = client.post(
        f"/families/{family.pk}/refer/",
        {"partner": other_partner_org.pk, "reason_code": "low_literacy_parent"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    detail = client.get(f"/families/{family.pk}/").content.decode()
    assert "Naar Taalhuis Test" in detail
    assert "Doorverwezen naar Taalhuis Test" in detail  # the timeline
    Referral.objects.filter(pk=referral.pk).update(contact_check_due_on=datetime.date.today())
    assert "Ga na of er contact was" in client.get("/referrals/").content.decode()
    response = client.post(f"/referrals/{referral.pk}/contact/", {"status": "contact_made"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "contact_made"


def test_referral_of_a_family_you_cannot_see_is_not_found(other_specialist, inbound):
    assert client_for(other_specialist).get(f"/referrals/{inbound.pk}/").status_code == 404


def test_outsider_cannot_refer_a_family(outsider, family, other_partner_org):
    response = client_for(outsider).get(f"/families/{family.pk}/refer/")
    assert response.status_code == 404
