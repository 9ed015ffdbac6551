"""What the VoorleesExpress pages and writes put in the access log.

A page logs what it shows (one line per object, naming the fields of its read model); a
write logs the write and no read of its target first; grants and revocations carry their
meaning in ``details``, not in ``reason``.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from gezinsaanpak.access.fields import FAMILY_FIELDS
from gezinsaanpak.models import AccessEvent, Concern, Placement
from gezinsaanpak.services import placements as services
from gezinsaanpak.services import visits as visit_services
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory, active_placement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def family(library):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, notes="Moeder wil zelf beter leren lezen")
    CaregiverFactory(family=family, given_name="Amal", family_name="Haddou")
    ChildFactory(family=family, given_name="Rayan")
    return family


@pytest.fixture
def placement(coordinator, volunteer, family):  # type: ignore[no-untyped-def]
    return active_placement(coordinator, volunteer, family, weeks_ago=3)


def _new_lines(before: set[object]) -> list[AccessEvent]:
    """Lines written since ``before``, logins left out (the test client logs in)."""
    lines = AccessEvent.objects.exclude(pk__in=before).exclude(action="login")
    return list(lines.order_by("at", "chain", "sequence"))


def _count() -> set[object]:
    return set(AccessEvent.objects.values_list("pk", flat=True))


def test_the_coordinators_placement_page_logs_the_concern_visit_note_and_meeting_note_fields(
    coordinator, volunteer, placement
):
    visit_services.visit_log(
        actor=volunteer, placement=placement, date=TODAY, status="held", note="Veel gelachen"
    )
    Concern.objects.create(placement=placement, raised_by=volunteer, text="Blauwe plekken")
    meeting = placement.meetings.get(moment="start")
    services.meeting_record(actor=coordinator, meeting=meeting, held_on=TODAY, note="Goed begin")
    before = _count()
    page = client_for(coordinator).get(f"/voorleesexpress/placements/{placement.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Blauwe plekken" in body and "Veel gelachen" in body and "Goed begin" in body
    # The page's own line, and the concern alert's (at the top of every coordinator page).
    alert, line = sorted(_new_lines(before), key=lambda line: line.object_type)
    assert (alert.object_type, sorted(alert.fields)) == (
        "concern",
        ["caregiver.family_name", "concern.raised_at", "concern.raised_by"],
    )
    assert (line.action, line.object_type, line.family_id) == (
        "read",
        "placement",
        placement.family_id,
    )
    for name in ("concern.text", "visit.note", "meeting.note", "caregiver.family_name"):
        assert name in line.fields
    assert "placement.status" in line.fields
    # It names what it shows, and nothing the page does not show.
    assert "family.notes" not in line.fields and "family.postcode" not in line.fields
    assert "Moeder wil" not in body


def test_logging_a_visit_writes_no_read_line(volunteer, placement):
    before = _count()
    response = client_for(volunteer).post(
        f"/my-families/{placement.pk}/",
        {"status": "held", "date": TODAY.isoformat(), "minutes": 60, "books": 2},
    )
    assert response.status_code == 302
    [line] = _new_lines(before)
    assert (line.action, line.object_type) == ("create", "visit")
    assert "visit.note" in line.fields
    assert line.details["placement"] == str(placement.pk)


def test_logging_a_visit_through_the_api_writes_no_read_line(volunteer, placement):
    before = _count()
    response = client_for(volunteer).post(
        f"/api/v1/placements/{placement.pk}/visits/",
        {"date": TODAY.isoformat(), "status": "held", "note": "Fijn"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["note"] == "Fijn"
    assert [line.action for line in _new_lines(before)] == ["create"]


def test_a_status_change_writes_exactly_one_update_line(coordinator, family):
    placement = services.placement_signup(actor=coordinator, family=family)
    before = _count()
    response = client_for(coordinator).post(
        f"/voorleesexpress/placements/{placement.pk}/status/", {"action": "intake"}
    )
    assert response.status_code == 302
    [line] = _new_lines(before)
    assert (line.action, line.object_type, line.object_id) == (
        "update",
        "placement",
        str(placement.pk),
    )
    assert line.fields == ["placement.status"]
    assert line.details == {"status": "intake", "kind": "regular"}


def test_stopping_writes_one_line_per_object_changed_and_no_read(coordinator, volunteer, placement):
    before = _count()
    client_for(coordinator).post(
        f"/voorleesexpress/placements/{placement.pk}/status/",
        {"action": "stop", "stop_reason": "moved", "confirmed": "yes"},
    )
    lines = _new_lines(before)
    assert [(line.action, line.object_type) for line in lines] == [
        ("update", "placement"),
        ("unshare", "family"),
    ]
    assert lines[0].details == {"status": "stopped", "kind": "regular", "stop_reason": "moved"}
    assert lines[1].details == {
        "revoked": str(volunteer.pk),
        "why": "placement_ended",
        "placement": str(placement.pk),
    }
    assert all(line.reason == "" for line in lines)


def test_starting_a_placement_shares_the_family_with_the_volunteer(coordinator, volunteer, family):
    placement = active_placement(coordinator, volunteer, family)
    share = AccessEvent.objects.get(action="share", family_id=family.pk)
    assert share.details == {
        "grantee": str(volunteer.pk),
        "change": False,
        "placement": str(placement.pk),
    }
    assert share.reason == ""


def test_concern_and_meeting_posts_log_only_their_write(coordinator, volunteer, placement):
    before = _count()
    client_for(volunteer).post(f"/my-families/{placement.pk}/concern/", {"text": "Zorgen"})
    meeting = placement.meetings.get(moment="start")
    client_for(coordinator).post(
        f"/voorleesexpress/placements/{placement.pk}/meetings/{meeting.pk}/",
        {"held_on": TODAY.isoformat(), "note": "Goed"},
    )
    concern = Concern.objects.get()
    client_for(coordinator).post(
        f"/voorleesexpress/concerns/{concern.pk}/handled/", {"note": "Gebeld"}
    )
    lines = [(line.action, line.object_type, line.fields) for line in _new_lines(before)]
    assert lines == [
        ("create", "concern", ["concern.text"]),
        ("update", "meeting", ["meeting.held_on", "meeting.note"]),
        ("update", "concern", ["concern.handled_at", "concern.handled_by", "concern.handled_note"]),
    ]


def test_expire_access_logs_the_revocation_in_details(volunteer, placement):
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.COMPLETED)
    before = _count()
    call_command("expire_access")
    [line] = _new_lines(before)
    assert (line.action, line.object_type, line.reason) == ("unshare", "family", "")
    assert line.details == {"revoked": str(volunteer.pk), "why": "placement_ended"}
    assert line.actor_label == "expire_access"


def test_lists_write_one_line_per_family_shown(coordinator, volunteer, library):
    families = [FamilyFactory(organisation=library) for _ in range(3)]
    for family in families:
        CaregiverFactory(family=family)
        services.placement_signup(actor=coordinator, family=family)
    before = _count()
    client_for(coordinator).get("/voorleesexpress/waiting-list/")
    lines = _new_lines(before)
    assert sorted(line.family_id for line in lines) == sorted(f.pk for f in families)
    assert {line.action for line in lines} == {"list"}
    assert "caregiver.family_name" in lines[0].fields and "placement.referred_by" in lines[0].fields
    assert "family.postcode" not in lines[0].fields


def test_the_phone_pages_log_only_fields_of_the_visit_set(volunteer, placement):
    visit_set = set(FAMILY_FIELDS["volunteer"].qualified())
    for url in ("/my-families/", f"/my-families/{placement.pk}/"):
        before = _count()
        assert client_for(volunteer).get(url).status_code == 200
        [line] = _new_lines(before)
        family_fields = {
            f for f in line.fields if f.split(".")[0] in ("family", "caregiver", "child")
        }
        assert family_fields and family_fields <= visit_set
    assert "visit.note" not in line.fields  # the phone shows the last visits without notes


def test_the_concern_page_reads_nothing(volunteer, placement):
    before = _count()
    assert client_for(volunteer).get(f"/my-families/{placement.pk}/concern/").status_code == 200
    assert _new_lines(before) == []
