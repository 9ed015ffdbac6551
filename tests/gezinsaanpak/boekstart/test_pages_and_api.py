import datetime

import pytest

from accounts.models import Role
from gezinsaanpak.models import AccessEvent, BoekStartSession, Contact, Family, Voucher
from gezinsaanpak.services import boekstart as services
from tests.conftest import client_for
from tests.factories import CaregiverFactory, FamilyFactory, LocationFactory, UserFactory

TODAY = datetime.date.today()


@pytest.fixture
def location(library):
    return LocationFactory(organisation=library, name="Consultatiebureau Centrum")


def session_post(location, **overrides):
    data = {
        "date": TODAY.isoformat(),
        "location": str(location.pk),
        "conversations": "8",
        "topic_reading_aloud": "5",
        "topic_multilingual": "2",
        "vouchers_handed_out": "2",
        "koffertjes": "1",
        "invited_to_library": "3",
        "voucher_numbers": "BS-10, BS-11",
    }
    return {**data, **overrides}


def contact_post(library, **overrides):
    data = {
        "given_name": "Ewa",
        "family_name": "Nowak",
        "relation": "mother",
        "phone": "06 11223344",
        "municipality": str(library.municipalities.first().pk),
        "postcode": "6461 ab",
        "house_number": "3",
        "languages": ["pl"],
        "child_given_name": "Zofia",
        "consent": "on",
    }
    return {**data, **overrides}


def test_coach_logs_a_session_in_one_submit(coach, location):
    client = client_for(coach)
    response = client.post("/boekstart/sessions/new/", session_post(location))
    assert response.status_code == 302 and response["Location"] == "/boekstart/"
    session = BoekStartSession.objects.get()
    assert (session.conversations, session.topic_reading_aloud, session.coach) == (8, 5, coach)
    assert sorted(Voucher.objects.values_list("number", flat=True)) == ["BS-10", "BS-11"]
    page = client.get("/boekstart/").content.decode()
    assert "Consultatiebureau Centrum" in page


