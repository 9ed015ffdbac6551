"""The export of a year for all municipalities: a job with progress, the API's numbers, only
for the one who started it (issue 15, point 4)."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.models import Municipality, Organisation, Role
from gezinsaanpak.access.reports import report_scope_for
from gezinsaanpak.models.job import Job, JobKind, JobStatus
from gezinsaanpak.reports.compute import figures_for
from gezinsaanpak.tasks.runner import JobRun
from tests.factories import FamilyFactory, PartnerOrganisationFactory, UserFactory
from tests.jobs import run_queued_jobs

from . import world

PERIOD = "start=2025-01-01&end=2025-12-31"


@pytest.fixture
def made(db):  # type: ignore[no-untyped-def]
    made = world.build()
    heerlen = Municipality.objects.get(code="GM0917")
    for org, municipality, n in (
        (made["library"], made["kerkrade"], 6),
        (made["library"], made["brunssum"], 5),
        (made["elsewhere"], heerlen, 7),
    ):
        for _ in range(n):
            FamilyFactory(organisation=org, municipality=municipality, opened_on="2025-02-01")
    gemeente = Organisation.objects.create(name="Gemeente Kerkrade", kind="municipality")
    gemeente.municipalities.set([made["kerkrade"]])
    made["municipality"] = UserFactory(organisation=gemeente, role=Role.MUNICIPALITY)
    region = Organisation.objects.create(name="Regio Demo", kind="regional")
    region.member_libraries.set([made["library"], made["elsewhere"]])
    made["regional"] = UserFactory(organisation=region, role=Role.REGIONAL)
    return made


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _export(user, year: int = 2025) -> Job:  # type: ignore[no-untyped-def]
    response = _client(user).post("/reports/year-export/", {"year": year})
    assert response.status_code == 302
    job = Job.objects.get(started_by=user, kind=JobKind.REPORT_YEAR_EXPORT)
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_queued_jobs()
    job.refresh_from_db()
    return job


def _sheets(user, job: Job) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    response = _client(user).get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}


def test_numbers_equal_the_api_for_every_figure_and_municipality(made):
    user = made["coordinator"]
    job = _export(user)
    assert job.status == JobStatus.DONE, job.error
    sheets = _sheets(user, job)
    assert list(sheets) == ["Brunssum GM0899", "Kerkrade GM0928"]  # not Heerlen (elsewhere)
    keys = [f.key for f in figures_for(report_scope_for(user)) if f.municipality]
    assert job.result == {"municipalities": 2, "figures": len(keys)}
    client = _client(user)
    published = 0
    for title, rows in sheets.items():
        code = title.split()[-1]
        assert rows[3] == ("Groep", "Cijfer", "Eenheid", "2025")  # the Dutch header
        lines = rows[4:]
        assert len(lines) == len(keys)
        for key, line in zip(keys, lines, strict=True):
            body = client.get(f"/api/v1/reports/{key}/?{PERIOD}&municipality={code}").json()
            total = body["totals"]
            expected = total["display"] if total["suppressed"] else total["value"]
            assert line[3] == expected, (code, key)
            published += not total["suppressed"]
    assert published  # the comparison is not only about hidden numbers
    families = keys.index("families_active")
    assert sheets["Kerkrade GM0928"][4 + families][3] == 8


def test_progress_is_reported_per_municipality(made):
    seen: list[dict[str, object]] = []
    write = JobRun._write

    def spy(run, **changes):  # type: ignore[no-untyped-def]
        seen.append(changes)
        return write(run, **changes)

    with mock.patch.object(JobRun, "_write", spy):
        job = _export(made["coordinator"])
    assert job.status == JobStatus.DONE
    assert seen[0] == {"step": "Counting the figures per municipality", "total": 2, "done": 0}
    assert seen[1:3] == [{"done": 1}, {"done": 2}]
    assert seen[3] == {"step": "Making the file", "total": 1, "done": 0}
    assert job.percent == 100


def test_only_the_one_who_started_it_can_download(made):
    job = _export(made["coordinator"])
    colleague = UserFactory(organisation=made["library"], role=Role.COORDINATOR)
    for other in (colleague, made["regional"], made["municipality"]):
        client = _client(other)
        assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
        assert client.get(f"/api/v1/jobs/{job.pk}/download/").status_code == 404
        assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_regional_coordinator_gets_every_member_librarys_municipality(made):
    user = made["regional"]
    job = _export(user)
    assert job.status == JobStatus.DONE, job.error
    assert list(_sheets(user, job)) == ["Brunssum GM0899", "Heerlen GM0917", "Kerkrade GM0928"]


def test_municipality_login_and_partner_cannot_start_it(made):
    assert (
        _client(made["municipality"]).post("/reports/year-export/", {"year": 2025}).status_code
        == 404
    )
    partner = UserFactory(organisation=PartnerOrganisationFactory(), role=Role.PARTNER)
    assert _client(partner).post("/reports/year-export/", {"year": 2025}).status_code == 404
    assert not Job.objects.filter(kind=JobKind.REPORT_YEAR_EXPORT).exists()


def test_a_bad_year_starts_nothing(made):
    client = _client(made["coordinator"])
    response = client.post("/reports/year-export/", {"year": "1900"}, follow=True)
    assert response.status_code == 200
    assert "Kies een jaar om te exporteren." in response.content.decode()
    api = client.post(
        "/api/v1/reports/year-export/", {"year": "x"}, content_type="application/json"
    )
    assert api.status_code == 400
    api = client.post(
        "/api/v1/reports/year-export/", {"year": 1950}, content_type="application/json"
    )
    assert api.status_code == 422  # a year in the schema's range the page does not offer
    assert api.json()["errors"][0]["attr"] == "year"
    assert not Job.objects.filter(kind=JobKind.REPORT_YEAR_EXPORT).exists()


def test_api_starts_the_job_and_answers_202(made):
    client = _client(made["coordinator"])
    response = client.post(
        "/api/v1/reports/year-export/", {"year": 2025}, content_type="application/json"
    )
    assert response.status_code == 202
    job = Job.objects.get(kind=JobKind.REPORT_YEAR_EXPORT)
    assert response["Location"] == f"/api/v1/jobs/{job.pk}/"
    assert job.params == {"year": 2025} and job.scope == "personal"
    run_queued_jobs()
    assert client.get(f"/api/v1/jobs/{job.pk}/download/").status_code == 200


def test_formula_text_is_neutralised(made):
    evil = Municipality.objects.create(code="GM9999", name='=HYPERLINK("http://x","y")')
    made["library"].municipalities.add(evil)
    user = made["coordinator"]
    job = _export(user)
    sheets = _sheets(user, job)
    title = next(t for t in sheets if t.endswith("GM9999"))
    assert sheets[title][0][0].startswith("'=")


def test_a_changed_role_stops_the_job_without_a_file(made):
    user = made["coordinator"]
    _client(user).post("/reports/year-export/", {"year": 2025})
    user.role = Role.VOLUNTEER
    user.save()
    run_queued_jobs()
    job = Job.objects.get(kind=JobKind.REPORT_YEAR_EXPORT)
    assert job.status == JobStatus.FAILED
    assert not hasattr(job, "file") or job.file is None
