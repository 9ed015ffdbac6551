"""Family pages: a POST logs its write and no read; a list logs what its table shows."""

import pytest

from gezinsaanpak import access
from gezinsaanpak.access.fields import FAMILY_TABLE
from gezinsaanpak.models import AccessEvent
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory


@pytest.fixture
def owned(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family)
    ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    return family


CONFIRMED = {"confirmed": "yes"}


def _new_lines(family, before):
    return list(AccessEvent.objects.filter(family_id=family.pk).order_by("sequence"))[before:]


@pytest.mark.django_db
def test_status_change_logs_one_update_with_the_status_and_no_read(specialist, owned):
    before = AccessEvent.objects.filter(family_id=owned.pk).count()
    client_for(specialist).post(
        f"/families/{owned.pk}/status/",
        {"status": "closed", "close_reason": "moved", "confirmed": "yes"},
    )
    lines = _new_lines(owned, before)
    assert [(line.action, line.details) for line in lines] == [("update", {"status": "closed"})]


@pytest.mark.django_db
def test_grant_is_a_share_with_the_grantee_and_revocation_an_update(
    specialist, other_specialist, owned
):
    client = client_for(specialist)
    before = AccessEvent.objects.filter(family_id=owned.pk).count()
    client.post(
        f"/families/{owned.pk}/access/", {"colleague": str(other_specialist.pk), "may_change": "on"}
    )
    client.post(f"/families/{owned.pk}/access/{other_specialist.pk}/revoke/", CONFIRMED)
    lines = _new_lines(owned, before)
    assert [(line.action, line.details, line.reason) for line in lines] == [
        ("share", {"grantee": str(other_specialist.pk), "change": True}, ""),
        ("unshare", {"revoked": str(other_specialist.pk), "why": "revoked"}, ""),
    ]


@pytest.mark.django_db
def test_timeline_says_who_got_and_lost_access(specialist, other_specialist, owned):
    client = client_for(specialist)
    client.post(f"/families/{owned.pk}/access/", {"colleague": str(other_specialist.pk)})
    client.post(f"/families/{owned.pk}/access/{other_specialist.pk}/revoke/", CONFIRMED)
    content = client.get(f"/families/{owned.pk}/").content.decode()
    assert f"Toegang gegeven aan {other_specialist.name}" in content
    assert f"Toegang afgenomen van {other_specialist.name}" in content
    assert "grant:" not in content


@pytest.mark.django_db
def test_timeline_names_fields_by_their_dutch_labels(specialist, owned):
    from django.utils import translation

    from gezinsaanpak.audit import log
    from gezinsaanpak.selectors.timeline import family_timeline

    client_for(specialist).post(
        f"/families/{owned.pk}/status/",
        {"status": "closed", "close_reason": "moved", "confirmed": "yes"},
    )
    # Another aggregate's line on the file, with qualified field names.
    log.record(
        actor=specialist,
        action="update",
        object_type="placement",
        family_id=owned.pk,
        fields=["placement.status", "placement.end_date"],
    )
    with translation.override("nl"):
        texts = " ".join(item.text for item in family_timeline(owned))
    for raw in ("close_reason", "closed_on", "placement", "end_date"):
        assert raw not in texts
    assert "dossier" in texts


@pytest.mark.django_db
def test_list_page_logs_the_fields_its_table_shows(coordinator, library):
    family = FamilyFactory(organisation=library)
    CaregiverFactory(family=family)
    ChildFactory(family=family)
    client_for(coordinator).get("/families/")
    line = AccessEvent.objects.filter(action="list", family_id=family.pk).get()
    assert sorted(line.fields) == FAMILY_TABLE.qualified()
    assert "family.notes" not in line.fields


@pytest.mark.django_db
def test_list_page_pages_past_fifty(coordinator, library):
    FamilyFactory.create_batch(52, organisation=library)
    client = client_for(coordinator)
    client.get("/families/")
    assert AccessEvent.objects.filter(action="list").count() == 50
    content = client.get("/families/?page=2").content.decode()
    assert "Pagina 2 van 2" in content
    assert AccessEvent.objects.filter(action="list").count() == 52


@pytest.mark.django_db
def test_consent_page_logs_the_consents_it_shows(specialist, owned):
    client_for(specialist).get(f"/families/{owned.pk}/consent/")
    line = AccessEvent.objects.filter(action="read", family_id=owned.pk).get()
    assert "caregiver.given_name" in line.fields
