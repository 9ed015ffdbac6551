"""Re-apply the erasure ledger after a restore (``manage.py replay_erasures``).

A database restored from an older backup holds again every file erased or anonymised
since that backup. The replay reads the ledger files (``services.erasure_ledger``) and
anonymises each listed file that holds personal data again, with the same code as the
erasure. It restores the ledger's table row and the erasure certificate (with the counts
the ledger kept), and writes one access-log line per file. Running it twice changes
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from gezinsaanpak.audit.events import erasure as events
from gezinsaanpak.models import (
    AnonymiseReason,
    DataSubjectRequest,
    ErasureCertificate,
    ErasureLedgerEntry,
    Family,
    Placement,
)

from . import erasure_ledger as ledger
from .erasure import anonymise_locked, ledger_entry_record, lock_family, removed_kinds


@dataclass
class ReplayResult:
    files: int = 0
    lines: int = 0
    cancelled: int = 0
    unreadable: int = 0
    erased_again: int = 0
    already_erased: int = 0
    not_in_database: int = 0
    certificates_restored: int = 0
    # Lines of the database's ledger table that the ledger files lack: the files are
    # incomplete (not shared by every machine, or restored from an older copy).
    missing_from_files: int = 0


def _restore_certificate(line: ledger.LedgerLine, now: datetime) -> bool:
    """The certificate of an erasure on request, as the ledger line kept its counts."""
    certificate_id = line.certificate_id
    if line.reason != AnonymiseReason.ERASURE or certificate_id is None:
        return False
    existing = ErasureCertificate.objects.filter(pk=certificate_id)
    if existing.exists():
        existing.update(replayed_at=now)
        return False
    ErasureCertificate.objects.create(
        id=certificate_id,
        organisation_id=line.organisation_id,
        family_id=line.family_id,
        request=DataSubjectRequest.objects.filter(pk=line.request_id).first()
        if line.request_id
        else None,
        erased_at=line.erased_at,
        erased_by=User.objects.filter(pk=line.erased_by).first() if line.erased_by else None,
        counts=line.counts,
        replayed_at=now,
    )
    return True


def _erase_again(line: ledger.LedgerLine) -> tuple[bool, bool]:
    """(erased again, certificate restored) for one ledger line."""
    with transaction.atomic():
        family = lock_family(line.family_id)
        if not family.may_be_anonymised:
            return False, False
        stop = Placement.StopReason.FAMILY
        if line.reason != AnonymiseReason.ERASURE:
            stop = Placement.StopReason.OTHER
        counts = anonymise_locked(family, stop_reason=stop)
        now = timezone.now()
        ledger_entry_record(line, replayed_at=now)
        restored = _restore_certificate(line, now)
        events.family_erased_again(
            family.organisation_id, family.pk, removed=removed_kinds(counts), ledger_id=line.id
        )
    return True, restored


def _missing_from_files(lines: list[ledger.LedgerLine]) -> int:
    in_files = {line.id for line in lines}
    in_table: set[UUID] = set(ErasureLedgerEntry.objects.values_list("id", flat=True))
    return len(in_table - in_files)


def erasures_replay(*, dry_run: bool = False) -> ReplayResult:
    """Anonymise again every file in the ledger that holds personal data (``dry_run``:
    count them, change nothing)."""
    contents = ledger.read()
    result = ReplayResult(
        files=contents.files,
        lines=len(contents.lines),
        cancelled=contents.cancelled,
        unreadable=contents.unreadable,
        missing_from_files=_missing_from_files(contents.lines),
    )
    for line in contents.lines:
        family = Family.objects.filter(pk=line.family_id).only("status").first()
        if family is None:
            result.not_in_database += 1
        elif not family.may_be_anonymised:
            result.already_erased += 1
        elif dry_run:
            result.erased_again += 1
        else:
            erased, restored = _erase_again(line)
            result.erased_again += int(erased)
            result.already_erased += int(not erased)
            result.certificates_restored += int(restored)
    return result
