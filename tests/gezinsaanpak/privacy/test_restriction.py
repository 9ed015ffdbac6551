"""Restricted processing (AVG art. 18): setting and lifting it, and every write it refuses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test import RequestFactory

from accounts.models import Role
from gezinsaanpak import access
from gezinsaanpak.models import Consent, Placement, ProcessingRestriction, Referral
from gezinsaanpak.models.audit import AccessEvent
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.services import boekstart as boekstart_services
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import families as family_services
from gezinsaanpak.services import family_access as access_services
from gezinsaanpak.services import placements as placement_services
from gezinsaanpak.services import referrals as referral_services
from gezinsaanpak.services import visits as visit_services
from gezinsaanpak.services.errors import ProcessingRestrictedError, ServiceError
from gezinsaanpak.services.restriction import family_restrict, family_unrestrict
from gezinsaanpak.web.restricted import ProcessingRestrictedMiddleware
from tests.conftest import api_for_client, client_for
from tests.factories import (
    CaregiverFactory,
    ChildFactory,
    FamilyFactory,
    UserFactory,
    active_placement,
)

pytestmark = pytest.mark.django_db

REASON = "Moeder betwist dat het adres klopt"


@pytest.fixture
def family(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family, given_name="Samira", family_name="Bakker")
    ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    return family


@pytest.fixture
def restricted(family, privacy_officer):
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    return family


def share_consent(actor, family, partner):
    return consent_services.consent_record(
        actor=actor,
        family=family,
        given_by=family.caregivers.first(),
        purpose=Purpose.SHARE_WITH_PARTNER,
        partner=partner,
        text_version="2026-1",
        method="written",
    )


# Setting and lifting ------------------------------------------------------------------------


def test_restrict_sets_the_flag_keeps_the_reason_sealed_and_logs(privacy_officer, family):
    restriction = family_restrict(actor=privacy_officer, family=family, reason=REASON)
    family.refresh_from_db()
    assert family.restricted_processing
    assert restriction.set_by == privacy_officer and restriction.is_open
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reason FROM gezinsaanpak_processingrestriction WHERE id = %s",
            [restriction.pk.hex if connection.vendor == "sqlite" else restriction.pk],
        )
        stored = cursor.fetchone()[0]
    assert "betwist" not in stored
    line = AccessEvent.objects.get(action="update", object_type="family", family_id=family.pk)
    assert "restricted_processing" in line.fields
    assert line.details["restriction"] == str(restriction.pk)
    assert "betwist" not in str(line.details)


def test_lift_needs_a_reason_and_the_history_keeps_both(privacy_officer, restricted):
    with pytest.raises(ValidationError) as refused:
        family_unrestrict(actor=privacy_officer, family=restricted, reason="  ")
    assert "lift_reason" in refused.value.message_dict
    restricted.refresh_from_db()
    assert restricted.restricted_processing
    family_unrestrict(actor=privacy_officer, family=restricted, reason="Adres is nagekeken")
    restricted.refresh_from_db()
    assert not restricted.restricted_processing
    restriction = ProcessingRestriction.objects.get(family=restricted)
    assert restriction.lifted_by == privacy_officer
    assert restriction.lift_reason == "Adres is nagekeken"
    family_restrict(actor=privacy_officer, family=restricted, reason="Opnieuw")
    assert ProcessingRestriction.objects.filter(family=restricted).count() == 2


def test_restrict_twice_or_lift_when_not_restricted_is_refused(privacy_officer, family):
    with pytest.raises(ServiceError):
        family_unrestrict(actor=privacy_officer, family=family, reason="x")
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    with pytest.raises(ServiceError):
        family_restrict(actor=privacy_officer, family=family, reason=REASON)


def test_a_flag_set_before_the_history_can_still_be_lifted(privacy_officer, family):
    family.restricted_processing = True
    family.save()
    family_unrestrict(actor=privacy_officer, family=family, reason="Opgeheven")
    family.refresh_from_db()
    assert not family.restricted_processing
    assert ProcessingRestriction.objects.get(family=family).lifted_at is not None


def test_only_the_organisations_privacy_officer_restricts(
    family, specialist, coordinator, other_library
):
    elsewhere = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    for person in (specialist, coordinator, elsewhere):
        with pytest.raises(Http404):
            family_restrict(actor=person, family=family, reason=REASON)
    family.refresh_from_db()
    assert not family.restricted_processing


def test_api_restrict_and_unrestrict(privacy_officer, family):
    client = client_for(privacy_officer)
    url = f"/api/v1/privacy/families/{family.pk}/"
    response = client.post(f"{url}restrict/", {"reason": REASON}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["family"] == str(family.pk)
    again = client.post(f"{url}restrict/", {"reason": REASON}, content_type="application/json")
    assert again.status_code == 422
    assert client.post(f"{url}unrestrict/", {}, content_type="application/json").status_code == 400
    blank = client.post(f"{url}unrestrict/", {"reason": "  "}, content_type="application/json")
    assert blank.status_code == 400
    lifted = client.post(f"{url}unrestrict/", {"reason": "Klaar"}, content_type="application/json")
    assert lifted.status_code == 200
    assert lifted.json()["lifted_by"] == str(privacy_officer.pk)


def test_api_restrict_is_404_for_others_and_a_foreign_request_is_422(
    privacy_officer, family, specialist, outsider, other_library
):
    url = f"/api/v1/privacy/families/{family.pk}/restrict/"
    for person in (specialist, outsider):
        response = client_for(person).post(url, {"reason": REASON}, content_type="application/json")
        assert response.status_code == 404
    elsewhere = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    foreign = (
        client_for(elsewhere)
        .post("/api/v1/privacy/requests/", {"kind": "restriction"}, content_type="application/json")
        .json()
    )
    body = {"reason": REASON, "request": foreign["id"]}
    response = client_for(privacy_officer).post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["attr"] == "request"


# What a restricted file refuses -------------------------------------------------------------


def test_api_patch_of_a_restricted_file_is_409(specialist, restricted):
    response = client_for(specialist).patch(
        f"/api/v1/families/{restricted.pk}/", {"city": "Brunssum"}, content_type="application/json"
    )
    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["code"] == "processing_restricted"
    assert "beperkt" in error["detail"]


def test_api_caregiver_and_child_writes_are_409(specialist, restricted):
    client = client_for(specialist)
    body = {"given_name": "Ali", "family_name": "Bakker", "relation": "father"}
    response = client.post(
        f"/api/v1/families/{restricted.pk}/caregivers/", body, content_type="application/json"
    )
    assert response.status_code == 409
    child = {"given_name": "Noor", "date_of_birth": "2023-04-01"}
    response = client.post(
        f"/api/v1/families/{restricted.pk}/children/", child, content_type="application/json"
    )
    assert response.status_code == 409


def test_consent_recording_is_409_but_withdrawal_stays_allowed(
    specialist, family, privacy_officer, partner_org
):
    consent = share_consent(specialist, family, partner_org)
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    client = client_for(specialist)
    body = {
        "given_by": str(family.caregivers.first().pk),
        "purpose": "follow_up_contact",
        "text_version": "v3",
        "method": "digital",
    }
    response = client.post(
        f"/api/v1/families/{family.pk}/consents/", body, content_type="application/json"
    )
    assert response.status_code == 409
    withdrawn = client.post(f"/api/v1/families/{family.pk}/consents/{consent.pk}/withdraw/")
    assert withdrawn.status_code == 200
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None


def test_referral_out_is_refused_with_the_restriction_message(
    specialist, family, privacy_officer, other_partner_org
):
    share_consent(specialist, family, other_partner_org)
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    with pytest.raises(ProcessingRestrictedError):
        referral_services.referral_send(
            actor=specialist, family=family, partner=other_partner_org, reason_code="other"
        )
    response = client_for(specialist).post(
        f"/families/{family.pk}/refer/",
        {"partner": str(other_partner_org.pk), "reason_code": "other"},
    )
    assert response.status_code == 200
    assert "beperkt" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_partner_report_on_a_restricted_file_is_409(
    specialist, family, privacy_officer, partner_org, partner_client_a
):
    share_consent(specialist, family, partner_org)
    referral = referral_services.referral_send(
        actor=specialist, family=family, partner=partner_org, reason_code="other"
    )
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    response = api_for_client(partner_client_a).post(
        f"/api/v1/partner/received/{referral.pk}/report/",
        {"status": "contact_made"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "processing_restricted"
    assert Referral.objects.get(pk=referral.pk).status == referral.status


def test_handling_an_inbound_referral_is_refused(coordinator, family, privacy_officer, partner_org):
    inbound = Referral.objects.create(
        direction="in",
        organisation=family.organisation,
        partner=partner_org,
        family=family,
        via="api",
        reason_code="other",
    )
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    with pytest.raises(ProcessingRestrictedError):
        referral_services.referral_handle(actor=coordinator, referral=inbound, status="accepted")


def test_sharing_the_file_with_a_colleague_is_refused(
    specialist, other_specialist, restricted, library
):
    with pytest.raises(ProcessingRestrictedError):
        access_services.family_grant_colleague(
            actor=specialist, family=restricted, colleague=other_specialist
        )
    response = client_for(specialist).post(
        f"/families/{restricted.pk}/access/", {"colleague": str(other_specialist.pk)}
    )
    assert response.status_code == 200
    assert "beperkt" in response.content.decode()
    assert not access.families.grantees(restricted).filter(pk=other_specialist.pk).exists()


def test_revoking_access_and_changing_the_case_owner_stay_allowed(
    specialist, other_specialist, family, privacy_officer, coordinator
):
    access_services.family_grant_colleague(
        actor=specialist, family=family, colleague=other_specialist
    )
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    access_services.family_revoke_colleague(
        actor=specialist, family=family, colleague_id=other_specialist.pk
    )
    access_services.family_assign_owner(actor=coordinator, family=family, owner=other_specialist)
    family.refresh_from_db()
    assert family.case_owner == other_specialist


def test_editing_on_the_page_shows_the_message_not_a_500(specialist, restricted):
    client = client_for(specialist)
    response = client.post(f"/families/{restricted.pk}/status/", {"status": "closed"})
    assert response.status_code < 500
    follow = client.get(f"/families/{restricted.pk}/")
    assert "beperkt" in follow.content.decode()
    with pytest.raises(ProcessingRestrictedError):
        family_services.family_update(actor=specialist, family=restricted, data={"city": "X"})


def test_placements_cannot_move_forward_but_can_be_stopped(
    coordinator, volunteer, family, privacy_officer
):
    placement = active_placement(coordinator, volunteer, family)
    family_restrict(actor=privacy_officer, family=family, reason=REASON)
    with pytest.raises(ProcessingRestrictedError):
        placement_services.placement_milestones(
            actor=coordinator,
            placement=placement,
            library_visit_on=datetime.date.today(),
            library_cards_on=None,
        )
    with pytest.raises(ProcessingRestrictedError):
        visit_services.visit_log(
            actor=volunteer, placement=placement, date=datetime.date.today(), status="held"
        )
    visit_services.concern_raise(actor=volunteer, placement=placement, text="Zorg om het kind")
    placement_services.placement_stop(actor=coordinator, placement=placement, reason="family")
    assert Placement.objects.get(pk=placement.pk).status == "stopped"
    other = FamilyFactory(organisation=family.organisation)
    family_restrict(actor=privacy_officer, family=other, reason=REASON)
    with pytest.raises(ProcessingRestrictedError):
        placement_services.placement_signup(actor=coordinator, family=other)


def test_a_restricted_file_cannot_be_linked_to_a_boekstart_contact(coach, restricted):
    access.families.grant(coach, restricted)
    with pytest.raises(ProcessingRestrictedError):
        boekstart_services.contact_register(
            actor=coach,
            data={"given_name": "Samira", "family_name": "Bakker"},
            family_id=restricted.pk,
        )


# The banner ---------------------------------------------------------------------------------


def test_the_file_shows_a_banner_to_staff_and_hides_the_refused_buttons(
    specialist, coach, restricted
):
    access.families.grant(coach, restricted)
    page = client_for(specialist).get(f"/families/{restricted.pk}/").content.decode()
    assert 'id="restricted-title"' in page
    assert f"/families/{restricted.pk}/edit/" not in page
    assert f"/families/{restricted.pk}/refer/" not in page
    assert f"/families/{restricted.pk}/consent/" in page
    coach_page = client_for(coach).get(f"/families/{restricted.pk}/").content.decode()
    assert 'id="restricted-title"' in coach_page


def test_the_timeline_tells_the_restriction_but_not_the_request_steps(privacy_officer, restricted):
    from gezinsaanpak.selectors.timeline import family_timeline
    from gezinsaanpak.services import subject_requests

    request = subject_requests.subject_request_create(
        actor=privacy_officer, data={"kind": "restriction"}, family_id=restricted.pk
    )
    subject_requests.subject_request_take(actor=privacy_officer, request=request)
    family_unrestrict(actor=privacy_officer, family=restricted, reason="Klaar")
    texts = [item.text for item in family_timeline(restricted)]
    assert "Verwerking beperkt (AVG art. 18)" in texts
    assert "Beperking van de verwerking opgeheven" in texts
    assert not any("handled" in text or "behandeld" in text for text in texts)


def test_no_banner_on_a_file_that_is_not_restricted(specialist, family):
    page = client_for(specialist).get(f"/families/{family.pk}/").content.decode()
    assert 'id="restricted-title"' not in page


def test_the_middleware_turns_a_refusal_no_page_caught_into_a_409(specialist):
    middleware = ProcessingRestrictedMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().get("/families/")
    request.user = specialist
    error = ProcessingRestrictedError("Verwerking beperkt.")
    response = middleware.process_exception(request, error)
    assert response is not None and response.status_code == 409
    assert "Verwerking beperkt." in response.content.decode()
    api = middleware.process_exception(RequestFactory().post("/api/v1/x/"), error)
    assert api is not None and api.status_code == 409
    assert b"processing_restricted" in api.content
    assert middleware.process_exception(request, ValueError("x")) is None
