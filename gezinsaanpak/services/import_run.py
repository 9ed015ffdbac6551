"""An import from preview to the last row: read, check, keep the file, then apply as a job.

The preview stores no record: it reads the file, checks every row and compares it with
what the organisation already has. To survive until the coordinator confirms, the file
itself is kept encrypted (:class:`ImportUpload`, for ``IMPORT_UPLOAD_HOURS``), tied to the
coordinator; the job reads it again, so what is imported is exactly what was previewed
against the data of that moment. Each record is created in its own transaction through the
ordinary services, so a worker killed halfway leaves whole records only, and a rerun of
the job skips those (they are "already present").
"""

from __future__ import annotations

import base64
import csv
import datetime
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.access.imports import import_upload_for
from gezinsaanpak.audit.events import imports as events
from gezinsaanpak.models.imports import ImportKind, ImportUpload
from gezinsaanpak.models.job import Job, JobKind, JobScope

from . import import_families, import_placements, import_volunteers
from .errors import ServiceError
from .import_cells import Column, Problems
from .import_files import ImportFileError, Sheet, SheetRow, read_sheet
from .jobs import job_start

UPLOAD_HOURS = 24
NEW, PRESENT, ERROR = "new", "present", "error"


class Reader(Protocol):
    def parse(self, row: SheetRow, problems: Problems) -> Any: ...
    def present(self, record: Any) -> bool: ...
    def warnings(self, record: Any) -> list[str]: ...


@dataclass(frozen=True)
class Kind:
    columns: Sequence[Column]
    reader: Callable[[UUID], Reader]
    apply: Callable[[User, Any], None]


KINDS: dict[str, Kind] = {
    ImportKind.FAMILIES: Kind(
        import_families.COLUMNS, import_families.Reader, import_families.apply
    ),
    ImportKind.VOLUNTEERS: Kind(
        import_volunteers.COLUMNS, import_volunteers.Reader, import_volunteers.apply
    ),
    ImportKind.PLACEMENTS: Kind(
        import_placements.COLUMNS, import_placements.Reader, import_placements.apply
    ),
}


@dataclass
class RowResult:
    number: int
    outcome: str
    messages: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    record: Any = None


@dataclass
class Preview:
    kind: str
    headers: list[str]
    rows: list[RowResult]
    warnings: list[str]

    def of(self, outcome: str) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == outcome]

    @property
    def new(self) -> list[RowResult]:
        return self.of(NEW)

    @property
    def present(self) -> list[RowResult]:
        return self.of(PRESENT)

    @property
    def errors(self) -> list[RowResult]:
        return self.of(ERROR)


def _check_headers(kind: Kind, sheet: Sheet) -> None:
    missing = [c.name for c in kind.columns if c.required and c.name not in sheet.headers]
    if missing:
        raise ImportFileError(
            _("These columns are missing in row 1: %(columns)s. Use the template.")
            % {"columns": ", ".join(missing)}
        )


def preview_data(*, organisation_id: UUID, kind: str, data: bytes) -> Preview:
    """Every row checked: new, already present (in the organisation or earlier in the
    file) or wrong. Raises :class:`ImportFileError` when the file cannot be read."""
    spec = KINDS[kind]
    sheet = read_sheet(data)
    _check_headers(spec, sheet)
    reader = spec.reader(organisation_id)
    preview = Preview(kind, sheet.headers, [], [])
    seen: dict[Any, int] = {}
    for row in sheet.rows:
        problems = Problems(row.number)
        record = reader.parse(row, problems)
        result = RowResult(row.number, ERROR, problems.messages, row.values, record)
        if record is not None:
            result.outcome = _place(reader, record, row.number, seen, result.messages)
            if result.outcome == NEW:
                preview.warnings += reader.warnings(record)
        preview.rows.append(result)
    return preview


def _place(reader: Reader, record: Any, number: int, seen: dict[Any, int], out: list[str]) -> str:
    earlier = seen.get(record.key)
    if earlier is not None:
        out.append(
            _("Row %(row)s: the same as row %(earlier)s of this file.")
            % {
                "row": number,
                "earlier": earlier,
            }
        )
        return PRESENT
    seen[record.key] = number
    if reader.present(record):
        out.append(_("Row %(row)s: already present.") % {"row": number})
        return PRESENT
    return NEW


