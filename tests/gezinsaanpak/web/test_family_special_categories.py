"""Special categories (§4): a literacy or development concern only with a grant on the file.

Both directions, on the page, in the API and in the access-log line of each.
"""

import pytest

from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

LITERACY = "Moeder leest moeilijk"
DEVELOPMENT = "Praat nog weinig"
SPECIAL = {"caregiver.literacy_concern", "child.development_concern"}


@pytest.fixture
def family(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family, literacy_concern=LITERACY)
    ChildFactory(family=family, development_concern=DEVELOPMENT)
    access.families.grant(specialist, family, change=True)
    return family


def _read_line(user, family):
    return AccessEvent.objects.filter(actor_id=user.pk, action="read", family_id=family.pk).get()


@pytest.mark.django_db
def test_coordinator_without_grant_does_not_see_special_categories_nor_logs_them(
    coordinator, family
):
    content = client_for(coordinator).get(f"/families/{family.pk}/").content.decode()
    assert LITERACY not in content
    assert DEVELOPMENT not in content
    fields = set(_read_line(coordinator, family).fields)
    assert not SPECIAL & fields
    assert "family.notes" in fields  # every other field of the file


@pytest.mark.django_db
def test_coordinator_without_grant_gets_no_special_categories_from_the_api(coordinator, family):
    body = client_for(coordinator).get(f"/api/v1/families/{family.pk}/").json()
    assert "literacy_concern" not in body["caregivers"][0]
    assert "development_concern" not in body["children"][0]
    assert "notes" in body
    assert not SPECIAL & set(_read_line(coordinator, family).fields)


@pytest.mark.django_db
def test_coordinator_edit_form_hides_special_categories_without_grant(coordinator, family):
    content = client_for(coordinator).get(f"/families/{family.pk}/edit/").content.decode()
    assert LITERACY not in content
    assert "literacy_concern" not in content
    assert not SPECIAL & set(_read_line(coordinator, family).fields)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["grant", "owner"])
def test_coordinator_with_grant_or_as_owner_sees_special_categories(coordinator, family, how):
    if how == "grant":
        access.families.grant(coordinator, family)
    else:
        family.case_owner = coordinator
        family.save()
    content = client_for(coordinator).get(f"/families/{family.pk}/").content.decode()
    assert LITERACY in content
    assert DEVELOPMENT in content
    assert set(_read_line(coordinator, family).fields) >= SPECIAL
    body = client_for(coordinator).get(f"/api/v1/families/{family.pk}/").json()
    assert body["caregivers"][0]["literacy_concern"] == LITERACY
    assert body["children"][0]["development_concern"] == DEVELOPMENT


@pytest.mark.django_db
def test_specialist_with_grant_sees_special_categories_and_logs_them(other_specialist, family):
    access.families.grant(other_specialist, family)
    content = client_for(other_specialist).get(f"/families/{family.pk}/").content.decode()
    assert LITERACY in content
    assert DEVELOPMENT in content
    assert set(_read_line(other_specialist, family).fields) >= SPECIAL


@pytest.mark.django_db
def test_file_page_logs_exactly_the_fields_of_its_read_model(coordinator, family):
    client_for(coordinator).get(f"/families/{family.pk}/")
    fields = access.family_fields(coordinator, family)
    assert sorted(_read_line(coordinator, family).fields) == fields.qualified()


@pytest.mark.django_db
def test_coordinator_edit_without_grant_keeps_the_concerns_it_cannot_see(coordinator, family):
    from tests.gezinsaanpak.web.test_family_pages import registration

    caregiver, child = family.caregivers.get(), family.children.get()
    data = registration(
        family.municipality,
        **{
            "cg-INITIAL_FORMS": "1",
            "cg-0-id": str(caregiver.pk),
            "ch-INITIAL_FORMS": "1",
            "ch-0-id": str(child.pk),
        },
    )
    response = client_for(coordinator).post(f"/families/{family.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    caregiver.refresh_from_db()
    child.refresh_from_db()
    assert caregiver.literacy_concern == LITERACY
    assert child.development_concern == DEVELOPMENT
    reads = AccessEvent.objects.filter(actor_id=coordinator.pk, action="read")
    assert not reads.exists()  # the POST logs its writes only
