"""Issue 14, point 1: the privacy officer finds a family without seeing the file."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils.html import escape

from gezinsaanpak.models import AccessEvent
from gezinsaanpak.selectors.privacy_search import privacy_family_search
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

URL = "/privacy/families/search/"
API = "/api/v1/privacy/families/search/"
BIRTH = datetime.date(2022, 3, 25)


@pytest.fixture
def family(library):  # type: ignore[no-untyped-def]
    family = FamilyFactory(
        organisation=library,
        postcode="6461 AB",
        phone="+31612345678",
        street="Canarystraat",
        city="Canarystad",
        notes="Canary aantekening",
        closed_on=None,
    )
    CaregiverFactory(family=family, given_name="Ayşe", family_name="Canarynaam")
    CaregiverFactory(family=family, given_name="Mehmet", family_name="Canarynaam")
    ChildFactory(family=family, given_name="Elifcanary", date_of_birth=BIRTH)
    return family


@pytest.fixture
def elsewhere(other_library):  # type: ignore[no-untyped-def]
    """The same family name, postcode, phone and birth date in another organisation."""
    family = FamilyFactory(organisation=other_library, postcode="6461 AB", phone="+31612345678")
    CaregiverFactory(family=family, family_name="Canarynaam")
    ChildFactory(family=family, date_of_birth=BIRTH)
    return family


def api_search(user, kind, term):  # type: ignore[no-untyped-def]
    return client_for(user).post(API, {"kind": kind, "term": term}, content_type="application/json")


SEARCHES = [
    ("family_name", "canarynaam"),
    ("postcode", "6461ab"),
    ("phone", "06 12345678"),
    ("child_birth_date", "2022-03-25"),
]

CANARIES = ("Canarynaam", "Ayşe", "Mehmet", "Elifcanary", "6461", "Canarystraat", "Canarystad")


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "term"), SEARCHES)
def test_api_finds_by_each_kind_and_shows_no_contents(
    privacy_officer, family, elsewhere, kind, term
):  # type: ignore[no-untyped-def]
    response = api_search(privacy_officer, kind, term)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == [
        {
            "id": str(family.pk),
            "municipality_code": family.municipality.code,
            "municipality_name": family.municipality.name,
            "status": "active",
            "opened_on": family.opened_on.isoformat(),
            "closed_on": None,
            "caregiver_count": 2,
            "child_count": 1,
        }
    ]
    text = response.content.decode()
    for canary in (*CANARIES, "612345678", "Canary aantekening", "2022-03-25"):
        assert canary not in text
    assert str(elsewhere.pk) not in text


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "term"), SEARCHES)
def test_page_finds_by_each_kind_and_shows_no_contents(privacy_officer, family, kind, term):  # type: ignore[no-untyped-def]
    if kind == "child_birth_date":
        term = "25-03-2022"  # as a Dutch user types it
    response = client_for(privacy_officer).post(URL, {"kind": kind, "term": term})
    assert response.status_code == 200
    text = response.content.decode()
    assert str(family.pk) in text
    assert escape(family.municipality.name) in text  # 't Veld is &#x27;t Veld in HTML
    for canary in CANARIES:
        if canary.lower() not in term.lower():  # the form shows what the officer typed
            assert canary not in text


@pytest.mark.django_db
def test_nothing_found_in_another_organisation(outsider, elsewhere, library, privacy_officer):  # type: ignore[no-untyped-def]
    for kind, term in SEARCHES:
        assert (
            privacy_family_search(
                privacy_officer, kind, term if kind != "child_birth_date" else BIRTH
            )
            == []
        )


@pytest.mark.django_db
def test_others_get_404(coordinator, specialist, coach, volunteer, outsider, partner_user, family):  # type: ignore[no-untyped-def]
    for user in (coordinator, specialist, coach, volunteer, outsider, partner_user):
        assert client_for(user).get(URL).status_code == 404
        assert (
            client_for(user).post(URL, {"kind": "postcode", "term": "6461 AB"}).status_code == 404
        )
        assert api_search(user, "postcode", "6461 AB").status_code == 404
        assert api_search(user, "bogus", "").status_code == 404  # before the body is read
    assert not AccessEvent.objects.filter(family_id=family.pk, action="search").exists()


@pytest.mark.django_db
def test_bad_input(privacy_officer, family):  # type: ignore[no-untyped-def]
    assert api_search(privacy_officer, "given_name", "Ayşe").status_code == 400
    assert api_search(privacy_officer, "postcode", "not a postcode").status_code == 422
    assert api_search(privacy_officer, "child_birth_date", "25-03-2022").status_code == 422
    assert api_search(privacy_officer, "child_birth_date", "2022-02-30").status_code == 422
    assert api_search(privacy_officer, "child_birth_date", "2999-01-01").status_code == 422
    page = client_for(privacy_officer).post(URL, {"kind": "child_birth_date", "term": "gisteren"})
    assert page.status_code == 200
    assert "25-03-2021" in page.content.decode()  # the error shows an example
    assert not AccessEvent.objects.filter(action="search").exists()


@pytest.mark.django_db
def test_search_is_logged_without_the_term(privacy_officer, family, elsewhere):  # type: ignore[no-untyped-def]
    api_search(privacy_officer, "family_name", "Canarynaam")
    lines = list(AccessEvent.objects.filter(action="search").order_by("sequence"))
    assert [(line.object_type, line.family_id) for line in lines] == [
        ("privacy_family_search", None),
        ("family", family.pk),
    ]
    search, found = lines
    assert search.details == {"kind": "family_name", "found": 1}
    assert search.actor_id == privacy_officer.pk
    assert search.fields == []
    assert found.object_id == str(family.pk)
    assert found.details == {"via": "privacy_search"}
    assert found.fields == [
        "family.id",
        "family.municipality",
        "family.status",
        "family.opened_on",
        "family.closed_on",
        "family.caregiver_count",
        "family.child_count",
    ]
    stored = json.dumps(
        list(AccessEvent.objects.values("fields", "details", "object_id", "reason", "actor_label")),
        default=str,
    ).lower()
    assert "canary" not in stored


@pytest.mark.django_db
def test_a_search_finding_nothing_is_logged_too(privacy_officer):  # type: ignore[no-untyped-def]
    client_for(privacy_officer).post(URL, {"kind": "postcode", "term": "1234 AB"})
    line = AccessEvent.objects.get(action="search")
    assert line.details == {"kind": "postcode", "found": 0}
    assert "1234" not in json.dumps(line.details)
