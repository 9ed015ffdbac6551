"""Importing volunteers (accounts without a password, with their profile) and running
placements with the visits held so far, from the sample files."""

from __future__ import annotations

import datetime

import pytest

from accounts.models import Role, User
from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Placement, Visit, VolunteerProfile
from gezinsaanpak.services.import_run import import_confirm, import_preview, preview_data
from gezinsaanpak.tasks.runner import run_inline
from tests.factories import UserFactory
from tests.gezinsaanpak.imports.conftest import example

pytestmark = pytest.mark.django_db


def _import(actor, kind, name):  # type: ignore[no-untyped-def]
    checked = import_preview(actor=actor, kind=kind, name=name, data=example(name))
    assert checked.upload is not None, [r.messages for r in checked.preview.errors]
    return run_inline(import_confirm(actor=actor, upload_id=checked.upload.pk))


def test_volunteers_get_an_account_without_password_and_a_profile(coordinator):
    job = _import(coordinator, "volunteers", "vrijwilligers.xlsx")
    assert job.result == {"created": 4, "present": 0, "errors": 0}
    henk = User.objects.get(email="henk.bos@voorbeeld.nl")
    assert henk.role == Role.VOLUNTEER and henk.organisation == coordinator.organisation
    assert not henk.has_usable_password()
    profile = VolunteerProfile.objects.get(user=henk)
    assert profile.vog_issued_on == datetime.date(2024, 3, 1)
    assert profile.vog_checked_by == coordinator
    assert profile.area == "6461" and profile.capacity == 2 and profile.active
    lines = AccessEvent.objects.filter(object_type__in=["user", "volunteer_profile"])
    assert lines.count() == 8
    assert all(line.details["reason"] == "import" for line in lines)


def test_a_second_volunteer_import_creates_nothing(coordinator):
    _import(coordinator, "volunteers", "vrijwilligers.xlsx")
    again = import_preview(
        actor=coordinator, kind="volunteers", name="v.xlsx", data=example("vrijwilligers.xlsx")
    )
    assert len(again.preview.present) == 4 and again.upload is None


def test_an_address_of_another_organisations_account_is_an_error(coordinator, other_library):
    UserFactory(email="henk.bos@voorbeeld.nl", organisation=other_library, role=Role.VOLUNTEER)
    preview = preview_data(
        organisation_id=coordinator.organisation_id,
        kind="volunteers",
        data=example("vrijwilligers.xlsx"),
    )
    assert [r.number for r in preview.errors] == [2]
    assert "kolom E-mail" in preview.errors[0].messages[0]


def test_running_placements_start_with_their_visits_and_the_volunteer_sees_the_family(
    coordinator,
):
    _import(coordinator, "families", "gezinnen.xlsx")
    _import(coordinator, "volunteers", "vrijwilligers.xlsx")
    job = _import(coordinator, "placements", "koppelingen.xlsx")
    assert job.result == {"created": 2, "present": 0, "errors": 0}
    henk = User.objects.get(email="henk.bos@voorbeeld.nl")
    placement = Placement.objects.get(volunteer=henk)
    assert placement.status == "active"
    assert placement.weekday == 1 and placement.visit_time == datetime.time(15, 30)
    assert Visit.objects.filter(placement=placement, status="held").count() == 6
    assert access.families_visible_to(henk).filter(pk=placement.family_id).exists()
    marij = Placement.objects.get(volunteer__email="marij.lemmens@voorbeeld.nl")
    assert sorted(v.date.day for v in marij.visits.all()) == [2, 9, 16]
    # The same file again: nothing new.
    again = import_preview(
        actor=coordinator, kind="placements", name="k.xlsx", data=example("koppelingen.xlsx")
    )
    assert len(again.preview.present) == 2 and again.upload is None


def test_a_placement_for_an_unknown_family_is_an_error(coordinator):
    _import(coordinator, "volunteers", "vrijwilligers.xlsx")
    preview = preview_data(
        organisation_id=coordinator.organisation_id,
        kind="placements",
        data=example("koppelingen.xlsx"),
    )
    assert [r.number for r in preview.errors] == [2, 3]
    assert "kolom Achternaam" in preview.errors[0].messages[0]
