"""Importing families: the preview stores nothing, bad rows are named, the rest imports
once, and a second import of the same file creates nothing."""

from __future__ import annotations

import pytest

from gezinsaanpak.models import AccessEvent, Caregiver, Child, Consent, Family, ImportUpload
from gezinsaanpak.models.job import Job
from gezinsaanpak.services.import_run import import_confirm, import_preview
from gezinsaanpak.tasks.runner import AttemptFailedError, run_inline
from tests.gezinsaanpak.imports.conftest import example
from tests.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db

BAD = "gezinnen-met-fouten.xlsx"


def _stored() -> tuple[int, int, int, int]:
    return (
        Family.objects.count(),
        Caregiver.objects.count(),
        Child.objects.count(),
        Consent.objects.count(),
    )


def test_the_preview_stores_nothing(coordinator):
    checked = import_preview(actor=coordinator, kind="families", name=BAD, data=example(BAD))
    assert _stored() == (0, 0, 0, 0)
    assert not Job.objects.exists()
    assert checked.upload is not None  # only the file itself is kept, for the confirmation


def test_five_bad_rows_of_thirty_are_reported_with_their_row_numbers(coordinator):
    preview = import_preview(actor=coordinator, kind="families", name=BAD, data=example(BAD))
    preview = preview.preview
    assert [r.number for r in preview.errors] == [4, 9, 15, 22, 28]
    assert len(preview.new) == 25
    messages = [m for r in preview.errors for m in r.messages]
    assert messages[0] == "Rij 4, kolom Postcode: vul een Nederlandse postcode in, zoals 1234 AB"
    assert any(m.startswith("Rij 9, kolom Geboortedatum kind 1:") for m in messages)
    assert any(m.startswith("Rij 15, kolom Relatie:") for m in messages)
    assert any(m.startswith("Rij 22, kolom Gemeente:") for m in messages)
    assert any(m.startswith("Rij 28, kolom Ouderlijk gezag:") for m in messages)
    assert len(messages) == 5


def test_the_other_25_are_imported_only_after_confirmation(coordinator):
    checked = import_preview(actor=coordinator, kind="families", name=BAD, data=example(BAD))
    assert checked.upload is not None
    job = import_confirm(actor=coordinator, upload_id=checked.upload.pk)
    assert Family.objects.count() == 0
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result == {"created": 25, "present": 0, "errors": 5}
    assert Family.objects.filter(organisation=coordinator.organisation).count() == 25
    assert Consent.objects.filter(purpose="registration").count() == 25
    assert not ImportUpload.objects.exists()  # the kept file is gone after the import
    report = job.file.data().decode("utf-8-sig")
    lines = report.strip().splitlines()
    assert len(lines) == 6
    assert [line.split(";")[0] for line in lines[1:]] == ["4", "9", "15", "22", "28"]


def test_every_created_record_is_logged_with_reason_import(coordinator):
    checked = import_preview(
        actor=coordinator, kind="families", name="g.xlsx", data=example("gezinnen.xlsx")
    )
    assert checked.upload is not None
    run_inline(import_confirm(actor=coordinator, upload_id=checked.upload.pk))
    created = AccessEvent.objects.filter(action="create", object_type="family")
    assert created.count() == 10
    assert all(line.details.get("reason") == "import" for line in created)
    consents = AccessEvent.objects.filter(action="create", object_type="consent")
    assert consents.count() == 10
    assert all(line.details.get("reason") == "import" for line in consents)


def test_a_second_import_of_the_same_file_creates_nothing(coordinator):
    data = example("gezinnen.xlsx")
    first = import_preview(actor=coordinator, kind="families", name="g.xlsx", data=data)
    assert first.upload is not None
    run_inline(import_confirm(actor=coordinator, upload_id=first.upload.pk))
    before = _stored()
    again = import_preview(actor=coordinator, kind="families", name="g.xlsx", data=data)
    assert len(again.preview.present) == 10
    assert not again.preview.new
    assert again.upload is None  # nothing to confirm
    assert _stored() == before


def test_a_rerun_after_a_lost_worker_skips_what_was_created(coordinator):
    """A worker killed halfway committed whole families only; the rerun adds the rest."""
    data = example("gezinnen.xlsx")
    checked = import_preview(actor=coordinator, kind="families", name="g.xlsx", data=data)
    assert checked.upload is not None
    # What a worker killed after three families leaves: three whole families committed.
    from gezinsaanpak.services import import_run

    preview = import_run.preview_data(
        organisation_id=coordinator.organisation_id, kind="families", data=data
    )
    spec = import_run.KINDS["families"]
    reader = spec.reader(coordinator.organisation_id)
    for result in preview.new[:3]:
        assert import_run._apply_one(coordinator, spec, reader, result)
    job = run_inline(import_confirm(actor=coordinator, upload_id=checked.upload.pk))
    assert job.result == {"created": 7, "present": 3, "errors": 0}
    assert Family.objects.count() == 10
    assert all(f.caregivers.exists() and f.children.exists() for f in Family.objects.all())


def test_a_family_that_fails_to_save_leaves_nothing_of_itself(coordinator, monkeypatch):
    from gezinsaanpak.services import import_families

    real = import_families.consent_record

    def failing(**kwargs):  # type: ignore[no-untyped-def]
        real(**kwargs)
        raise import_families.CellError("boom")  # not caught: the row's transaction rolls back

    data = example("gezinnen.xlsx")
    checked = import_preview(actor=coordinator, kind="families", name="g.xlsx", data=data)
    assert checked.upload is not None
    monkeypatch.setattr(import_families, "consent_record", failing)
    job = import_confirm(actor=coordinator, upload_id=checked.upload.pk)
    with pytest.raises(AttemptFailedError):
        run_inline(job)
    job.refresh_from_db()
    assert job.status == "failed"
    assert _stored() == (0, 0, 0, 0)


CSV_HEADER = "Achternaam;Voornaam ouder;Postcode;Huisnummer;Gemeente;Casushouder;Status"


def test_the_case_owner_is_assigned_by_e_mail_and_gets_the_grant(coordinator, specialist):
    from gezinsaanpak import access

    data = "\n".join(
        [
            CSV_HEADER,
            f"Jansen;Eva;6461 AB;1;Kerkrade;{specialist.email.upper()};actief",
            "Bakker;Iris;6461 AB;2;Kerkrade;niemand@voorbeeld.nl;",
        ]
    ).encode()
    checked = import_preview(actor=coordinator, kind="families", name="g.csv", data=data)
    assert [r.number for r in checked.preview.errors] == [3]
    assert "kolom Casushouder" in checked.preview.errors[0].messages[0]
    assert checked.upload is not None
    run_inline(import_confirm(actor=coordinator, upload_id=checked.upload.pk))
    family = Family.objects.get()
    assert family.case_owner == specialist and family.status == "active"
    assert access.families_visible_to(specialist).filter(pk=family.pk).exists()


def test_expired_uploads_are_pruned(coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from gezinsaanpak.services.jobs import job_start

    checked = import_preview(
        actor=coordinator, kind="families", name="g.xlsx", data=example("gezinnen.xlsx")
    )
    assert checked.upload is not None
    ImportUpload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    job = run_inline(job_start(kind="prune_jobs", enqueue=False))
    assert job.result["uploads"] == 1
    assert not ImportUpload.objects.exists()
