"""Objection (AVG art. 21): the purposes objected to stop, through the consent and placement
services; the privacy officer sees purposes and counts, never the file."""

from __future__ import annotations

import pytest
from django.http import Http404

from gezinsaanpak import access
from gezinsaanpak.models import Consent, DataSubjectRequest, Placement
from gezinsaanpak.models.audit import AccessEvent
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import placements as placement_services
from gezinsaanpak.services import subject_requests as services
from gezinsaanpak.services.errors import ServiceError
from gezinsaanpak.services.objection import objection_apply
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory, active_placement

pytestmark = pytest.mark.django_db

API = "/api/v1/privacy/requests/"


@pytest.fixture
def family(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family, given_name="Samira", family_name="Bakker")
    ChildFactory(family=family, given_name="Noor")
    access.families.grant(specialist, family, change=True)
    return family


def consent(actor, family, purpose, partner=None) -> Consent:
    return consent_services.consent_record(
        actor=actor,
        family=family,
        given_by=family.caregivers.first(),
        purpose=purpose,
        partner=partner,
        text_version="2026-1",
        method="written",
    )


def objection(officer, family, purposes, *, checked: bool = True) -> DataSubjectRequest:
    request = services.subject_request_create(
        actor=officer,
        data={"kind": "objection", "objected_purposes": purposes},
        family_id=family.pk,
    )
    if checked:
        services.subject_request_check_identity(actor=officer, request=request, method="in_person")
    return request


def test_applying_withdraws_the_purposes_consents_and_stops_voorleesexpress(
    privacy_officer, specialist, coordinator, volunteer, family, partner_org
):
    ve = consent(specialist, family, Purpose.VE_PARTICIPATION)
    follow_up = consent(specialist, family, Purpose.FOLLOW_UP_CONTACT)
    registration = consent(specialist, family, Purpose.REGISTRATION)
    placement = active_placement(coordinator, volunteer, family)
    request = objection(
        privacy_officer, family, [Purpose.VE_PARTICIPATION, Purpose.FOLLOW_UP_CONTACT]
    )
    result = objection_apply(actor=privacy_officer, request=request)
    assert (result.consents_withdrawn, result.placements_stopped) == (2, 1)
    for withdrawn in (ve, follow_up):
        withdrawn.refresh_from_db()
        assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by == privacy_officer
    registration.refresh_from_db()
    assert registration.withdrawn_at is None
    placement.refresh_from_db()
    assert placement.status == "stopped" and placement.stop_reason == "objection"
    # The volunteer's access ended with the placement.
    assert not access.families.families_visible_to(volunteer).filter(pk=family.pk).exists()
    request.refresh_from_db()
    assert request.objection_applied_by == privacy_officer


def test_every_line_written_says_it_was_an_objection(
    privacy_officer, specialist, coordinator, volunteer, family
):
    consent(specialist, family, Purpose.VE_PARTICIPATION)
    active_placement(coordinator, volunteer, family)
    request = objection(privacy_officer, family, [Purpose.VE_PARTICIPATION])
    before = AccessEvent.objects.count()
    objection_apply(actor=privacy_officer, request=request)
    lines = list(AccessEvent.objects.order_by("sequence")[before:])
    assert {line.object_type for line in lines} >= {"consent", "placement", "subject_request"}
    assert all(line.details.get("reason") == "objection" for line in lines)
    summary = next(line for line in lines if line.object_type == "subject_request")
    assert summary.details["consents_withdrawn"] == 1
    assert summary.details["purposes"] == ["ve_participation"]


def test_a_waiting_list_placement_is_stopped_too_and_repeat_is_safe(
    privacy_officer, coordinator, family
):
    waiting = placement_services.placement_signup(actor=coordinator, family=family)
    request = objection(privacy_officer, family, [Purpose.VE_PARTICIPATION])
    objection_apply(actor=privacy_officer, request=request)
    assert Placement.objects.get(pk=waiting.pk).status == "stopped"
    again = objection_apply(actor=privacy_officer, request=request)
    assert (again.consents_withdrawn, again.placements_stopped) == (0, 0)