def _require(actor: User) -> None:
    if not access.may(actor, Capability.IMPORT_RECORDS) or actor.organisation_id is None:
        raise Http404


@dataclass
class Checked:
    preview: Preview
    upload: ImportUpload | None


def import_preview(*, actor: User, kind: str, name: str, data: bytes, keep: bool = True) -> Checked:
    """Check a file and, when it has rows to create (and ``keep``), keep it for the
    confirmation."""
    _require(actor)
    if kind not in KINDS:
        raise Http404
    assert actor.organisation_id is not None  # noqa: S101 - _require checked it
    preview = preview_data(organisation_id=actor.organisation_id, kind=kind, data=data)
    upload = _store(actor, kind, name, data) if preview.new and keep else None
    return Checked(preview, upload)


@transaction.atomic
def _store(actor: User, kind: str, name: str, data: bytes) -> ImportUpload:
    assert actor.organisation_id is not None  # noqa: S101 - _require checked it
    upload = ImportUpload(
        organisation_id=actor.organisation_id,
        uploaded_by=actor,
        kind=kind,
        name=name[:200],
        content=base64.b64encode(data).decode("ascii"),
        expires_at=timezone.now() + timedelta(hours=UPLOAD_HOURS),
    )
    upload.full_clean(exclude=["organisation", "uploaded_by"])
    upload.save()
    events.upload_stored(actor, upload)
    return upload


@transaction.atomic
def import_confirm(*, actor: User, upload_id: UUID | str) -> Job:
    """The coordinator confirms: the import runs as a job only they follow."""
    _require(actor)
    upload = import_upload_for(actor, upload_id)
    return job_start(
        kind=JobKind.IMPORT_RECORDS,
        scope=JobScope.PERSONAL,
        started_by=actor,
        organisation=actor.organisation,
        params={"upload": str(upload.pk)},
    )


class UploadGoneError(Exception):
    """The kept file expired or was imported already."""


@dataclass
class Outcome:
    counts: dict[str, int]
    report: bytes | None


def import_apply(
    *,
    upload_id: UUID | str,
    begin: Callable[[int], None],
    advance: Callable[[], None],
) -> Outcome:
    """Apply a kept file (the job's work): each new record in its own transaction."""
    upload = ImportUpload.objects.filter(pk=upload_id).select_related("uploaded_by").first()
    if upload is None:
        raise UploadGoneError(str(upload_id))
    actor = upload.uploaded_by
    _require(actor)
    spec = KINDS[upload.kind]
    preview = preview_data(
        organisation_id=upload.organisation_id, kind=upload.kind, data=upload.data()
    )
    reader = spec.reader(upload.organisation_id)
    created = 0
    new = preview.new
    begin(len(new))
    for result in new:
        created += _apply_one(actor, spec, reader, result)
        advance()
    report = error_report(preview)
    upload.delete()
    counts = {
        "created": created,
        "present": len(preview.present),
        "errors": len(preview.errors),
    }
    return Outcome(counts, report)


def _apply_one(actor: User, spec: Kind, reader: Reader, result: RowResult) -> bool:
    """Create one record; ``False`` when it is there already or could not be saved."""
    try:
        with transaction.atomic(), events.importing():
            if reader.present(result.record):
                result.outcome = PRESENT
                return False
            spec.apply(actor, result.record)
    except (ValidationError, ServiceError, Http404) as error:
        result.outcome = ERROR
        result.messages.append(
            _("Row %(row)s could not be saved: %(problem)s")
            % {"row": result.number, "problem": _problem(error)}
        )
        return False
    return True


def _problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    if isinstance(error, ServiceError):
        return str(error)
    return _("you may not create this record")


def _cell(value: Any) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def error_report(preview: Preview) -> bytes | None:
    """The rows with errors, with their messages first: fix them and import this file."""
    if not preview.errors:
        return None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Row"), _("Problems"), *preview.headers])
    for row in preview.errors:
        writer.writerow(
            [
                row.number,
                " ".join(row.messages),
                *(_cell(row.values.get(h)) for h in preview.headers),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
