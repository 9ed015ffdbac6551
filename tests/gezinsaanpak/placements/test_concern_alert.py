"""A concern about a child cannot be missed: an alert at the top of every page of the
placement's coordinator until it is handled, naming the family and the volunteer; handling
needs a note of what was done, and the family's timeline says so."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import Role
from gezinsaanpak.models import AccessEvent, Concern
from gezinsaanpak.services import visits as visit_services
from tests.conftest import client_for
from tests.factories import CaregiverFactory, FamilyFactory, UserFactory, active_placement

pytestmark = pytest.mark.django_db

COORDINATOR_PAGES = (
    "/",
    "/families/",
    "/voorleesexpress/",
    "/voorleesexpress/waiting-list/",
    "/voorleesexpress/placements/",
    "/voorleesexpress/volunteers/",
    "/team/",
    "/accounts/profile/",
)


@pytest.fixture
def concern(coordinator, volunteer, library):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library)
    CaregiverFactory(family=family, given_name="Amal", family_name="Haddou")
    placement = active_placement(coordinator, volunteer, family)
    volunteer.name = "Vera Vrijwilliger"
    volunteer.save()
    return visit_services.concern_raise(actor=volunteer, placement=placement, text="Blauwe plek.")


def _alert(page: str) -> str:
    start = page.find('class="concern-alert"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


@pytest.mark.parametrize("path", COORDINATOR_PAGES)
def test_the_alert_names_family_and_volunteer_on_every_coordinator_page(coordinator, concern, path):
    page = client_for(coordinator).get(path).content.decode()
    alert = _alert(page)
    assert "Haddou" in alert
    assert "Vera Vrijwilliger" in alert
    assert f"/voorleesexpress/concerns/{concern.pk}/handled/" in alert
    assert page.index('class="concern-alert"') < page.index("<h1")


def test_the_alert_logs_the_fields_it_shows(coordinator, concern):
    client_for(coordinator).get("/families/")
    line = AccessEvent.objects.filter(actor_id=coordinator.pk, object_type="concern").latest("at")
    assert set(line.fields) == {"concern.raised_at", "concern.raised_by", "caregiver.family_name"}


def test_another_coordinator_of_a_placement_with_its_own_coordinator_sees_no_alert(
    library, concern
):
    colleague = UserFactory(organisation=library, role=Role.COORDINATOR)
    assert _alert(client_for(colleague).get("/").content.decode()) == ""


def test_the_volunteer_and_an_outsider_see_no_alert(volunteer, other_library, concern):
    outsider = UserFactory(organisation=other_library, role=Role.COORDINATOR)
    for user in (volunteer, outsider):
        assert _alert(client_for(user).get("/").content.decode()) == ""


def test_handling_without_a_note_is_refused_and_the_alert_stays(coordinator, concern):
    client = client_for(coordinator)
    url = f"/voorleesexpress/concerns/{concern.pk}/handled/"
    page = client.post(url, {"note": "  "})
    assert page.status_code == 200
    assert 'class="error-summary"' in page.content.decode()
    concern.refresh_from_db()
    assert concern.handled_at is None
    assert "Haddou" in _alert(client.get("/").content.decode())


def test_an_old_one_click_post_only_shows_the_confirmation_page(coordinator, concern):
    url = f"/voorleesexpress/concerns/{concern.pk}/handled/"
    page = client_for(coordinator).post(url)
    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()
    assert 'class="error-summary"' not in page.content.decode()
    concern.refresh_from_db()
    assert concern.handled_at is None


def test_handling_with_a_note_ends_the_alert_and_is_on_the_timeline(coordinator, concern):
    client = client_for(coordinator)
    url = f"/voorleesexpress/concerns/{concern.pk}/handled/"
    response = client.post(url, {"note": "Gebeld met school; gemeld bij Veilig Thuis."})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.handled_by == coordinator
    assert concern.handled_note == "Gebeld met school; gemeld bij Veilig Thuis."
    assert _alert(client.get("/").content.decode()) == ""
    family_page = client.get(f"/families/{concern.placement.family_id}/").content.decode()
    assert "heeft de zorg over een kind afgehandeld" in family_page


def test_the_note_is_stored_encrypted(coordinator, concern):
    visit_services.concern_handle(actor=coordinator, concern=concern, note="Geheime notitie")
    with connection.cursor() as cursor:
        table = Concern._meta.db_table
        cursor.execute(f"SELECT handled_note FROM {table} WHERE id = %s", [concern.pk.hex])  # noqa: S608
        stored = cursor.fetchone()[0]
    assert stored
    assert "Geheime" not in str(stored)
