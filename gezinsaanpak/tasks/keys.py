"""Key rotation as a job: re-encrypt every value that is not under the primary key."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from gezinsaanpak.models.job import JobKind
from gezinsaanpak.privacy.maintenance import (
    FieldReport,
    models_with_encrypted_fields,
    rotate_model,
    rows_with_encrypted_fields,
)
from gezinsaanpak.services.jobs import job_file_store

from .runner import Counts, JobRun, job_task

REPORT_NAME = "key-rotation-report.txt"


@job_task(JobKind.ROTATE_FIELD_KEYS)
def rotate_field_keys(run: JobRun) -> Counts:
    """Safe to interrupt: each batch commits with its rows locked, and a rerun skips the
    values that are already under the primary key."""
    batch_size = int(run.params.get("batch_size", 500))
    run.begin(gettext_noop("Re-encrypting the stored values"), rows_with_encrypted_fields())
    counts = {"values": 0, "rotated": 0, "failed": 0}
    walked: dict[str, int] = {}

    def progress(label: str, seen: int, total: int) -> None:
        run.advance(seen - walked.get(label, 0))
        walked[label] = seen

    lines = []
    for model in models_with_encrypted_fields():
        for report in rotate_model(model, batch_size, progress):
            counts["values"] += report.values
            counts["rotated"] += report.rotated
            counts["failed"] += len(report.failures)
            lines.append(_line(report))
            lines.extend(f"FAILED {report.label} row {row_id}" for row_id in report.failures)
    counts["current"] = counts["values"] - counts["rotated"] - counts["failed"]
    job_file_store(
        job_id=run.job_id,
        name=REPORT_NAME,
        content_type="text/plain; charset=utf-8",
        data=("\n".join(lines) + "\n").encode(),
    )
    return counts


def _line(report: FieldReport) -> str:
    """Counts per model field, and the ids of rows that failed: never a value."""
    current = report.values - report.rotated - len(report.failures)
    return (
        f"{report.label}: {report.values} values, {report.rotated} re-encrypted, "
        f"{current} already current, {len(report.failures)} failed"
    )
