"""Issue 14, point 3: the access and portability export as a job (AVG art. 15 and 20).

Who may make it, what it refuses, the one-time download that expires after 7 days, what
the access log says about it, and that its access log equals the API's.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import AccessEvent, Job, JobFile, PrivacyExport
from gezinsaanpak.models.audit import Action, ActorKind
from gezinsaanpak.models.job import JobKind
from gezinsaanpak.services import jobs as job_services
from gezinsaanpak.tasks.privacy_export import RESTRICTED
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory, UserFactory
from tests.jobs import run_queued_jobs

from .export_helpers import export_for, open_zip, page_url, start, subject_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(library):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, notes="Kanarie aantekening")
    CaregiverFactory(family=family, given_name="Kanariemoeder")
    ChildFactory(family=family)
    return family


@pytest.fixture
def request_(privacy_officer, family):  # type: ignore[no-untyped-def]
    return subject_request(privacy_officer, family, kind="portability")


def test_export_for_the_familys_request_runs_as_a_job_with_a_zip(privacy_officer, family, request_):
    client = client_for(privacy_officer)
    response = start(client, family, {"request": str(request_.pk)})
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == f"/api/v1/jobs/{body['id']}/"
    assert (body["kind"], body["status"]) == (JobKind.FAMILY_EXPORT, "queued")
    export = PrivacyExport.objects.get()
    assert (export.family, export.request, export.job_id) == (
        family,
        request_,
        uuid.UUID(body["id"]),
    )
    assert export.job.params == {"export": str(export.pk), "family": str(family.pk)}
    run_queued_jobs()
    job = client.get(f"/api/v1/jobs/{body['id']}/").json()
    assert job["status"] == "done"
    assert job["result"]["sections"] == 9 and job["result"]["log_lines"] >= 2
    assert job["download"]["single_use"] is True
    assert job["download"]["name"].startswith(f"gegevens-gezin-{str(family.pk)[:8]}-")
    expires = timezone.datetime.fromisoformat(job["download"]["expires_at"])
    assert timedelta(days=6, hours=23) < expires - timezone.now() <= timedelta(days=7)
    stored = JobFile.objects.get(job_id=body["id"])
    assert "Kanarie" not in stored.content and stored.single_use  # sealed at rest


def test_progress_counts_the_real_steps(privacy_officer, family, request_):
    steps: list[tuple[str, int]] = []
    original = __import__("gezinsaanpak.tasks.runner", fromlist=["JobRun"]).JobRun.begin

    def record(run, step, total):  # type: ignore[no-untyped-def]
        steps.append((step, total))
        original(run, step, total)

    from unittest import mock

    with mock.patch("gezinsaanpak.tasks.runner.JobRun.begin", record):
        export_for(privacy_officer, family, request_)
    assert steps == [
        ("Collecting the family's file", 9),
        ("Reading the access log", 1),
        ("Making the files", 4),
    ]


def test_the_download_works_once(privacy_officer, family, request_):
    export = export_for(privacy_officer, family, request_)  # downloads it (API)
    client = client_for(privacy_officer)
    again = client.get(f"/api/v1/jobs/{export.job.pk}/download/")
    assert again.status_code == 410
    assert again.json()["errors"][0]["code"] == "download_gone"
    assert "één keer" in again.json()["errors"][0]["detail"]
    page = client.get(f"/jobs/{export.job.pk}/download/")
    assert page.status_code == 410
    assert "Deze download is er niet meer" in page.content.decode()
    job = client.get(f"/api/v1/jobs/{export.job.pk}/").json()
    assert job["download"] is None and job["download_gone"]["reason"] == "downloaded"
    assert "gedownload op" in client.get(f"/jobs/{export.job.pk}/").content.decode()
    stored = JobFile.objects.get(job=export.job)
    assert stored.content == "" and stored.downloaded_at is not None  # the bytes are gone


def _made(officer, family, request_):  # type: ignore[no-untyped-def]
    response = start(client_for(officer), family, {"request": str(request_.pk)})
    run_queued_jobs()
    return Job.objects.get(pk=response.json()["id"])


def test_the_download_waits_7_days_and_not_longer(privacy_officer, family, request_):
    job = _made(privacy_officer, family, request_)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        client = client_for(privacy_officer)
        assert client.get(f"/api/v1/jobs/{job.pk}/").json()["download"] is not None
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        client = client_for(privacy_officer)
        assert client.get(f"/api/v1/jobs/{job.pk}/").json()["download_gone"]["reason"] == "expired"
        response = client.get(f"/api/v1/jobs/{job.pk}/download/")
        assert response.status_code == 410
        assert "kon worden gedownload tot" in response.json()["errors"][0]["detail"]
        prune = job_services.job_start(kind=JobKind.PRUNE_JOBS)
        run_queued_jobs()
        prune.refresh_from_db()
        assert prune.result["files"] == 1
        assert not JobFile.objects.filter(job=job).exists()
        assert client.get(f"/api/v1/jobs/{job.pk}/download/").status_code == 404


def test_a_download_within_the_7_days_works(privacy_officer, family, request_):
    job = _made(privacy_officer, family, request_)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        response = client_for(privacy_officer).get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names, _files = open_zip(response.content)
    assert names == ["export.json", "export.html", "export.pdf"]


def test_making_and_downloading_are_logged_naming_the_family(privacy_officer, family, request_):
    export = export_for(privacy_officer, family, request_)
    lines = AccessEvent.objects.filter(family_id=family.pk).order_by("sequence")
    started, made, downloaded = [
        line for line in lines if line.object_type in ("family_export", "job")
    ]
    details = {"job": str(export.job.pk), "request": str(request_.pk), "purpose": "subject_request"}
    assert (started.action, started.details) == (Action.CREATE, details)
    assert (made.action, made.details, made.actor_id) == (
        Action.EXPORT,
        details,
        privacy_officer.pk,
    )
    assert {"family.notes", "caregiver.given_name", "child.date_of_birth"} <= set(made.fields)
    assert not any(field.startswith("family.id") for field in made.fields)
    assert (downloaded.action, downloaded.object_id, downloaded.fields) == (
        Action.EXPORT,
        str(export.job.pk),
        ["file"],
    )
    assert downloaded.details == {"kind": JobKind.FAMILY_EXPORT}
    job_line = AccessEvent.objects.get(object_type="job", action=Action.CREATE)
    assert job_line.details == {"kind": JobKind.FAMILY_EXPORT}
    assert str(made.pk) == export.json["access_log"]["through"]["id"]


def _lines_for(family, library, specialist, count: int) -> None:  # type: ignore[no-untyped-def]
    entries = [
        access_log.Entry("family", family.pk, family.pk, ["family.postcode"]) for _ in range(count)
    ]
    access_log.record_many(actor=specialist, action=Action.READ, entries=entries)
    access_log.record(
        actor=None,
        action=Action.SHARE,
        object_type="referral",
        family_id=family.pk,
        fields=["referral.reason_code"],
        actor_label="api:jgz-test",
        actor_kind=ActorKind.API_CLIENT,
        organisation_id=library.pk,
        on_behalf_of="JGZ Test",
    )


def _api_pages(client, family):  # type: ignore[no-untyped-def]
    url: str | None = f"/api/v1/access-log/?family={family.pk}"
    seen: dict[str, dict] = {}
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        for line in response.json()["results"]:
            seen[line["id"]] = line
        url = response.json()["next"]
        pages += 1
    return seen, pages


def test_the_exports_access_log_equals_the_apis(
    privacy_officer, family, request_, specialist, outsider, library
):
    _lines_for(family, library, specialist, 120)
    # Another organisation's line about the same id is in neither.
    access_log.record(actor=outsider, action=Action.READ, object_type="family", family_id=family.pk)
    export = export_for(privacy_officer, family, request_)
    exported = export.json["access_log"]
    through = exported["through"]["sequence"]
    api, pages = _api_pages(client_for(privacy_officer), family)
    assert pages >= 3
    upto = {line_id for line_id, line in api.items() if line["sequence"] <= through}
    assert [line["id"] for line in exported["lines"]] == sorted(
        upto, key=lambda line_id: api[line_id]["sequence"]
    )
    assert exported["count"] == len(upto) == len(exported["lines"]) >= 123
    # What the API shows beyond the export's line came after it: the download and the reads.
    later = [line for line in api.values() if line["sequence"] > through]
    assert {(line["object_type"], line["action"]) for line in later} == {
        ("job", "export"),
        ("access_log", "read"),
    }
    last = exported["lines"][-1]
    assert (last["action"], last["object_type"]) == ("export", "family_export")
    client_line = next(line for line in exported["lines"] if line["actor"]["kind"] == "api_client")
    assert client_line["actor"] == {"kind": "api_client", "name": "api:jgz-test", "role": ""}
    assert client_line["on_behalf_of"] == "JGZ Test"
    reader = next(line for line in exported["lines"] if line["actor"]["kind"] == "user")
    assert reader["actor"] == {"kind": "user", "name": specialist.name, "role": "specialist"}
    assert reader["fields"] == ["family.postcode"]
    assert "Postcode" in export.html and "JGZ Test" in export.html


def test_the_export_of_a_restricted_file_needs_the_familys_request(
    privacy_officer, family, request_
):
    family.restricted_processing = True
    family.save()
    client = client_for(privacy_officer)
    refused = start(client, family, {"reason": "Gevraagd door de rechtbank"})
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "processing_restricted"
    assert not Job.objects.exists() and not PrivacyExport.objects.exists()
    export = export_for(privacy_officer, family, request_)
    assert export.json["family"]["restricted_processing"] is True


def test_a_file_restricted_after_the_start_fails_an_export_for_another_purpose(
    privacy_officer, family
):
    response = start(client_for(privacy_officer), family, {"reason": "Overdracht"})
    assert response.status_code == 202
    family.restricted_processing = True
    family.save()
    run_queued_jobs()
    job = Job.objects.get(pk=response.json()["id"])
    assert (job.status, job.error) == ("failed", RESTRICTED)
    assert not JobFile.objects.exists()
    assert not AccessEvent.objects.filter(
        action=Action.EXPORT, object_type="family_export"
    ).exists()


def test_an_export_for_another_purpose_keeps_its_reason_sealed(privacy_officer, family):
    response = start(client_for(privacy_officer), family, {"reason": "Overdracht aan de rechter"})
    assert response.status_code == 202
    export = PrivacyExport.objects.get()
    assert export.reason == "Overdracht aan de rechter" and export.request is None
    (stored,) = PrivacyExport.objects.values_list("reason", flat=True)
    assert stored.startswith("v1:") and "rechter" not in stored  # sealed at rest
    line = AccessEvent.objects.get(object_type="family_export")
    assert line.details["purpose"] == "other" and line.details["request"] is None
    assert "rechter" not in str(line.details) + line.reason


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({}, "reason"),
        ({"request": "REQ", "reason": "Ook nog"}, "reason"),
        ({"request": str(uuid.uuid4())}, "request"),
        ({"request": "OTHER_FAMILY"}, "request"),
        ({"request": "ERASURE"}, "request"),
        ({"request": "CLOSED"}, "request"),
        ({"request": "ELSEWHERE"}, "request"),
    ],
)
def test_a_refused_export_is_a_422_naming_what_to_change(
    privacy_officer, family, request_, other_library, body, attr
):
    other = FamilyFactory(organisation=family.organisation)
    officer_elsewhere = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    requests = {
        "REQ": request_,
        "OTHER_FAMILY": subject_request(privacy_officer, other),
        "ERASURE": subject_request(privacy_officer, family, kind="erasure"),
        "CLOSED": subject_request(
            privacy_officer,
            family,
            status="closed",
            outcome="granted",
            closed_on=timezone.localdate(),
        ),
        "ELSEWHERE": subject_request(officer_elsewhere, family),
    }
    if body.get("request") in requests:
        body = {**body, "request": str(requests[body["request"]].pk)}
    response = start(client_for(privacy_officer), family, body)
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["attr"] == attr
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"request": "not-a-uuid"},
        {"request": 12},
        {"reason": "x" * 501},
        {"reason": 5},
        {"reason": "   "},
    ],
)
def test_a_body_outside_the_schema_is_a_400(privacy_officer, family, body):
    response = start(client_for(privacy_officer), family, body)
    assert response.status_code == 400
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "persona", ["coordinator", "specialist", "coach", "volunteer", "partner_user", "outsider"]
)
def test_everyone_but_the_privacy_officer_gets_404(request, family, request_, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert start(client, family, {"request": str(request_.pk)}).status_code == 404
    assert client.get(page_url(family)).status_code == 404
    assert client.post(page_url(family), {"purpose": str(request_.pk)}).status_code == 404
    assert not Job.objects.exists()


def test_another_organisations_privacy_officer_gets_404(other_library, family, request_):
    officer = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    client = client_for(officer)
    assert start(client, family, {"reason": "x"}).status_code == 404
    assert client.get(page_url(family)).status_code == 404


def test_a_family_that_does_not_exist_is_404(privacy_officer):
    client = client_for(privacy_officer)
    response = client.post(
        f"/api/v1/privacy/families/{uuid.uuid4()}/export/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_someone_else_cannot_follow_or_take_the_export(privacy_officer, family, request_, library):
    job = _made(privacy_officer, family, request_)
    colleague = UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)
    for user in (colleague, UserFactory(organisation=library, role=Role.COORDINATOR)):
        client = client_for(user)
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert client.get(f"/api/v1/jobs/{job.pk}/download/").status_code == 404
    assert JobFile.objects.get(job=job).downloaded_at is None


def test_the_page_starts_the_export_for_the_chosen_request(privacy_officer, family, request_):
    client = client_for(privacy_officer)
    page = client.get(page_url(family) + f"?request={request_.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Gegevens van een gezin exporteren" in text and str(family.pk) in text
    assert "Gegevens meenemen (art. 20)" in text
    assert f'value="{request_.pk}"' in text and "checked" in text
    assert "Kanarie" not in text  # nothing of the file
    shown = AccessEvent.objects.filter(action=Action.READ, details__via="export")
    assert {line.object_type for line in shown} == {"family", "data_subject_request"}
    response = client.post(page_url(family), {"purpose": str(request_.pk)})
    export = PrivacyExport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{export.job_id}/"
    assert export.request == request_
    assert shown.count() == 2  # starting it is logged as a start, not as a read


def test_the_page_refuses_another_purpose_for_a_restricted_file(privacy_officer, family):
    family.restricted_processing = True
    family.save()
    client = client_for(privacy_officer)
    text = client.get(page_url(family)).content.decode()
    assert "De verwerking van dit dossier is beperkt" in text
    assert "geen open verzoek" in text
    response = client.post(page_url(family), {"purpose": "other", "reason": "Rechtbank"})
    assert response.status_code == 200
    assert "alleen exporteren voor een verzoek van het gezin zelf" in response.content.decode()
    assert not Job.objects.exists()
    response = client.post(page_url(family), {"purpose": "other", "reason": " "})
    assert "Geef de reden voor deze export." in response.content.decode()


def test_the_search_result_links_to_the_export(privacy_officer, family):
    response = client_for(privacy_officer).post(
        "/privacy/families/search/",
        {"kind": "family_name", "term": family.caregivers.get().family_name},
    )
    assert page_url(family) in response.content.decode()
