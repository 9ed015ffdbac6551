"""A write logs the write: one UPDATE line per object changed, and no READ line."""

import pytest

from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory


@pytest.fixture
def owned(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist, city="Kerkrade")
    CaregiverFactory(family=family)
    ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    return family


def _lines(family):
    return list(AccessEvent.objects.filter(family_id=family.pk).order_by("sequence"))


@pytest.mark.django_db
def test_a_patch_writes_exactly_one_update_line_and_no_read_line(specialist, owned):
    before = len(_lines(owned))
    response = client_for(specialist).patch(
        f"/api/v1/families/{owned.pk}/",
        {"city": "Brunssum", "notes": "Nieuw"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["city"] == "Brunssum"
    new = _lines(owned)[before:]
    assert [(line.action, line.object_type) for line in new] == [("update", "family")]
    assert sorted(new[0].fields) == ["city", "notes"]


@pytest.mark.django_db
def test_a_patch_that_changes_nothing_writes_no_line(specialist, owned):
    before = len(_lines(owned))
    client_for(specialist).patch(
        f"/api/v1/families/{owned.pk}/", {"city": "Kerkrade"}, content_type="application/json"
    )
    assert len(_lines(owned)) == before


@pytest.mark.django_db
def test_adding_a_caregiver_logs_its_create_only(specialist, owned):
    before = len(_lines(owned))
    response = client_for(specialist).post(
        f"/api/v1/families/{owned.pk}/caregivers/",
        {"given_name": "Ali", "family_name": "Demir", "relation": "father"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["family_name"] == "Demir"
    new = _lines(owned)[before:]
    assert [(line.action, line.object_type) for line in new] == [("create", "caregiver")]


@pytest.mark.django_db
def test_the_api_list_pages_past_fifty(coordinator, library):
    FamilyFactory.create_batch(53, organisation=library)
    client = client_for(coordinator)
    first = client.get("/api/v1/families/").json()
    assert first["count"] == 53
    assert len(first["results"]) == 50
    assert first["next"] is not None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 3
    ids = {item["id"] for item in first["results"] + second["results"]}
    assert len(ids) == 53
    assert client.get("/api/v1/families/?page=x").status_code == 400
    assert client.get("/api/v1/families/?page=9").status_code == 404


@pytest.mark.django_db
def test_the_api_search_pages_past_fifty(coordinator, library):
    FamilyFactory.create_batch(52, organisation=library, postcode="6461 AB")
    client = client_for(coordinator)
    search = {"kind": "postcode", "term": "6461AB"}
    first = client.post("/api/v1/families/search/", search, content_type="application/json")
    body = first.json()
    assert body["count"] == 52
    assert len(body["results"]) == 50
    second = client.post(
        "/api/v1/families/search/?page=2", search, content_type="application/json"
    ).json()
    assert len(second["results"]) == 2
    assert AccessEvent.objects.filter(action="search").count() == 52
