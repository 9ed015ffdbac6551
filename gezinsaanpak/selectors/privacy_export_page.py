"""The page where the privacy officer starts a family's data export: no contents of the file.

It shows the file number, whether processing is restricted (then only the family's own
request can be answered), and the family's open access and portability requests. What it
shows is logged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction

from accounts.models import User
from gezinsaanpak.access.privacy_export import export_requests_for, family_for_export
from gezinsaanpak.audit.events import privacy_export as events

FAMILY_FIELDS = ("family.restricted_processing",)
REQUEST_FIELDS = (
    "data_subject_request.kind",
    "data_subject_request.received_on",
    "data_subject_request.deadline",
)


@dataclass(frozen=True, slots=True)
class ExportRequestRow:
    id: UUID
    kind_label: str
    received_on: datetime.date
    due_on: datetime.date


@dataclass(frozen=True, slots=True)
class ExportPage:
    family_id: UUID
    restricted: bool
    requests: list[ExportRequestRow]


def family_export_page(user: User, family_id: UUID | str, *, log_read: bool = True) -> ExportPage:
    """What the export page shows; 404 for anyone but the privacy officer of the file.

    ``log_read=False`` for a POST: starting the export is logged as such, not as a read.
    """
    family = family_for_export(user, family_id)
    requests = list(export_requests_for(user, family))
    if log_read:
        with transaction.atomic():
            events.export_page_shown(
                user, family, requests, family_fields=FAMILY_FIELDS, request_fields=REQUEST_FIELDS
            )
    rows = [ExportRequestRow(r.pk, r.get_kind_display(), r.received_on, r.due_on) for r in requests]
    return ExportPage(family.pk, family.restricted_processing, rows)