def test_session_errors_are_dutch_and_nothing_is_saved(coach, location):
    client = client_for(coach)
    response = client.post(
        "/boekstart/sessions/new/",
        session_post(location, conversations="1", voucher_numbers=""),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    assert "Dit is meer dan het aantal gesprekken." in response.content.decode()
    assert not BoekStartSession.objects.exists()


def test_coach_registers_a_follow_up_contact_with_duplicate_warning(coach, library):
    existing = FamilyFactory(organisation=library, postcode="6461AB", house_number="3")
    CaregiverFactory(family=existing)
    client = client_for(coach)
    first = client.post(
        "/boekstart/contacts/new/", contact_post(library), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert first.status_code == 200
    assert "Dit gezin staat misschien al ingeschreven" in first.content.decode()
    assert str(existing.pk) not in first.content.decode()  # not visible: not named
    confirmed = client.post(
        "/boekstart/contacts/new/", contact_post(library, confirm_not_duplicate="on")
    )
    contact = Contact.objects.get()
    assert confirmed["Location"] == f"/families/{contact.family_id}/"
    assert contact.family.status == Family.Status.REFERRED
    assert client.get(confirmed["Location"]).status_code == 200
    home = client.get("/boekstart/").content.decode()
    assert "Ewa Nowak" in home
    assert client.get(f"/families/{existing.pk}/").status_code == 404


def test_contact_without_consent_is_refused(coach, library):
    response = client_for(coach).post(
        "/boekstart/contacts/new/", contact_post(library, consent=""), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200 and not Family.objects.exists()


def test_handover_from_the_coach_page_shows_for_the_coordinator(coach, coordinator, library):
    contact = services.contact_register(
        actor=coach,
        data={
            "given_name": "Ewa",
            "family_name": "Nowak",
            "phone": "+31611223344",
            "municipality": library.municipalities.first(),
        },
    )
    response = client_for(coach).post(f"/boekstart/contacts/{contact.pk}/handover/")
    assert response.status_code == 302
    overview = client_for(coordinator).get("/boekstart/").content.decode()
    assert f"/families/{contact.family_id}/" in overview
    timeline = client_for(coordinator).get(f"/families/{contact.family_id}/")
    assert (
        "De BoekStart-coach heeft het gezin overgedragen aan de bibliotheek"
        in timeline.content.decode()
    )


def test_coordinator_manages_locations_and_vouchers(coordinator, library, location):
    client = client_for(coordinator)
    response = client.post(
        "/boekstart/locations/",
        {
            "name": "Consultatiebureau Oost",
            "municipality": str(library.municipalities.first().pk),
            "active": "on",
        },
    )
    assert response.status_code == 302
    issued = client.post(
        "/boekstart/vouchers/",
        {
            "form": "issue",
            "location": str(location.pk),
            "issued_on": TODAY.isoformat(),
            "voucher_numbers": "A1 A2 A3",
        },
    )
    assert issued.status_code == 302 and Voucher.objects.count() == 3
    redeemed = client.post("/boekstart/vouchers/", {"form": "redeem", "number": "a2"})
    assert redeemed.status_code == 302
    again = client.post(
        "/boekstart/vouchers/", {"form": "redeem", "number": "A2"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert "Deze waardebon is al ingeleverd." in again.content.decode()
    overview = client.get("/boekstart/").content.decode()
    assert "33%" in overview


def test_api_session_create_and_errors(coach, coordinator, location):
    client = client_for(coach)
    body = {"location": str(location.pk), "conversations": 4, "topic_media": 2}
    created = client.post("/api/v1/boekstart/sessions/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["topic_media"] == 2
    bad = client.post(
        "/api/v1/boekstart/sessions/", {**body, "topic_media": 9}, content_type="application/json"
    )
    assert bad.status_code == 422  # more topics than conversations: a rule
    assert bad.json()["errors"][0]["attr"] == "topic_media"
    for wrong_type in ({"conversations": "4"}, {"conversations": 4.0}, {"conversations": True}):
        typed = client.post(
            "/api/v1/boekstart/sessions/", {**body, **wrong_type}, content_type="application/json"
        )
        assert typed.status_code == 400, wrong_type  # a number is a JSON number, strictly
        assert typed.json()["errors"][0]["attr"] == "conversations"
    too_many = client.post(
        "/api/v1/boekstart/sessions/",
        {**body, "voucher_numbers": [str(n) for n in range(201)]},
        content_type="application/json",
    )
    assert too_many.status_code == 400
    twice = client.post(
        "/api/v1/boekstart/sessions/",
        {**body, "vouchers_handed_out": 2, "voucher_numbers": ["X", "X"]},
        content_type="application/json",
    )
    assert twice.status_code == 422 and twice.json()["errors"][0]["attr"] == "voucher_numbers"
    assert (
        client_for(coordinator)
        .post("/api/v1/boekstart/sessions/", body, content_type="application/json")
        .status_code
        == 404
    )
    listed = client_for(coordinator).get("/api/v1/boekstart/sessions/").json()
    assert listed["count"] == 1


def test_api_contacts_are_per_coach_and_logged(coach, library):
    other = UserFactory(organisation=library, role=Role.COACH)
    body = {
        "given_name": "Ewa",
        "family_name": "Nowak",
        "phone": "0611223344",
        "municipality": str(library.municipalities.first().pk),
        "postcode": "6461AB",
        "house_number": "3",
        "consent": True,
    }
    created = client_for(coach).post(
        "/api/v1/boekstart/contacts/", body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["parent"] == {"given_name": "Ewa", "family_name": "Nowak"}
    assert set(created.json()) == {
        *("id", "family", "session", "coach", "parent", "phone", "created_at", "handed_over_at")
    }
    assert client_for(other).get("/api/v1/boekstart/contacts/").json()["results"] == []
    contact_id = created.json()["id"]
    assert client_for(other).get(f"/api/v1/boekstart/contacts/{contact_id}/").status_code == 404
    listed = client_for(coach).get("/api/v1/boekstart/contacts/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == contact_id
    assert AccessEvent.objects.filter(actor_id=coach.pk, action="list").count() == 1
    no_consent = client_for(coach).post(
        "/api/v1/boekstart/contacts/", {**body, "consent": False}, content_type="application/json"
    )
    assert no_consent.status_code == 422 and no_consent.json()["errors"][0]["attr"] == "consent"
    duplicate = client_for(coach).post(
        "/api/v1/boekstart/contacts/", body, content_type="application/json"
    )
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["attr"] == "confirm_not_duplicate"
