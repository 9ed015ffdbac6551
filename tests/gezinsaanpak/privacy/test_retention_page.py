"""The privacy officer's page of the coming month's retention: counts, ids and dates only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from gezinsaanpak.models import AccessEvent
from tests.conftest import client_for
from tests.factories import UserFactory

from .retention_world import retention_world

pytestmark = pytest.mark.django_db
URL = "/privacy/retention/"


@pytest.fixture
def world(library, partner_org, coach, coordinator):  # type: ignore[no-untyped-def]
    return retention_world(library, partner_org, coach, coordinator)


def test_the_page_lists_the_files_due_this_month_with_dates_only(world, privacy_officer):  # type: ignore[no-untyped-def]
    assert reverse("retention") == URL
    response = client_for(privacy_officer).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    forecast = response.context["forecast"]
    assert [(r.rule, r.due_now, r.coming) for r in forecast.rules] == [
        ("declined", 1, 0),
        ("no_programme", 1, 0),
        ("closed", 1, 1),
    ]
    listed = {row.family_id: row for row in forecast.rows}
    assert set(listed) == {
        world.declined_long_ago.pk,
        world.idle_contact.pk,
        world.closed_long_ago.pk,
        world.closing_soon.pk,
    }
    assert not listed[world.closing_soon.pk].at_next_run
    assert "Bij de volgende ronde" in html and "Gesloten dossier" in html
    for family in (world.closed_long_ago, world.closing_soon):
        assert str(family.pk) in html
        assert family.street not in html and family.caregivers.first().family_name not in html
    logged = AccessEvent.objects.filter(object_type="retention", actor_id=privacy_officer.pk)
    assert {line.family_id for line in logged} == set(listed)
    assert all(
        line.fields == ["family.id", "retention.rule", "retention.due_on"] for line in logged
    )


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.SPECIALIST, Role.COACH, Role.VOLUNTEER, Role.PARTNER]
)
def test_the_page_is_missing_for_everyone_else(world, library, role):  # type: ignore[no-untyped-def]
    user = UserFactory(organisation=library, role=role)
    assert client_for(user).get(URL).status_code == 404


def test_another_organisation_sees_none_of_these_files(world, other_library):  # type: ignore[no-untyped-def]
    officer = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    response = client_for(officer).get(URL)
    assert response.status_code == 200
    assert response.context["forecast"].rows == []
    assert str(world.closed_long_ago.pk) not in response.content.decode()


def test_the_page_says_how_many_files_are_kept_for_a_restriction(world, privacy_officer):  # type: ignore[no-untyped-def]
    from gezinsaanpak.models import Family

    Family.objects.filter(pk=world.closed_long_ago.pk).update(restricted_processing=True)
    response = client_for(privacy_officer).get(URL)
    assert response.context["forecast"].restricted == 1
    assert "beperkte verwerking" in response.content.decode()
    assert str(world.closed_long_ago.pk) not in response.content.decode()