def test_objecting_to_another_purpose_leaves_the_placement(
    privacy_officer, coordinator, volunteer, family
):
    placement = active_placement(coordinator, volunteer, family)
    request = objection(privacy_officer, family, [Purpose.QUESTIONNAIRE])
    objection_apply(actor=privacy_officer, request=request)
    assert Placement.objects.get(pk=placement.pk).status == "active"


def test_it_also_works_on_a_restricted_file(privacy_officer, specialist, family):
    from gezinsaanpak.services.restriction import family_restrict

    ve = consent(specialist, family, Purpose.VE_PARTICIPATION)
    family_restrict(actor=privacy_officer, family=family, reason="Bezwaar loopt")
    request = objection(privacy_officer, family, [Purpose.VE_PARTICIPATION])
    objection_apply(actor=privacy_officer, request=request)
    ve.refresh_from_db()
    assert ve.withdrawn_at is not None


@pytest.mark.parametrize(
    "problem", ["not_checked", "no_family", "no_purposes", "closed", "not_objection"]
)
def test_applying_is_refused_until_the_request_is_ready(privacy_officer, family, problem):
    purposes = [] if problem == "no_purposes" else [Purpose.VE_PARTICIPATION]
    kind = "access" if problem == "not_objection" else "objection"
    request = services.subject_request_create(
        actor=privacy_officer,
        data={"kind": kind, "objected_purposes": purposes if kind == "objection" else []},
        family_id=None if problem == "no_family" else family.pk,
    )
    if problem != "not_checked":
        services.subject_request_check_identity(
            actor=privacy_officer, request=request, method="in_person"
        )
    if problem == "closed":
        services.subject_request_close(actor=privacy_officer, request=request, outcome="refused")
    with pytest.raises(ServiceError):
        objection_apply(actor=privacy_officer, request=request)


def test_only_the_privacy_officer_applies(privacy_officer, coordinator, family):
    request = objection(privacy_officer, family, [Purpose.VE_PARTICIPATION])
    with pytest.raises(Http404):
        objection_apply(actor=coordinator, request=request)
    with pytest.raises(Http404):
        placement_services.placement_stop_on_objection(
            actor=coordinator,
            placement=placement_services.placement_signup(actor=coordinator, family=family),
        )


def test_the_page_shows_purposes_and_counts_and_applies_on_confirmation(
    privacy_officer, specialist, family
):
    consent(specialist, family, Purpose.VE_PARTICIPATION)
    request = objection(privacy_officer, family, [Purpose.VE_PARTICIPATION])
    client = client_for(privacy_officer)
    url = f"/privacy/requests/{request.pk}/objection/"
    page = client.get(url).content.decode()
    assert "Samira" not in page and "Bakker" not in page and "Noor" not in page
    assert "<td>1</td>" in page
    line = AccessEvent.objects.filter(object_type="family", action="read").last()
    assert line.fields == ["consents.count", "placements.count"]
    assert Consent.objects.filter(withdrawn_at__isnull=True, purpose="ve_participation").exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Consent.objects.filter(
        withdrawn_at__isnull=True, purpose="ve_participation"
    ).exists()


def test_the_api_applies_and_refuses_with_422(privacy_officer, specialist, family, coordinator):
    consent(specialist, family, Purpose.VE_PARTICIPATION)
    request = objection(privacy_officer, family, [Purpose.VE_PARTICIPATION], checked=False)
    url = f"{API}{request.pk}/apply-objection/"
    assert client_for(privacy_officer).post(url).status_code == 422
    assert client_for(coordinator).post(url).status_code == 404
    services.subject_request_check_identity(
        actor=privacy_officer, request=request, method="in_person"
    )
    response = client_for(privacy_officer).post(url)
    assert response.status_code == 200
    assert response.json() == {"consents_withdrawn": 1, "placements_stopped": 0}
