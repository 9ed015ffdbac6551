"""``/api/v1/me/`` gives the id, ``/api/v1/team/`` the coordinator's team, and a coordinator
hands a file to a case owner with ``PATCH /api/v1/families/{id}/``."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import Role
from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Family
from tests.conftest import client_for
from tests.factories import FamilyFactory, UserFactory


@pytest.fixture
def owned(library, specialist) -> Family:  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant_case_owner(specialist, family)
    return family


def _patch(user, family: Family, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client_for(user).patch(
        f"/api/v1/families/{family.pk}/", body, content_type="application/json"
    )


@pytest.mark.django_db
def test_me_returns_the_users_id(specialist):
    body = client_for(specialist).get("/api/v1/me/").json()
    assert body["id"] == str(specialist.pk)


@pytest.mark.django_db
def test_the_team_lists_the_organisation_for_its_coordinator(
    coordinator, specialist, other_specialist, outsider, library
):
    gone = UserFactory(organisation=library, role=Role.SPECIALIST, is_active=False)
    body = client_for(coordinator).get("/api/v1/team/").json()
    members = {m["id"]: m for m in body["results"]}
    assert body["count"] == 4 and body["next"] is None
    assert str(outsider.pk) not in members
    assert members[str(specialist.pk)] == {
        "id": str(specialist.pk),
        "name": specialist.name,
        "role": "specialist",
        "active": True,
    }
    assert members[str(gone.pk)]["active"] is False
    names = [m["name"] for m in body["results"]]
    assert names == sorted(names)


@pytest.mark.django_db
def test_the_team_pages_like_other_lists(coordinator, library):
    UserFactory.create_batch(50, organisation=library, role=Role.VOLUNTEER)
    client = client_for(coordinator)
    first = client.get("/api/v1/team/").json()
    assert first["count"] == 51 and len(first["results"]) == 50
    assert client.get(first["next"]).json()["results"]
    assert client.get("/api/v1/team/?page=x").status_code == 400
    assert client.get("/api/v1/team/?page=9").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["specialist", "coach", "volunteer", "privacy_officer", "partner_user", "outsider"]
)
def test_the_team_is_not_found_for_anyone_else(request, persona):
    response = client_for(request.getfixturevalue(persona)).get("/api/v1/team/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_a_coordinator_hands_a_file_over(coordinator, specialist, other_specialist, owned):
    response = _patch(coordinator, owned, {"case_owner": str(other_specialist.pk)})
    assert response.status_code == 200, response.json()
    assert response.json()["case_owner"] == str(other_specialist.pk)
    owned.refresh_from_db()
    assert owned.case_owner == other_specialist
    assert access.families.may_change(other_specialist, owned)
    assert not access.families_visible_to(specialist).filter(pk=owned.pk).exists()
    line = AccessEvent.objects.get(action="update", family_id=owned.pk)
    assert line.fields == ["case_owner"]


@pytest.mark.django_db
def test_fields_and_owner_change_together(coordinator, other_specialist, owned):
    response = _patch(
        coordinator, owned, {"city": "Brunssum", "case_owner": str(other_specialist.pk)}
    )
    assert response.status_code == 200
    owned.refresh_from_db()
    assert (owned.city, owned.case_owner) == ("Brunssum", other_specialist)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "coach", "inactive", "nobody"])
def test_an_unsuitable_owner_is_a_422_with_a_clear_message(
    request, who, coordinator, specialist, library, owned
):
    if who == "inactive":
        owner_id = UserFactory(organisation=library, role=Role.SPECIALIST, is_active=False).pk
    elif who == "nobody":
        owner_id = uuid.uuid4()
    else:
        owner_id = request.getfixturevalue(who).pk
    response = _patch(coordinator, owned, {"city": "Brunssum", "case_owner": str(owner_id)})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["code"], error["attr"]) == ("rule", "case_owner")
    assert error["detail"] == (
        "Kies als casushouder een actieve specialist van uw eigen organisatie."
    )
    owned.refresh_from_db()
    assert owned.case_owner == specialist
    assert owned.city != "Brunssum"  # all of the change or none of it


@pytest.mark.django_db
def test_a_case_owner_that_is_not_a_uuid_is_a_400(coordinator, owned):
    response = _patch(coordinator, owned, {"case_owner": "12"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "case_owner"


@pytest.mark.django_db
def test_a_specialist_may_not_choose_the_case_owner(specialist, other_specialist, owned):
    response = _patch(specialist, owned, {"case_owner": str(other_specialist.pk)})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["code"], error["attr"]) == ("rule", "case_owner")
    assert "coördinator" in error["detail"]
    owned.refresh_from_db()
    assert owned.case_owner == specialist


@pytest.mark.django_db
def test_a_specialist_without_the_file_still_gets_404(other_specialist, specialist, owned):
    assert _patch(other_specialist, owned, {"case_owner": str(specialist.pk)}).status_code == 404


@pytest.mark.django_db
def test_the_schema_documents_case_owner_on_patch_only(client):
    schema = client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    assert schema["PatchedFamilyChangeRequest"]["properties"]["case_owner"]["format"] == "uuid"
    assert "case_owner" not in schema["FamilyWriteRequest"]["properties"]
    assert set(schema["TeamMember"]["properties"]) == {"id", "name", "role", "active"}
