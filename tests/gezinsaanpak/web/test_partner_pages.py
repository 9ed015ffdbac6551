"""A partner's own login (/partner/): the referral form, its lists and reporting back."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role
from gezinsaanpak.api.partner_serializers import ReferralInSerializer
from gezinsaanpak.models import AccessEvent, Caregiver, Child, Family, Referral
from gezinsaanpak.services.referral_intake import referral_receive
from tests.conftest import api_for_client, client_for
from tests.factories import (
    FamilyFactory,
    LibraryFactory,
    PartnerOrganisationFactory,
    UserFactory,
    partner_client,
)
from tests.gezinsaanpak.api.referral_payloads import valid_referral, years_ago

NEW = "/partner/referrals/new/"


def form_body(library: Any, **changes: str) -> dict[str, str]:
    """The web form filled in with exactly what ``valid_referral`` sends to the API."""
    api = valid_referral(library)
    body = {
        "parent_consent": "yes",
        "municipality": str(library.municipalities.first().pk),
        "postcode": api["postcode"],
        "house_number": api["house_number"],
        "street": api["street"],
        "city": api["city"],
        "phone": api["phone"],
        "email": api["email"],
        "home_languages": api["home_languages"],
        "caregivers-TOTAL_FORMS": "2",
        "caregivers-INITIAL_FORMS": "0",
        "caregivers-0-given_name": "Fatima",
        "caregivers-0-family_name": "El Amrani",
        "caregivers-0-relation": "mother",
        "caregivers-0-legal_authority": "yes",
        # the empty second row as the browser sends it: preset choices, no names
        "caregivers-1-given_name": "",
        "caregivers-1-family_name": "",
        "caregivers-1-relation": "parent",
        "caregivers-1-legal_authority": "yes",
        "children-TOTAL_FORMS": "3",
        "children-INITIAL_FORMS": "0",
        "children-0-given_name": "Noor",
        "children-0-date_of_birth": api["children"][0]["date_of_birth"],
        "reason_code": api["reason_code"],
        "reason_text": api["reason_text"],
        "requested_programme": api["requested_programme"],
        "referrer_name": api["referrer_name"],
        "referrer_role": api["referrer_role"],
        "partner_reference": api["partner_reference"],
    }
    body.update(changes)
    return body


def via_api(client: Any, library: Any, **changes: Any) -> Referral:
    payload = ReferralInSerializer(data=valid_referral(library, **changes))
    payload.is_valid(raise_exception=True)
    return referral_receive(client=client, data=payload.validated_data)


REFERRAL_FIELDS = (
    "direction",
    "organisation_id",
    "partner_id",
    "status",
    "reason_code",
    "reason_text",
    "requested_programme",
    "referrer_name",
    "referrer_role",
    "partner_reference",
    "partner_has_consent",
    "payload",
)
FAMILY_FIELDS = (
    "organisation_id",
    "municipality_id",
    "status",
    "postcode",
    "house_number",
    "street",
    "city",
    "phone",
    "email",
    "home_languages",
)


def _values(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _members(family: Family) -> tuple[list[Any], list[Any]]:
    caregivers = [
        (c.given_name, c.family_name, c.relation, c.legal_authority, c.languages)
        for c in Caregiver.objects.filter(family=family)
    ]
    children = [(c.given_name, c.date_of_birth) for c in Child.objects.filter(family=family)]
    return caregivers, children


@pytest.fixture
def other_partner_user(other_partner_org):  # type: ignore[no-untyped-def]
    return UserFactory(organisation=other_partner_org, role=Role.PARTNER)


@pytest.fixture
def outbound(library, partner_org, specialist):  # type: ignore[no-untyped-def]
    """A referral the library sent to the partner organisation (as to a Taalhuis)."""
    family = FamilyFactory(organisation=library, notes="Geheime casusnotitie")
    details = {
        "caregiver_given_name": "Amina",
        "caregiver_family_name": "Yilmaz",
        "phone": "+31 6 11112222",
        "email": "",
        "languages": ["tr"],
    }
    return Referral.objects.create(
        direction="out",
        organisation=library,
        partner=partner_org,
        family=family,
        via="web",
        reason_code="low_literacy_parent",
        reason_text="Moeder wil beter leren lezen.",
        payload=json.dumps(details),
        created_by=specialist,
    )


# The start page and the menu -------------------------------------------------------------


def test_partner_login_starts_on_its_own_page_with_only_partner_items(partner_user):
    client = client_for(partner_user)
    assert client.get("/").url == "/partner/"
    html = client.get("/partner/").content.decode()
    assert 'href="/partner/referrals/new/"' in html
    assert 'href="/partner/received/"' in html
    for staff_page in ("/families/", "/referrals/", "/boekstart/", "/caseload/"):
        assert f'href="{staff_page}"' not in html


def test_staff_have_no_partner_pages(coordinator, specialist):
    for user in (coordinator, specialist):
        assert client_for(user).get("/partner/").status_code == 404
        assert client_for(user).get(NEW).status_code == 404


# The referral form -----------------------------------------------------------------------


def test_form_creates_the_same_referral_as_the_api(
    partner_user, partner_client_a, library, coordinator
):
    response = client_for(partner_user).post(NEW, form_body(library))
    assert response.status_code == 302, response.content.decode()[:3000]
    web = Referral.objects.get(via="web")
    api = via_api(partner_client_a, library)
    assert response.url == f"/partner/referrals/{web.pk}/"
    assert _values(web, REFERRAL_FIELDS) == _values(api, REFERRAL_FIELDS)
    assert web.organisation == library and web.partner == partner_user.organisation
    assert web.created_by == partner_user and web.client is None
    assert api.client == partner_client_a and api.via == "api"
    assert _values(web.family, FAMILY_FIELDS) == _values(api.family, FAMILY_FIELDS)
    assert _members(web.family) == _members(api.family)
    # the API's duplicate check ran for the web referral too: the second one finds the first
    assert api.possible_duplicates == [str(web.family_id)]


def test_the_access_log_names_the_partner_user_in_the_librarys_chain(
    partner_user, partner_client_a, library
):
    client_for(partner_user).post(NEW, form_body(library))
    web = Referral.objects.get(via="web")
    api = via_api(partner_client_a, library)
    line = AccessEvent.objects.get(object_id=str(web.pk), action="share")
    api_line = AccessEvent.objects.get(object_id=str(api.pk), action="share")
    assert line.actor_id == partner_user.pk
    assert line.actor_label == partner_user.email
    assert line.role == Role.PARTNER
    assert line.organisation_id == library.pk
    assert line.on_behalf_of == partner_user.organisation.name
    assert line.fields == api_line.fields
    created = AccessEvent.objects.filter(action="create", family_id=web.family_id)
    assert {e.object_type for e in created} == {"family", "caregiver", "child"}
    assert all(e.actor_id == partner_user.pk for e in created)


def test_bad_fields_get_dutch_messages_and_nothing_is_stored(partner_user, library):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = form_body(
        library,
        postcode="12345",
        phone="123",
        **{"children-0-date_of_birth": tomorrow, "caregivers-0-family_name": ""},
    )
    response = client_for(partner_user).post(NEW, body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul een Nederlandse postcode in, zoals 1234 AB." in html
    assert "Vul een geldig telefoonnummer in, zoals 06 12345678." in html
    assert "De geboortedatum ligt in de toekomst." in html
    assert "Dit veld is verplicht." in html
    assert not Referral.objects.exists()
    assert not Family.objects.exists()


def test_the_consent_question_must_be_answered(partner_user, library):
    body = form_body(library)
    del body["parent_consent"]
    response = client_for(partner_user).post(NEW, body)
    assert response.status_code == 400
    assert "Geef aan of de ouders toestemming gaven." in response.content.decode()
    assert not Family.objects.exists()


def test_without_the_parents_agreement_nothing_is_sent(partner_user, library):
    response = client_for(partner_user).post(NEW, form_body(library, parent_consent="no"))
    assert response.status_code == 400
    assert "Stuur een verwijzing alleen als de ouders" in response.content.decode()
    assert not Family.objects.exists()
    assert not AccessEvent.objects.filter(action="create").exists()


def test_the_services_age_rule_is_the_apis_and_leaves_no_partial_family(partner_user, library):
    body = form_body(library, **{"children-0-date_of_birth": years_ago(7)})
    response = client_for(partner_user).post(NEW, body)
    assert response.status_code == 400
    assert "BoekStart is voor kinderen vanaf 0 tot 4 jaar." in response.content.decode()
    assert not Family.objects.exists() and not Caregiver.objects.exists()


def test_a_child_is_needed(partner_user, library):
    body = form_body(library, **{"children-0-given_name": "", "children-0-date_of_birth": ""})
    response = client_for(partner_user).post(NEW, body)
    assert response.status_code == 400
    assert not Family.objects.exists()


def test_the_form_offers_the_municipalities_libraries_serve(partner_user, library):
    html = client_for(partner_user).get(NEW).content.decode()
    assert library.municipalities.first().name in html
    assert 'name="caregivers-TOTAL_FORMS" value="2"' in html
    assert 'name="children-TOTAL_FORMS" value="3"' in html
    assert partner_user.name in html  # "your name" is filled in


def test_where_two_libraries_serve_a_municipality_the_partners_library_takes_it(
    partner_user, partner_org, library
):
    municipality = library.municipalities.first()
    other = LibraryFactory(municipalities=[municipality])
    partner_client(partner_org, other, client_id="jgz-other")
    client_for(partner_user).post(NEW, form_body(library))
    assert Referral.objects.get().organisation == other


def test_where_two_libraries_serve_it_and_none_is_agreed_the_form_says_so(partner_user, library):
    LibraryFactory(municipalities=[library.municipalities.first()])
    response = client_for(partner_user).post(NEW, form_body(library))
    assert response.status_code == 400
    assert not Referral.objects.exists()


# Sent referrals --------------------------------------------------------------------------


def test_list_shows_only_the_organisations_own_referrals(
    partner_user, partner_client_a, partner_client_b, library
):
    own = via_api(partner_client_a, library)  # sent by the organisation's software
    client_for(partner_user).post(NEW, form_body(library, partner_reference="WEB-1"))
    web = Referral.objects.get(via="web")
    theirs = via_api(partner_client_b, library, partner_reference="B-1")
    html = client_for(partner_user).get("/partner/referrals/").content.decode()
    assert str(own.pk) in html and str(web.pk) in html
    assert str(theirs.pk) not in html
    assert "El Amrani" not in html  # referral fields only, no names


def test_the_list_logs_what_it_shows(partner_user, partner_client_a, library):
    own = via_api(partner_client_a, library)
    client_for(partner_user).get("/partner/referrals/")
    line = AccessEvent.objects.get(object_id=str(own.pk), action="list")
    assert line.actor_id == partner_user.pk
    assert line.organisation_id == library.pk
    assert "referral.feedback" in line.fields
    assert "referral.reason_text" not in line.fields


def test_detail_shows_status_and_feedback_but_not_the_file(
    partner_user, partner_client_a, library, coordinator
):
    from gezinsaanpak.services.referrals import referral_handle

    referral = via_api(partner_client_a, library)
    family = Family.objects.get(pk=referral.family_id)
    family.notes = "Geheime casusnotitie"
    family.save()
    referral_handle(
        actor=coordinator, referral=referral, status="accepted", feedback="Welkom bij ons."
    )
    response = client_for(partner_user).get(f"/partner/referrals/{referral.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Welkom bij ons." in html
    assert "Aangenomen" in html
    assert "Geheime casusnotitie" not in html
    assert "El Amrani" not in html


def test_another_partners_referral_answers_404(
    partner_user, other_partner_user, partner_client_a, library, outbound
):
    referral = via_api(partner_client_a, library)
    other = client_for(other_partner_user)
    assert other.get(f"/partner/referrals/{referral.pk}/").status_code == 404
    assert other.get(f"/partner/received/{outbound.pk}/").status_code == 404
    assert other.get("/partner/referrals/00000000-0000-0000-0000-000000000000/").status_code == 404
    # and a received referral is not a sent one, nor the other way round
    own = client_for(partner_user)
    assert own.get(f"/partner/referrals/{outbound.pk}/").status_code == 404
    assert own.get(f"/partner/received/{referral.pk}/").status_code == 404


# Received referrals: reporting back ------------------------------------------------------


def test_received_referral_shows_who_to_contact(partner_user, outbound):
    html = client_for(partner_user).get(f"/partner/received/{outbound.pk}/").content.decode()
    assert "Amina Yilmaz" in html
    assert "Moeder wil beter leren lezen." in html
    assert "Geheime casusnotitie" not in html
    assert 'value="contact_made"' in html


def test_partner_reports_contact_made_through_the_apis_service(partner_user, outbound, library):
    response = client_for(partner_user).post(
        f"/partner/received/{outbound.pk}/report/",
        {"status": "contact_made", "feedback": "Intake gepland."},
    )
    assert response.status_code == 302
    outbound.refresh_from_db()
    assert outbound.status == Referral.Status.CONTACT_MADE
    assert outbound.partner_feedback == "Intake gepland."
    line = AccessEvent.objects.get(object_id=str(outbound.pk), action="update")
    assert line.actor_id == partner_user.pk
    assert line.organisation_id == library.pk
    assert line.details["status"] == "contact_made"
    assert line.fields == ["partner_feedback", "status"]


def test_reporting_a_status_that_cannot_follow_is_refused(partner_user, outbound):
    outbound.status = Referral.Status.DECLINED
    outbound.save()
    response = client_for(partner_user).post(
        f"/partner/received/{outbound.pk}/report/", {"status": "contact_made"}
    )
    assert response.status_code == 400
    outbound.refresh_from_db()
    assert outbound.status == Referral.Status.DECLINED


def test_report_back_works_only_for_received_referrals(
    partner_user, other_partner_user, partner_client_a, library, outbound
):
    sent = via_api(partner_client_a, library)
    own = client_for(partner_user)
    assert own.post(f"/partner/received/{sent.pk}/report/", {"status": "received"}).status_code == (
        404
    )
    other = client_for(other_partner_user)
    response = other.post(f"/partner/received/{outbound.pk}/report/", {"status": "contact_made"})
    assert response.status_code == 404
    outbound.refresh_from_db()
    sent.refresh_from_db()
    assert outbound.status == sent.status == Referral.Status.SUBMITTED


def test_received_list_shows_only_referrals_sent_to_the_organisation(
    partner_user, outbound, library, specialist
):
    elsewhere = Referral.objects.create(
        direction="out",
        organisation=library,
        partner=PartnerOrganisationFactory(),
        family=outbound.family,
        via="web",
        reason_code="other",
        payload="{}",
        created_by=specialist,
    )
    html = client_for(partner_user).get("/partner/received/").content.decode()
    assert str(outbound.pk) in html
    assert str(elsewhere.pk) not in html
    assert "Amina" not in html  # the list names no one; the page of one does


def test_the_api_client_still_reports_through_the_same_service(partner_client_a, outbound):
    api = api_for_client(partner_client_a)
    response = api.post(
        f"/api/v1/partner/received/{outbound.pk}/report/",
        json.dumps({"status": "received"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    line = AccessEvent.objects.get(object_id=str(outbound.pk), action="update")
    assert line.actor_kind == "api_client"
