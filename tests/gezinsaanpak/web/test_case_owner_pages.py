"""Choosing case owners on the pages, and the family list's filters and order."""

from __future__ import annotations

import datetime

import pytest

from accounts.models import Role
from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Family
from gezinsaanpak.selectors import families as selectors
from tests.conftest import client_for
from tests.factories import (
    CaregiverFactory,
    FamilyFactory,
    LibraryFactory,
    MunicipalityFactory,
    UserFactory,
)


@pytest.fixture
def owned(library, specialist) -> Family:  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family, family_name="Jansen")
    access.families.grant_case_owner(specialist, family)
    return family


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


@pytest.mark.django_db
def test_the_coordinator_changes_the_owner_on_the_file_page(
    coordinator, specialist, other_specialist, owned
):
    client = client_for(coordinator)
    page = _text(client.get(f"/families/{owned.pk}/"))
    assert f'action="/families/{owned.pk}/case-owner/"' in page
    assert other_specialist.name in page
    response = client.post(f"/families/{owned.pk}/case-owner/", {"owner": other_specialist.pk})
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.case_owner == other_specialist
    after = _text(client.get(f"/families/{owned.pk}/"))
    assert "De casushouder is gewijzigd." in after
    assert f"Casushouder gewijzigd van {specialist.name} naar {other_specialist.name}" in after


@pytest.mark.django_db
def test_a_wrong_owner_on_the_file_page_is_a_dutch_message(coordinator, coach, owned, specialist):
    client = client_for(coordinator)
    response = client.post(f"/families/{owned.pk}/case-owner/", {"owner": coach.pk}, follow=True)
    assert "Kies als casushouder een actieve specialist" in _text(response)
    response = client.post(f"/families/{owned.pk}/case-owner/", {"owner": "x"}, follow=True)
    assert response.status_code == 200
    owned.refresh_from_db()
    assert owned.case_owner == specialist


@pytest.mark.django_db
def test_the_case_owner_sees_no_owner_form_and_may_not_post_it(specialist, other_specialist, owned):
    client = client_for(specialist)
    assert "case-owner/" not in _text(client.get(f"/families/{owned.pk}/"))
    response = client.post(f"/families/{owned.pk}/case-owner/", {"owner": other_specialist.pk})
    assert response.status_code == 404
    assert client.post("/families/case-owner/", {"owner": other_specialist.pk}).status_code == 404


@pytest.mark.django_db
def test_bulk_from_the_family_list(coordinator, other_specialist, library, owned):
    unowned = FamilyFactory(organisation=library, case_owner=None)
    client = client_for(coordinator)
    page = _text(client.get("/families/?status=active"))
    assert 'action="/families/case-owner/"' in page
    assert f'name="families" value="{unowned.pk}"' in page
    assert 'name="back" value="/families/?status=active"' in page
    response = client.post(
        "/families/case-owner/",
        {
            "families": [owned.pk, unowned.pk],
            "owner": other_specialist.pk,
            "back": "/families/?status=active",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/families/?status=active"
    for family in (owned, unowned):
        family.refresh_from_db()
        assert family.case_owner == other_specialist
    assert "2 dossiers hebben nu" in _text(client.get(response["Location"]))


@pytest.mark.django_db
def test_bulk_with_a_file_of_another_organisation_is_a_404_and_changes_nothing(
    coordinator, other_specialist, specialist, other_library, owned
):
    foreign = FamilyFactory(organisation=other_library, case_owner=None)
    response = client_for(coordinator).post(
        "/families/case-owner/",
        {"families": [owned.pk, foreign.pk], "owner": other_specialist.pk},
    )
    assert response.status_code == 404
    owned.refresh_from_db()
    assert owned.case_owner == specialist


@pytest.mark.django_db
def test_bulk_without_files_or_with_bad_values_says_so(coordinator, other_specialist, owned):
    client = client_for(coordinator)
    nothing = client.post(
        "/families/case-owner/",
        {"owner": other_specialist.pk, "back": "https://elders.example/"},
        follow=True,
    )
    assert nothing.redirect_chain[-1][0] == "/families/"  # never back to another site
    assert "Kies minstens één dossier." in _text(nothing)
    garbage = client.post(
        "/families/case-owner/", {"families": ["nope"], "owner": "nope"}, follow=True
    )
    assert garbage.status_code == 200
    assert "Een van de gekozen dossiers is niet gevonden." in _text(garbage)


@pytest.mark.django_db
def test_the_caseload_links_its_numbers_and_hands_out_unowned_files(
    coordinator, specialist, other_specialist, library, owned
):
    unowned = FamilyFactory(organisation=library, case_owner=None, status="intake")
    FamilyFactory(
        organisation=library,
        case_owner=None,
        status="closed",
        closed_on=datetime.date.today(),
        close_reason="completed",
    )
    client = client_for(coordinator)
    page = _text(client.get("/caseload/"))
    assert f"/families/?case_owner={specialist.pk}&amp;status=active" in page
    assert f"/families/?case_owner={specialist.pk}&amp;status=open" in page
    assert "/families/?case_owner=none&amp;status=intake" in page
    assert f'name="families" value="{unowned.pk}"' in page
    assert page.count('name="families"') == 1  # the closed one is not offered
    listed = _text(client.get(f"/families/?case_owner={specialist.pk}&status=open"))
    assert str(owned.pk) in listed and str(unowned.pk) not in listed
    none = _text(client.get("/families/?case_owner=none&status=intake"))
    assert str(unowned.pk) in none and str(owned.pk) not in none
    response = client.post(
        "/families/case-owner/",
        {"families": [unowned.pk], "owner": other_specialist.pk, "back": "/caseload/"},
    )
    assert response["Location"] == "/caseload/"
    unowned.refresh_from_db()
    assert unowned.case_owner == other_specialist


@pytest.mark.django_db
def test_the_list_filters_by_municipality_and_keeps_filters_when_paging(coordinator):
    here, there = MunicipalityFactory(), MunicipalityFactory()
    library = LibraryFactory(municipalities=[here, there])
    boss = UserFactory(organisation=library, role=Role.COORDINATOR)
    FamilyFactory.create_batch(51, organisation=library, municipality=here)
    elsewhere = FamilyFactory(organisation=library, municipality=there)
    client = client_for(boss)
    first = _text(client.get(f"/families/?municipality={here.pk}"))
    assert str(elsewhere.pk) not in first
    assert f"?municipality={here.pk}&amp;page=2" in first
    second = _text(client.get(f"/families/?municipality={here.pk}&page=2"))
    assert "Pagina 2 van 2" in second and str(elsewhere.pk) not in second
    only_there = _text(client.get(f"/families/?municipality={there.pk}"))
    assert str(elsewhere.pk) in only_there


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "municipality=abc",
        "municipality=00000000-0000-0000-0000-000000000000",
        "case_owner=someone",
        "order=price",
        "status=gone",
    ],
)
def test_a_bad_filter_shows_the_list_with_a_dutch_message(coordinator, owned, query):
    response = client_for(coordinator).get(f"/families/?{query}")
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in _text(response)
    assert str(owned.pk) in _text(response)  # the list, without the bad filter


