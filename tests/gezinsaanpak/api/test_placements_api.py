"""``/api/v1/placements/``, its visits and ``/api/v1/volunteers/``: the page envelope,
every row across pages (no cut at 200), and a statement count that does not grow per row."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gezinsaanpak.models import AccessEvent, Placement, Visit
from tests.conftest import client_for
from tests.factories import CaregiverFactory, FamilyFactory, active_placement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _waiting(library, family, n: int) -> None:  # type: ignore[no-untyped-def]
    """``n`` placements in one statement: the list's paging does not care whose they are."""
    Placement.objects.bulk_create(
        Placement(organisation=library, family=family, sign_up_date=TODAY) for _ in range(n)
    )


def test_placements_list_pages_past_the_old_cap_of_200(coordinator, library):
    family = FamilyFactory(organisation=library)
    _waiting(library, family, 205)
    client = client_for(coordinator)
    first = client.get("/api/v1/placements/").json()
    assert first["count"] == 205 and len(first["results"]) == 50
    assert first["previous"] is None and "page=2" in first["next"]
    last = client.get("/api/v1/placements/?page=5").json()
    assert len(last["results"]) == 5 and last["next"] is None
    seen = set()
    for number in range(1, 6):
        seen |= {
            p["id"] for p in client.get(f"/api/v1/placements/?page={number}").json()["results"]
        }
    assert len(seen) == 205
    assert client.get("/api/v1/placements/?page=6").status_code == 404
    assert client.get("/api/v1/placements/?page=twee").status_code == 400


def test_placements_list_logs_one_line_per_placement_on_the_page(coordinator, library):
    family = FamilyFactory(organisation=library)
    _waiting(library, family, 55)
    client = client_for(coordinator)
    client.get("/api/v1/placements/?page=2")
    lines = AccessEvent.objects.filter(actor_id=coordinator.pk, action="list")
    assert lines.count() == 5
    assert {line.family_id for line in lines} == {family.pk}


def test_placements_list_runs_no_query_per_row(coordinator, library):
    families = [FamilyFactory(organisation=library) for _ in range(6)]
    for family in families:
        CaregiverFactory(family=family)
    client = client_for(coordinator)
    client.get("/api/v1/placements/")  # warm the session and the caches

    def statements(n: int) -> int:
        Placement.objects.all().delete()
        for family in families[:n]:
            _waiting(library, family, 1)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/placements/").status_code == 200
        return len(queries)

    assert statements(2) == statements(6)


def test_visits_list_pages_every_visit(coordinator, volunteer, library):
    family = FamilyFactory(organisation=library)
    placement = active_placement(coordinator, volunteer, family)
    Visit.objects.bulk_create(
        Visit(placement=placement, date=TODAY - datetime.timedelta(days=n), status="held")
        for n in range(55)
    )
    client = client_for(volunteer)
    url = f"/api/v1/placements/{placement.pk}/visits/"
    first = client.get(url).json()
    assert first["count"] == 55 and len(first["results"]) == 50
    assert first["results"][0]["date"] == TODAY.isoformat()
    assert len(client.get(f"{url}?page=2").json()["results"]) == 5


def test_volunteers_list_is_a_page_of_the_envelope(coordinator, volunteer, library):
    family = FamilyFactory(organisation=library)
    active_placement(coordinator, volunteer, family)
    body = client_for(coordinator).get("/api/v1/volunteers/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1 and body["results"][0]["user"] == str(volunteer.pk)
    own = client_for(volunteer).get("/api/v1/volunteers/").json()
    assert [p["user"] for p in own["results"]] == [str(volunteer.pk)]


def test_volunteer_gets_the_placement_fields_of_their_role(coordinator, volunteer, library):
    family = FamilyFactory(organisation=library)
    placement = active_placement(coordinator, volunteer, family)
    mine = client_for(volunteer).get(f"/api/v1/placements/{placement.pk}/").json()
    assert "sign_up_date" not in mine and "stop_reason" not in mine
    assert {"id", "kind", "status", "weekday", "visit_time", "family"} <= set(mine)
    theirs = client_for(coordinator).get(f"/api/v1/placements/{placement.pk}/").json()
    assert theirs["volunteer"] == str(volunteer.pk) and "sign_up_date" in theirs
