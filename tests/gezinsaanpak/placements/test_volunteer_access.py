"""A volunteer sees exactly the families of their active placements, pages and API alike,
and loses them on the very next request once the placement ends."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Role
from gezinsaanpak.models import AccessEvent, FamilyUserObjectPermission, Placement
from gezinsaanpak.services import placements as services
from tests.conftest import client_for
from tests.factories import (
    CaregiverFactory,
    ChildFactory,
    FamilyFactory,
    UserFactory,
    VolunteerProfileFactory,
    active_placement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def families(library):  # type: ignore[no-untyped-def]
    made = []
    for _ in range(3):
        family = FamilyFactory(organisation=library)
        CaregiverFactory(family=family, given_name="Amal", family_name="Haddou")
        ChildFactory(family=family, given_name="Rayan")
        made.append(family)
    return made


@pytest.fixture
def placed(coordinator, volunteer, families):  # type: ignore[no-untyped-def]
    """The volunteer is active with the first two families; the third has nobody."""
    return [active_placement(coordinator, volunteer, f) for f in families[:2]]


def test_volunteer_sees_exactly_the_families_of_their_active_placements(
    volunteer, placed, families
):
    client = client_for(volunteer)
    page = client.get("/my-families/").content.decode()
    for placement in placed:
        assert f"/my-families/{placement.pk}/" in page
    api = client.get("/api/v1/placements/").json()["results"]
    assert {p["family"]["id"] for p in api} == {str(f.pk) for f in families[:2]}
    family_api = client.get("/api/v1/families/").json()
    assert {f["id"] for f in family_api["results"]} == {str(f.pk) for f in families[:2]}
    assert client.get(f"/families/{families[2].pk}/").status_code == 404
    assert client.get(f"/api/v1/families/{families[2].pk}/").status_code == 404


def test_volunteer_gets_only_the_visit_field_set(volunteer, placed):
    client = client_for(volunteer)
    body = client.get(f"/api/v1/placements/{placed[0].pk}/").json()
    assert set(body["family"]) == {
        "id",
        "street",
        "house_number",
        "postcode",
        "city",
        "phone",
        "home_languages",
        "reading_languages",
        "caregivers",
        "children",
    }
    assert set(body["family"]["caregivers"][0]) == {"given_name", "languages"}
    assert set(body["family"]["children"][0]) == {"given_name"}
    family = client.get(f"/api/v1/families/{placed[0].family_id}/").json()
    assert "notes" not in family and "email" not in family
    page = client.get(f"/my-families/{placed[0].pk}/").content.decode()
    assert "Haddou" not in page and "Aantekening van de specialist" not in page
    assert "Amal" in page and "Rayan" in page


def test_volunteer_without_placement_sees_nothing(placed, library, families):
    other = UserFactory(organisation=library, role=Role.VOLUNTEER)
    client = client_for(other)
    assert client.get("/api/v1/placements/").json()["results"] == []
    assert client.get(f"/my-families/{placed[0].pk}/").status_code == 404
    assert client.get(f"/api/v1/placements/{placed[0].pk}/").status_code == 404
    assert client.get(f"/api/v1/placements/{placed[0].pk}/visits/").status_code == 404
    assert client.get(f"/families/{families[0].pk}/").status_code == 404


@pytest.mark.parametrize("how", ["complete", "stop", "reassign"])
def test_volunteer_loses_access_when_placement_ends(how, coordinator, volunteer, placed, library):
    placement = placed[0]
    client = client_for(volunteer)
    urls = [
        f"/my-families/{placement.pk}/",
        f"/api/v1/placements/{placement.pk}/",
        f"/api/v1/placements/{placement.pk}/visits/",
        f"/families/{placement.family_id}/",
        f"/api/v1/families/{placement.family_id}/",
    ]
    assert all(client.get(url).status_code == 200 for url in urls)
    if how == "complete":
        services.placement_complete(actor=coordinator, placement=placement)
    elif how == "stop":
        services.placement_stop(actor=coordinator, placement=placement, reason="moved")
    else:
        successor = VolunteerProfileFactory(user__organisation=library).user
        services.placement_reassign(actor=coordinator, placement=placement, volunteer=successor)
        assert client_for(successor).get(f"/my-families/{placement.pk}/").status_code == 200
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert client.post(f"/my-families/{placement.pk}/", {"status": "held"}).status_code == 404
    # The other placement is untouched.
    assert client.get(f"/my-families/{placed[1].pk}/").status_code == 200


def test_reads_are_logged_with_field_names_only(volunteer, placed):
    client_for(volunteer).get(f"/my-families/{placed[0].pk}/")
    line = AccessEvent.objects.filter(actor_id=volunteer.pk, action="read").latest("sequence")
    assert line.family_id == placed[0].family_id
    assert "caregiver.given_name" in line.fields and "Amal" not in str(line.fields)


def test_expire_access_revokes_grants_whose_placement_ended(volunteer, placed):
    # A placement ended behind the services' back (say, a data repair): the grant lingers.
    Placement.objects.filter(pk=placed[0].pk).update(status=Placement.Status.COMPLETED)
    grants = FamilyUserObjectPermission.objects.filter(user=volunteer)
    assert grants.filter(content_object_id=placed[0].family_id).exists()
    call_command("expire_access")
    assert not grants.filter(content_object_id=placed[0].family_id).exists()
    assert grants.filter(content_object_id=placed[1].family_id).exists()
    before = AccessEvent.objects.count()
    call_command("expire_access")  # idempotent
    assert AccessEvent.objects.count() == before