@pytest.mark.django_db
def test_a_specialist_gets_no_case_owner_filter(specialist, owned):
    page = _text(client_for(specialist).get("/families/?case_owner=none"))
    assert 'name="case_owner"' not in page
    assert 'name="order"' in page and 'name="families"' not in page
    assert str(owned.pk) in page  # an unknown parameter is not a filter for them


def _family(library, name: str, **kwargs) -> Family:  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, **kwargs)
    CaregiverFactory(family=family, family_name=name)
    return family


@pytest.mark.django_db
def test_the_name_sort_is_one_order_across_pages(coordinator, library):
    zwart = _family(library, "Zwart")
    bruin = _family(library, "de Bruin")
    alvarez = _family(library, "Álvarez")
    nameless = FamilyFactory(organisation=library)
    order = selectors.FamilyFilters(order="family_name")
    pages = [
        selectors.family_page(coordinator, filters=order, page=n, size=2, table=True)
        for n in (1, 2)
    ]
    ids = [r.pk for p in pages for r in p.records]
    assert ids == [alvarez.pk, bruin.pk, zwart.pk, nameless.pk]
    # Only the families shown are logged as read, not the ones sorted.
    lines = AccessEvent.objects.filter(actor_id=coordinator.pk, action="list")
    assert sorted(str(line.family_id) for line in lines) == sorted(str(i) for i in ids)
    page = _text(client_for(coordinator).get("/families/?order=family_name"))
    assert page.index("Álvarez") < page.index("de Bruin") < page.index("Zwart")


@pytest.mark.django_db
def test_the_status_sort_follows_the_files_course(coordinator, library):
    today = datetime.date.today()
    made = {
        status: _family(library, status, status=status, opened_on=today)
        for status in ("active", "referred", "intake")
    }
    made["closed"] = _family(
        library, "c", status="closed", opened_on=today, closed_on=today, close_reason="completed"
    )
    found = selectors.family_page(
        coordinator, filters=selectors.FamilyFilters(order="status"), table=True
    )
    order = [r.pk for r in found.records]
    assert order == [made[s].pk for s in ("referred", "intake", "active", "closed")]


@pytest.mark.django_db
def test_opened_date_sorts_both_ways(coordinator, library):
    old = _family(library, "Oud", opened_on=datetime.date(2024, 1, 1))
    new = _family(library, "Nieuw", opened_on=datetime.date(2025, 1, 1))
    for order, expected in (("newest", [new, old]), ("oldest", [old, new])):
        found = selectors.family_page(
            coordinator, filters=selectors.FamilyFilters(order=order), table=True
        )
        assert [r.pk for r in found.records] == [f.pk for f in expected]


@pytest.mark.django_db
def test_too_many_files_to_sort_by_name_shows_the_list_with_a_message(
    coordinator, library, monkeypatch
):
    monkeypatch.setattr(selectors, "NAME_SORT_MAX", 1)
    first = _family(library, "Bakker")
    _family(library, "Aalders")
    response = client_for(coordinator).get("/families/?order=family_name")
    assert response.status_code == 200
    assert "Sorteren op achternaam kan bij hoogstens 1 dossiers" in _text(response)
    assert str(first.pk) in _text(response)
