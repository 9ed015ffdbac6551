"""Every action that cannot be undone or that takes access away asks first: a POST without
``confirmed=yes`` only shows the confirmation page (the page without JavaScript; with it
a <dialog> asks and adds the field), and changes nothing."""

from __future__ import annotations

import pytest

from gezinsaanpak import access
from gezinsaanpak.models import Consent, Placement
from gezinsaanpak.services import consent as consent_services
from tests.conftest import client_for
from tests.factories import CaregiverFactory, FamilyFactory, active_placement

pytestmark = pytest.mark.django_db
YES = {"confirmed": "yes"}


@pytest.fixture
def family(specialist, library):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant(specialist, family, change=True)
    return family


def _asks(response, action: str) -> None:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{action}"' in page
    assert 'name="confirmed" value="yes"' in page


def test_withdrawing_consent_asks_first(specialist, family):
    parent = CaregiverFactory(family=family, legal_authority=True)
    consent = consent_services.consent_record(
        actor=specialist,
        family=family,
        given_by=parent,
        purpose="ve_participation",
        text_version="2026-1",
        method="written",
    )
    url = f"/families/{family.pk}/consent/{consent.pk}/withdraw/"
    client = client_for(specialist)
    _asks(client.post(url), url)
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    assert client.post(url, YES).status_code == 302
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None


def test_taking_access_away_asks_first(specialist, other_specialist, family):
    access.families.grant(other_specialist, family)
    url = f"/families/{family.pk}/access/{other_specialist.pk}/revoke/"
    client = client_for(specialist)
    _asks(client.post(url), url)
    assert client_for(other_specialist).get(f"/families/{family.pk}/").status_code == 200
    client.post(url, YES)
    assert client_for(other_specialist).get(f"/families/{family.pk}/").status_code == 404


def test_closing_a_file_asks_first_and_keeps_the_reason(specialist, family):
    url = f"/families/{family.pk}/status/"
    client = client_for(specialist)
    response = client.post(url, {"status": "closed", "close_reason": "moved"})
    _asks(response, url)
    assert 'name="close_reason" value="moved"' in response.content.decode()
    family.refresh_from_db()
    assert family.status != "closed"
    client.post(url, {"status": "closed", "close_reason": "moved", **YES})
    family.refresh_from_db()
    assert family.status == "closed"


def test_a_status_change_that_loses_nothing_does_not_ask(specialist, family):
    family.status = "intake"
    family.save()
    response = client_for(specialist).post(f"/families/{family.pk}/status/", {"status": "active"})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.status == "active"


@pytest.mark.parametrize(("action", "ended"), [("stop", "stopped"), ("complete", "completed")])
def test_ending_a_placement_asks_first(coordinator, volunteer, library, action, ended):
    placement = active_placement(coordinator, volunteer, FamilyFactory(organisation=library))
    url = f"/voorleesexpress/placements/{placement.pk}/status/"
    data = {"action": action, "stop_reason": "moved"}
    client = client_for(coordinator)
    _asks(client.post(url, data), url)
    assert Placement.objects.get(pk=placement.pk).status == "active"
    client.post(url, {**data, **YES})
    assert Placement.objects.get(pk=placement.pk).status == ended


def test_the_confirmation_page_shows_no_family_data(specialist, family):
    CaregiverFactory(family=family, given_name="Zoë", family_name="Verborgen")
    page = client_for(specialist).post(
        f"/families/{family.pk}/status/", {"status": "closed", "close_reason": "moved"}
    )
    assert "Verborgen" not in page.content.decode()


def test_the_pages_mark_their_forms_for_the_dialog(specialist, family):
    page = client_for(specialist).get(f"/families/{family.pk}/").content.decode()
    assert 'data-confirm-if="status:closed"' in page
    assert '<dialog id="confirm-dialog"' in page
