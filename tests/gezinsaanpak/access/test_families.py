"""Who sees which family: the organisation boundary, grants, roles and the 404 rule."""

import pytest
from django.http import Http404

from gezinsaanpak import access
from gezinsaanpak.models import FamilyUserObjectPermission
from tests.factories import FamilyFactory


@pytest.fixture
def family(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant(specialist, family, change=True)
    return family


@pytest.mark.django_db
def test_coordinator_sees_every_family_of_the_organisation_only(coordinator, family, outsider):
    elsewhere = FamilyFactory(organisation=outsider.organisation)
    visible = set(access.families_visible_to(coordinator))
    assert family in visible
    assert elsewhere not in visible


@pytest.mark.django_db
def test_specialist_sees_only_granted_families(specialist, other_specialist, family, library):
    ungranted = FamilyFactory(organisation=library)
    assert list(access.families_visible_to(specialist)) == [family]
    assert list(access.families_visible_to(other_specialist)) == []
    assert ungranted not in access.families_visible_to(specialist)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["privacy_officer", "partner_user", "outsider", "volunteer"])
def test_roles_without_grants_see_no_family(request, persona, family):
    user = request.getfixturevalue(persona)
    assert list(access.families_visible_to(user)) == []
    with pytest.raises(Http404):
        access.family_for(user, family.pk)


@pytest.mark.django_db
def test_forbidden_and_missing_raise_the_same_404(other_specialist, family):
    import uuid

    for family_id in (family.pk, uuid.uuid4(), "geen-uuid"):
        with pytest.raises(Http404):
            access.family_for(other_specialist, family_id)


@pytest.mark.django_db
def test_grant_is_stored_in_the_direct_foreign_key_table(specialist, family):
    rows = FamilyUserObjectPermission.objects.filter(user=specialist, content_object=family)
    assert {row.permission.codename for row in rows} == {"view_family", "change_family"}


@pytest.mark.django_db
def test_revoked_grant_takes_effect_at_once(specialist, family):
    assert access.family_for(specialist, family.pk) == family
    access.families.revoke(specialist, family)
    with pytest.raises(Http404):
        access.family_for(specialist, family.pk)


@pytest.mark.django_db
def test_a_grant_never_crosses_the_organisation_boundary(outsider, family):
    with pytest.raises(ValueError, match="organisation boundary"):
        access.families.grant(outsider, family)


@pytest.mark.django_db
def test_a_model_level_permission_shows_nothing(other_specialist, family):
    from django.contrib.auth.models import Permission

    other_specialist.user_permissions.add(Permission.objects.get(codename="view_family"))
    assert list(access.families_visible_to(other_specialist)) == []


@pytest.mark.django_db
def test_volunteer_field_set_is_the_visit_set(volunteer, family):
    access.families.grant(volunteer, family)
    fields = access.family_fields(volunteer, family)
    assert fields.family.names == {
        "postcode",
        "house_number",
        "street",
        "city",
        "phone",
        "home_languages",
        "reading_languages",
    }
    assert fields.caregiver.names == {"given_name", "languages"}
    assert fields.child.names == {"given_name"}
    assert "notes" not in fields.family


@pytest.mark.django_db
def test_concerns_are_for_case_workers_with_a_grant_only(coach, volunteer, specialist, family):
    assert "literacy_concern" in access.family_fields(specialist, family).caregiver
    assert "development_concern" in access.family_fields(specialist, family).child
    for user in (coach, volunteer):
        access.families.grant(user, family)
        assert "literacy_concern" not in access.family_fields(user, family).caregiver
        assert "development_concern" not in access.family_fields(user, family).child


@pytest.mark.django_db
def test_coordinator_sees_special_categories_only_as_owner_or_with_a_grant(
    coordinator, family, library
):
    owned = FamilyFactory(organisation=library, case_owner=coordinator)
    granted = FamilyFactory(organisation=library)
    access.families.grant(coordinator, granted)
    fields = access.family_fields_many(coordinator, [family, owned, granted])
    assert "literacy_concern" not in fields[family.pk].caregiver
    assert "development_concern" not in fields[family.pk].child
    assert "notes" in fields[family.pk].family  # every other field of the file
    for pk in (owned.pk, granted.pk):
        assert "literacy_concern" in fields[pk].caregiver
        assert "development_concern" in fields[pk].child


@pytest.mark.django_db
def test_who_can_receive_a_grant_is_one_rule(specialist, coach, volunteer, outsider, family):
    candidates = set(access.families.grant_candidates(family.organisation_id))
    assert {specialist, coach} <= candidates
    assert volunteer not in candidates
    assert access.families.may_receive_grant(coach, family)
    assert not access.families.may_receive_grant(volunteer, family)
    assert not access.families.may_receive_grant(outsider, family)
