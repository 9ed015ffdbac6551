"""The import pages: templates, upload and preview, confirmation, and the command."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.models import Role
from gezinsaanpak.models import Family, ImportUpload
from gezinsaanpak.models.job import Job
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.gezinsaanpak.imports.conftest import EXAMPLES, example
from tests.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db

BAD = "gezinnen-met-fouten.xlsx"


def _upload(client, name=BAD, kind="families"):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile(name, example(name) if (EXAMPLES / name).exists() else name.encode())
    return client.post("/import/", {"kind": kind, "file": file})


def test_the_template_has_headers_an_example_drop_downs_and_an_explanation(coordinator):
    response = client_for(coordinator).get("/import/templates/families.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    data, explanation = book.worksheets
    headers = [c.value for c in data[1]]
    assert headers[:4] == ["Achternaam", "Voornaam ouder", "Relatie", "Ouderlijk gezag"]
    assert data["A2"].value == "Jansen"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation}
    assert "moeder" in lists["C2"] and lists["D2"] == '"ja,nee"'
    assert explanation["A2"].value == "Achternaam"


def test_an_unknown_template_is_not_found(coordinator):
    assert client_for(coordinator).get("/import/templates/secrets.xlsx").status_code == 404


def test_upload_shows_the_preview_with_the_errors_and_stores_nothing(coordinator):
    response = _upload(client_for(coordinator))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rij 4, kolom Postcode: vul een Nederlandse postcode in, zoals 1234 AB" in page
    assert "25 rijen worden aangemaakt." in page
    assert "5 rijen hebben fouten" in page
    assert Family.objects.count() == 0
    assert ImportUpload.objects.get().uploaded_by == coordinator


def test_confirm_runs_the_job_and_offers_the_error_report(coordinator):
    client = client_for(coordinator)
    _upload(client)
    upload = ImportUpload.objects.get()
    response = client.post(f"/import/{upload.pk}/confirm/")
    job = Job.objects.get(kind="import_records")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    run_queued_jobs()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Klaar" in page and "import-errors.csv" in page
    assert Family.objects.count() == 25
    report = client.get(f"/jobs/{job.pk}/download/")
    assert report.status_code == 200
    assert report.content.decode("utf-8-sig").startswith("Rij;")


def test_another_coordinators_upload_is_not_found(coordinator, library):
    _upload(client_for(coordinator))
    upload = ImportUpload.objects.get()
    colleague = UserFactory(organisation=library, role=Role.COORDINATOR)
    assert client_for(colleague).post(f"/import/{upload.pk}/confirm/").status_code == 404
    assert not Job.objects.filter(kind="import_records").exists()


def test_an_unreadable_file_gives_a_form_error_not_a_500(coordinator):
    response = _upload(client_for(coordinator), name="kapot.xlsx")
    assert response.status_code == 200
    assert "Deze kolommen ontbreken in rij 1" in response.content.decode() or (
        "kan worden" in response.content.decode()
    )
    assert not ImportUpload.objects.exists()


def test_a_specialist_cannot_import(specialist):
    assert client_for(specialist).get("/import/").status_code == 404


def test_the_command_dry_run_prints_the_preview_and_stores_nothing(coordinator, capsys):
    call_command(
        "import_records",
        "families",
        str(EXAMPLES / BAD),
        "--organisation",
        "Bibliotheek Demo",
        "--dry-run",
    )
    out = capsys.readouterr().out
    assert "New: 25, already present: 0, with errors: 5." in out
    assert "Rij 4, kolom Postcode" in out
    assert Family.objects.count() == 0
    assert not ImportUpload.objects.exists()


def test_the_command_imports_and_a_second_run_creates_nothing(coordinator, capsys):
    path = str(EXAMPLES / "gezinnen.xlsx")
    call_command("import_records", "families", path, "--organisation", "Bibliotheek Demo")
    assert "Created: 10" in capsys.readouterr().out
    call_command("import_records", "families", path, "--organisation", "Bibliotheek Demo")
    assert "New: 0, already present: 10" in capsys.readouterr().out
    assert Family.objects.count() == 10


def test_the_command_names_an_unknown_organisation():
    with pytest.raises(CommandError):
        call_command("import_records", "families", "x.xlsx", "--organisation", "Nergens")
