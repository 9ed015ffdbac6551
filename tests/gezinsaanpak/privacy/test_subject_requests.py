"""Data-subject requests as tracked cases: the services, the selectors and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.models.audit import AccessEvent
from gezinsaanpak.models.subject_request import add_months
from gezinsaanpak.selectors import subject_requests as selectors
from gezinsaanpak.services import subject_requests as services
from gezinsaanpak.services.errors import ServiceError
from tests.conftest import client_for
from tests.factories import CaregiverFactory, FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/privacy/requests/"
TODAY = timezone.localdate


def days_ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


def make(officer, **values) -> DataSubjectRequest:
    data = {"kind": "access", "description": "Moeder vraagt wat er bewaard is", **values}
    return services.subject_request_create(actor=officer, data=data)


@pytest.fixture
def family(library):
    family = FamilyFactory(organisation=library)
    CaregiverFactory(family=family, family_name="Yilmaz")
    return family


# Services -----------------------------------------------------------------------------------


def test_create_sets_the_deadline_one_month_later_and_logs_the_fields(privacy_officer):
    request = make(privacy_officer, received_on=datetime.date(2026, 1, 31))
    assert request.deadline == datetime.date(2026, 2, 28)
    assert request.status == "received"
    line = AccessEvent.objects.get(object_type="subject_request", action="create")
    assert line.object_id == str(request.pk)
    assert set(line.fields) == {"kind", "received_on", "description"}
    assert "Moeder" not in str(line.details)


def test_only_the_privacy_officer_records_requests(specialist, coordinator, outsider):
    for person in (specialist, coordinator, outsider):
        with pytest.raises(Http404):
            make(person)


def test_another_organisations_officer_cannot_change_a_request(privacy_officer, other_library):
    request = make(privacy_officer)
    elsewhere = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    with pytest.raises(Http404):
        services.subject_request_take(actor=elsewhere, request=request)
    with pytest.raises(Http404):
        selectors.subject_request_get(elsewhere, request.pk)


def test_identity_check_records_who_when_and_how(privacy_officer):
    request = make(privacy_officer, received_on=days_ago(3))
    services.subject_request_check_identity(
        actor=privacy_officer, request=request, method="in_person"
    )
    request.refresh_from_db()
    assert request.identity_checked_by == privacy_officer
    assert request.identity_checked_on == TODAY()
    assert request.identity_method == "in_person"
    with pytest.raises(ServiceError):
        services.subject_request_check_identity(
            actor=privacy_officer, request=request, method="by_guessing"
        )
    with pytest.raises(ServiceError):
        services.subject_request_check_identity(
            actor=privacy_officer,
            request=request,
            method="in_person",
            checked_on=days_ago(10),
        )


def test_extension_needs_a_reason_and_at_most_two_more_months(privacy_officer):
    request = make(privacy_officer, received_on=days_ago(10))
    latest = add_months(request.received_on, 3)
    with pytest.raises(ValidationError) as no_reason:
        services.subject_request_extend(
            actor=privacy_officer, request=request, until=latest, reason=""
        )
    assert "extension_reason" in no_reason.value.message_dict
    request = DataSubjectRequest.objects.get(pk=request.pk)
    with pytest.raises(ValidationError) as too_long:
        services.subject_request_extend(
            actor=privacy_officer,
            request=request,
            until=latest + datetime.timedelta(days=1),
            reason="Te lang",
        )
    assert "extended_until" in too_long.value.message_dict
    request = DataSubjectRequest.objects.get(pk=request.pk)
    services.subject_request_extend(
        actor=privacy_officer, request=request, until=latest, reason="Gegevens bij drie partners"
    )
    request.refresh_from_db()
    assert request.due_on == latest
    line = AccessEvent.objects.filter(object_type="subject_request", action="update").last()
    assert line.details["step"] == "extend"


def test_an_extension_is_decided_within_the_first_month(privacy_officer):
    request = make(privacy_officer, received_on=days_ago(40))
    with pytest.raises(ServiceError) as refused:
        services.subject_request_extend(
            actor=privacy_officer,
            request=request,
            until=add_months(request.received_on, 2),
            reason="Te laat bedacht",
        )
    assert refused.value.field == "extended_until"


def test_linking_a_file_of_another_organisation_is_refused(privacy_officer, other_library):
    request = make(privacy_officer)
    foreign = FamilyFactory(organisation=other_library)
    with pytest.raises(ServiceError) as refused:
        services.subject_request_link_family(
            actor=privacy_officer, request=request, family_id=foreign.pk
        )
    assert refused.value.field == "family"


def test_link_and_unlink_the_file(privacy_officer, family):
    request = make(privacy_officer)
    services.subject_request_link_family(
        actor=privacy_officer, request=request, family_id=family.pk
    )
    assert DataSubjectRequest.objects.get(pk=request.pk).family_id == family.pk
    line = AccessEvent.objects.filter(action="update", object_type="subject_request").last()
    assert line.family_id == family.pk and line.fields == ["family"]
    services.subject_request_link_family(actor=privacy_officer, request=request, family_id=None)
    assert DataSubjectRequest.objects.get(pk=request.pk).family_id is None


def test_take_in_hand_then_close_with_an_outcome(privacy_officer):
    request = make(privacy_officer, kind="erasure")
    services.subject_request_take(actor=privacy_officer, request=request)
    assert request.status == "in_progress" and request.handled_by == privacy_officer
    services.subject_request_close(
        actor=privacy_officer, request=request, outcome="no_data", note="Niets gevonden"
    )
    request.refresh_from_db()
    assert request.status == "closed" and request.closed_on == TODAY()
    with pytest.raises(ServiceError):
        services.subject_request_update(
            actor=privacy_officer, request=request, data={"description": "later"}
        )


def test_granting_needs_the_identity_checked(privacy_officer):
    request = make(privacy_officer)
    with pytest.raises(ServiceError) as refused:
        services.subject_request_close(actor=privacy_officer, request=request, outcome="granted")
    assert refused.value.field == "outcome"
    assert DataSubjectRequest.objects.get(pk=request.pk).status == "received"


def test_only_an_objection_names_purposes(privacy_officer):
    with pytest.raises(ValidationError) as refused:
        make(privacy_officer, objected_purposes=["ve_participation"])
    assert "objected_purposes" in refused.value.message_dict
    request = make(privacy_officer, kind="objection", objected_purposes=["ve_participation"])
    services.subject_request_update(actor=privacy_officer, request=request, data={"kind": "access"})
    assert DataSubjectRequest.objects.get(pk=request.pk).objected_purposes == []


def test_take_for_someone_who_does_not_handle_requests_is_refused(privacy_officer, specialist):
    request = make(privacy_officer)
    with pytest.raises(ServiceError):
        services.subject_request_take(actor=privacy_officer, request=request, handler=specialist)


# Selectors ----------------------------------------------------------------------------------


def test_the_list_puts_the_soonest_deadline_first_and_marks_it(privacy_officer):
    overdue = make(privacy_officer, received_on=days_ago(40))
    soon = make(privacy_officer, received_on=days_ago(27))
    later = make(privacy_officer, received_on=days_ago(1))
    closed = make(privacy_officer, received_on=days_ago(50))
    services.subject_request_close(actor=privacy_officer, request=closed, outcome="withdrawn")
    _page, rows = selectors.subject_requests_page(privacy_officer, state="open")
    assert [row.id for row in rows] == [overdue.pk, soon.pk, later.pk]
    assert [(row.overdue, row.due_soon) for row in rows] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    _page, closed_rows = selectors.subject_requests_page(privacy_officer, state="closed")
    assert [row.id for row in closed_rows] == [closed.pk]


def test_an_extension_moves_a_request_out_of_due_this_week(privacy_officer):
    request = make(privacy_officer, received_on=days_ago(26))
    assert selectors.due_counts(privacy_officer.organisation_id) == selectors.DueCounts(0, 1)
    services.subject_request_extend(
        actor=privacy_officer,
        request=request,
        until=request.deadline + datetime.timedelta(days=30),
        reason="Complex verzoek",
    )
    assert selectors.due_counts(privacy_officer.organisation_id) == selectors.DueCounts(0, 0)
    assert selectors.requests_needing_attention(privacy_officer) == []


def test_due_counts_are_per_organisation(privacy_officer, other_library):
    make(privacy_officer, received_on=days_ago(40))
    make(privacy_officer, received_on=days_ago(26))
    make(privacy_officer, received_on=days_ago(26))
    elsewhere = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    make(elsewhere, received_on=days_ago(40))
    assert selectors.due_counts(privacy_officer.organisation_id) == selectors.DueCounts(1, 2)
    assert set(selectors.organisations_with_requests_due()) == {
        privacy_officer.organisation_id,
        other_library.pk,
    }


def test_nobody_else_sees_requests_in_the_selectors(privacy_officer, coordinator):
    make(privacy_officer)
    assert selectors.requests_needing_attention(coordinator) == []
    with pytest.raises(Http404):
        selectors.subject_requests_page(coordinator)


# API ----------------------------------------------------------------------------------------


def test_api_create_list_and_detail(privacy_officer, family):
    client = client_for(privacy_officer)
    body = {
        "kind": "erasure",
        "received_on": days_ago(2).isoformat(),
        "description": "Vader wil dat alles gewist wordt",
        "family": str(family.pk),
    }
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["family"] == str(family.pk)
    assert data["deadline"] == add_months(days_ago(2), 1).isoformat()
    listed = client.get(API).json()
    assert listed["count"] == 1
    assert "description" not in listed["results"][0]
    detail = client.get(f"{API}{data['id']}/").json()
    assert detail["description"] == "Vader wil dat alles gewist wordt"
    assert "Yilmaz" not in str(detail)


def test_api_patch_takes_checks_extends_and_closes(privacy_officer):
    request = make(privacy_officer, received_on=days_ago(5))
    client = client_for(privacy_officer)
    url = f"{API}{request.pk}/"
    body = {
        "status": "in_progress",
        "identity_method": "known_contact",
        "extended_until": (request.deadline + datetime.timedelta(days=20)).isoformat(),
        "extension_reason": "Veel gegevens",
    }
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "in_progress"
    assert data["handled_by"] == str(privacy_officer.pk)
    assert data["identity_checked_by"] == str(privacy_officer.pk)
    assert data["extended_until"] == body["extended_until"]
    closed = client.patch(
        url, {"status": "closed", "outcome": "granted"}, content_type="application/json"
    )
    assert closed.status_code == 200
    assert closed.json()["closed_on"] == TODAY().isoformat()


def test_api_schema_errors_are_400_and_rule_errors_422(privacy_officer, other_library):
    client = client_for(privacy_officer)
    assert client.post(API, {"kind": "wish"}, content_type="application/json").status_code == 400
    assert client.post(API, {"kind": 1}, content_type="application/json").status_code == 400
    future = (TODAY() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        API, {"kind": "access", "received_on": future}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["attr"] == "received_on"
    foreign = FamilyFactory(organisation=other_library)
    response = client.post(
        API, {"kind": "access", "family": str(foreign.pk)}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["attr"] == "family"
    request = make(privacy_officer)
    url = f"{API}{request.pk}/"
    too_long = {"extended_until": (request.deadline + datetime.timedelta(days=70)).isoformat()}
    too_long["extension_reason"] = "Reden"
    assert client.patch(url, too_long, content_type="application/json").status_code == 422
    not_granted = {"status": "closed", "outcome": "granted"}
    assert client.patch(url, not_granted, content_type="application/json").status_code == 422
    assert DataSubjectRequest.objects.get(pk=request.pk).status == "received"
    bad_state = client.get(f"{API}?state=everything")
    assert bad_state.status_code == 400


def test_api_patch_is_all_or_nothing(privacy_officer):
    request = make(privacy_officer)
    body = {"identity_method": "in_person", "status": "closed", "outcome": "bogus"}
    response = client_for(privacy_officer).patch(
        f"{API}{request.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 400
    body["outcome"] = "granted"
    body["closed_on"] = (request.received_on - datetime.timedelta(days=1)).isoformat()
    response = client_for(privacy_officer).patch(
        f"{API}{request.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 422
    request.refresh_from_db()
    assert request.identity_method == "" and request.status == "received"


def test_api_handled_by_must_be_a_privacy_officer_of_the_organisation(
    privacy_officer, specialist, library
):
    colleague = UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)
    request = make(privacy_officer)
    url = f"{API}{request.pk}/"
    client = client_for(privacy_officer)
    refused = client.patch(url, {"handled_by": str(specialist.pk)}, content_type="application/json")
    assert refused.status_code == 422
    given = client.patch(url, {"handled_by": str(colleague.pk)}, content_type="application/json")
    assert given.status_code == 200
    assert given.json()["handled_by"] == str(colleague.pk)


def test_api_is_404_for_everyone_else(privacy_officer, specialist, coordinator, outsider):
    request = make(privacy_officer)
    for person in (specialist, coordinator, outsider):
        client = client_for(person)
        assert client.get(API).status_code == 404
        assert client.post(API, {"kind": "x"}, content_type="application/json").status_code == 404
        assert client.get(f"{API}{request.pk}/").status_code == 404
        patch = client.patch(f"{API}{request.pk}/", {}, content_type="application/json")
        assert patch.status_code == 404
    assert client_for(privacy_officer).get(f"{API}not-a-uuid/").status_code == 404


def test_api_reads_are_logged(privacy_officer):
    request = make(privacy_officer)
    client_for(privacy_officer).get(f"{API}{request.pk}/")
    line = AccessEvent.objects.get(action="read", object_type="subject_request")
    assert "description" in line.fields
    client_for(privacy_officer).get(API)
    assert AccessEvent.objects.filter(action="list", object_type="subject_request").exists()


def test_api_undeclared_methods_are_405_for_everyone(privacy_officer, specialist):
    request = make(privacy_officer)
    for person in (privacy_officer, specialist):
        client = client_for(person)
        assert client.generic("TRACE", API).status_code == 405
        assert client.delete(f"{API}{request.pk}/").status_code == 405
        assert (
            client.put(f"{API}{request.pk}/", {}, content_type="application/json").status_code
            == 405
        )
