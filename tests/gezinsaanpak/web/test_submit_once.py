"""A form that creates a record creates it once: a second tap on *Bezoek opslaan* (the
same form token sent again) saves nothing more and says so."""

from __future__ import annotations

import re
import uuid

import pytest
from django.utils import timezone

from gezinsaanpak.models import Concern, FormSubmission, Visit
from tests.conftest import client_for
from tests.factories import FamilyFactory, active_placement

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def placement(coordinator, volunteer, library):  # type: ignore[no-untyped-def]
    return active_placement(coordinator, volunteer, FamilyFactory(organisation=library))


def _token(page: str) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f-]{36})"', page)
    assert found, "the form carries no token"
    return found.group(1)


def test_a_double_submitted_visit_form_creates_one_visit(volunteer, placement):
    client = client_for(volunteer)
    url = f"/my-families/{placement.pk}/"
    token = _token(client.get(url).content.decode())
    data = {"status": "held", "date": TODAY, "minutes": "30", "books": "2", "form_token": token}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert Visit.objects.filter(placement=placement).count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "twice" in second.content.decode() or "twee keer" in second.content.decode()


def test_a_new_form_gets_a_new_token_so_a_second_visit_is_saved(volunteer, placement):
    client = client_for(volunteer)
    url = f"/my-families/{placement.pk}/"
    for day in (TODAY, TODAY):
        token = _token(client.get(url).content.decode())
        client.post(
            url, {"status": "held", "date": day, "minutes": "30", "books": "2", "form_token": token}
        )
    assert Visit.objects.filter(placement=placement).count() == 2


def test_a_form_with_errors_keeps_its_token_and_the_corrected_submit_saves(volunteer, placement):
    client = client_for(volunteer)
    url = f"/my-families/{placement.pk}/"
    token = str(uuid.uuid4())
    wrong = client.post(url, {"status": "", "date": TODAY, "form_token": token})
    assert wrong.status_code == 200
    assert _token(wrong.content.decode()) == token
    assert not FormSubmission.objects.filter(token=token).exists()
    client.post(
        url, {"status": "held", "date": TODAY, "minutes": "30", "books": "2", "form_token": token}
    )
    assert Visit.objects.filter(placement=placement).count() == 1


def test_a_double_submitted_concern_creates_one_concern(volunteer, placement):
    client = client_for(volunteer)
    url = f"/my-families/{placement.pk}/concern/"
    data = {
        "text": "Het kind had blauwe plekken.",
        "form_token": _token(client.get(url).content.decode()),
    }
    client.post(url, data)
    client.post(url, data)
    assert Concern.objects.filter(placement=placement).count() == 1


def test_someone_elses_token_creates_nothing_and_reveals_nothing(volunteer, coordinator, placement):
    url = f"/my-families/{placement.pk}/"
    data = {
        "status": "held",
        "date": TODAY,
        "minutes": "30",
        "books": "2",
        "form_token": str(uuid.uuid4()),
    }
    client_for(volunteer).post(url, data)
    FormSubmission.objects.update(user=coordinator)
    again = client_for(volunteer).post(url, data)
    assert again.status_code == 302 and again["Location"] == url
    assert Visit.objects.filter(placement=placement).count() == 1


def test_a_post_without_a_token_still_works(volunteer, placement):
    url = f"/my-families/{placement.pk}/"
    client_for(volunteer).post(
        url, {"status": "held", "date": TODAY, "minutes": "30", "books": "2"}
    )
    assert Visit.objects.filter(placement=placement).count() == 1
