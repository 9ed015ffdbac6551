"""The privacy officer's request pages, the start page and linking a file from the search.

The privacy officer never sees what is in a file: not on the list, not on a request's page,
not in the search started from a request.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gezinsaanpak.models import DataSubjectRequest, ProcessingRestriction
from gezinsaanpak.models.audit import AccessEvent
from gezinsaanpak.services import subject_requests as services
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db

LIST = "/privacy/requests/"
# What is in the file: none of it may appear on the privacy officer's pages.
SECRETS = ("Yilmaz", "Ayşe", "Deniz", "Kerkstraat", "0612345678", "Aantekening")


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def family(library):
    family = FamilyFactory(
        organisation=library, street="Kerkstraat", phone="0612345678", postcode="6461 AB"
    )
    CaregiverFactory(family=family, given_name="Ayşe", family_name="Yilmaz")
    ChildFactory(family=family, given_name="Deniz")
    return family


def make(officer, **values) -> DataSubjectRequest:
    data = {"kind": "access", **values}
    family = data.pop("family", None)
    return services.subject_request_create(
        actor=officer, data=data, family_id=family.pk if family else None
    )


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_list_marks_overdue_and_due_this_week_and_filters_closed(privacy_officer):
    make(privacy_officer, received_on=days_ago(40))
    make(privacy_officer, received_on=days_ago(27), kind="erasure")
    closed = make(privacy_officer, received_on=days_ago(50), kind="objection")
    services.subject_request_close(actor=privacy_officer, request=closed, outcome="withdrawn")
    client = client_for(privacy_officer)
    open_page = page(client, LIST)
    assert open_page.count("badge-overdue") == 1
    assert open_page.count("badge badge-warn") == 1
    assert str(closed.pk) not in open_page
    closed_page = page(client, f"{LIST}?state=closed")
    assert str(closed.pk) in closed_page
    assert page(client, f"{LIST}?state=nonsense")  # a bad filter shows the open ones


def test_recording_a_request_on_the_page(privacy_officer):
    client = client_for(privacy_officer)
    response = client.post(
        f"{LIST}new/",
        {"kind": "erasure", "received_on": days_ago(1).isoformat(), "description": "Wissen"},
    )
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert response["Location"] == f"{LIST}{request.pk}/"
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    refused = client.post(f"{LIST}new/", {"kind": "access", "received_on": future})
    assert refused.status_code == 200
    assert DataSubjectRequest.objects.count() == 1


def test_the_detail_page_shows_what_identifies_the_file_and_nothing_in_it(privacy_officer, family):
    request = make(privacy_officer, family=family)
    text = page(client_for(privacy_officer), f"{LIST}{request.pk}/")
    assert str(family.pk) in text
    for secret in SECRETS:
        assert secret not in text
    line = AccessEvent.objects.get(action="read", object_type="family", family_id=family.pk)
    assert line.details == {"via": "subject_request"}
    assert "family.restricted_processing" in line.fields
    assert not any("given_name" in name or "street" in name for name in line.fields)


def test_each_step_on_the_page(privacy_officer, family):
    request = make(privacy_officer, received_on=days_ago(3), kind="restriction", family=family)
    client = client_for(privacy_officer)
    url = f"{LIST}{request.pk}/"
    steps = [
        {"action": "take"},
        {"action": "identity", "identity_method": "in_person", "identity_checked_on": ""},
        {"action": "restrict", "reason": "Adres betwist"},
        {
            "action": "extend",
            "extended_until": (request.deadline + datetime.timedelta(days=10)).isoformat(),
            "extension_reason": "Partners erbij",
        },
        {"action": "unrestrict", "reason": "Nagekeken"},
        {"action": "close", "outcome": "granted", "outcome_note": "", "closed_on": ""},
    ]
    steps[1]["identity_checked_on"] = timezone.localdate().isoformat()
    steps[5]["closed_on"] = timezone.localdate().isoformat()
    for step in steps:
        response = client.post(url, step)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    request.refresh_from_db()
    assert request.status == "closed" and request.handled_by == privacy_officer
    assert request.extended_until is not None
    restriction = ProcessingRestriction.objects.get(family=family)
    assert restriction.request == request and restriction.lifted_at is not None
    text = page(client, url)
    assert "Adres betwist" in text and "Nagekeken" in text  # the history, for the officer


def test_a_refused_step_shows_its_error_on_the_page(privacy_officer):
    request = make(privacy_officer, received_on=days_ago(3))
    client = client_for(privacy_officer)
    response = client.post(
        f"{LIST}{request.pk}/",
        {"action": "close", "outcome": "granted", "closed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert 'class="error' in response.content.decode()
    assert DataSubjectRequest.objects.get(pk=request.pk).status == "received"
    unknown = client.post(f"{LIST}{request.pk}/", {"action": "explode"})
    assert unknown.status_code == 302


def test_the_search_from_a_request_links_a_result_without_typing_an_id(privacy_officer, family):
    request = make(privacy_officer)
    client = client_for(privacy_officer)
    search = f"/privacy/families/search/?request={request.pk}"
    assert "Back" in page(client, search) or "Terug" in page(client, search)
    results = client.post(search, {"kind": "postcode", "term": "6461ab"}).content.decode()
    assert f'name="family_id" value="{family.pk}"' in results
    assert f'action="{LIST}{request.pk}/"' in results
    for secret in SECRETS:
        assert secret not in results
    linked = client.post(f"{LIST}{request.pk}/", {"action": "link", "family_id": str(family.pk)})
    assert linked.status_code == 302
    assert DataSubjectRequest.objects.get(pk=request.pk).family_id == family.pk


def test_a_search_for_another_organisations_request_is_404(privacy_officer, other_library):
    from accounts.models import Role
    from tests.factories import UserFactory

    elsewhere = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    foreign = make(elsewhere)
    response = client_for(privacy_officer).get(f"/privacy/families/search/?request={foreign.pk}")
    assert response.status_code == 404
    bad = client_for(privacy_officer).get("/privacy/families/search/?request=nope")
    assert bad.status_code == 404


def test_linking_a_file_of_another_organisation_shows_an_error(privacy_officer, other_library):
    request = make(privacy_officer)
    foreign = FamilyFactory(organisation=other_library)
    response = client_for(privacy_officer).post(
        f"{LIST}{request.pk}/", {"action": "link", "family_id": str(foreign.pk)}
    )
    assert response.status_code == 200
    assert DataSubjectRequest.objects.get(pk=request.pk).family_id is None


def test_the_start_page_lists_overdue_and_due_this_week_first(privacy_officer, coordinator):
    overdue = make(privacy_officer, received_on=days_ago(40))
    soon = make(privacy_officer, received_on=days_ago(27))
    later = make(privacy_officer, received_on=days_ago(2))
    text = page(client_for(privacy_officer), "/")
    section = text[text.index('id="requests-due-title"') :]
    assert section.index(str(overdue.pk)) < section.index(str(soon.pk))
    assert str(later.pk) not in text
    main = text[text.index("<main") :]
    assert main.index('id="requests-due-title"') < main.index("/privacy/families/search/")
    assert 'id="requests-due-title"' not in page(client_for(coordinator), "/")


def test_the_start_page_has_no_section_when_nothing_is_due(privacy_officer):
    make(privacy_officer, received_on=days_ago(1))
    assert 'id="requests-due-title"' not in page(client_for(privacy_officer), "/")


@pytest.mark.parametrize("persona", ["specialist", "coordinator", "outsider", "coach"])
def test_everyone_else_gets_404(request, privacy_officer, persona):
    subject_request = make(privacy_officer)
    client = client_for(request.getfixturevalue(persona))
    for url in (
        LIST,
        f"{LIST}new/",
        f"{LIST}{subject_request.pk}/",
        f"{LIST}{subject_request.pk}/objection/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{LIST}{subject_request.pk}/", {"action": "take"}).status_code == 404
