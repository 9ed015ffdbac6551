"""Automatic retention: anonymise the files whose period has passed (``apply_retention``).

The rules are in ``selectors.retention``; anonymising is the same code as erasure
(``services.erasure.anonymise_locked``): status ``anonymised``, the figures kept. Each file
is its own transaction with one access-log line and its ledger line, and is checked again
under its lock, so a run that stops halfway, or runs twice, changes nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from django.utils import timezone

from gezinsaanpak.audit.events import erasure as events
from gezinsaanpak.models import AnonymiseReason, Placement, RetentionRule
from gezinsaanpak.selectors.retention import DueFile, all_files_due, files_due

from . import erasure_ledger as ledger
from .erasure import (
    anonymise_locked,
    ledger_entry_record,
    lock_family,
    removed_kinds,
    with_ledger_line,
)


def _zero() -> dict[str, int]:
    return dict.fromkeys(RetentionRule.values, 0)


@dataclass
class RetentionRun:
    """Files per rule that the run anonymised (or, dry, would anonymise)."""

    dry_run: bool
    counts: dict[str, int] = field(default_factory=_zero)
    family_ids: list[UUID] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_due(on: datetime.date | None = None) -> list[DueFile]:
    return all_files_due(on or timezone.localdate())


def family_anonymise_for_retention(*, due: DueFile, on: datetime.date) -> bool:
    """Anonymise one due file; ``False`` when it is no longer due (or anonymised already)."""
    return with_ledger_line(lambda: _anonymise(due, on))


def _anonymise(due: DueFile, on: datetime.date) -> tuple[bool, ledger.LedgerLine | None]:
    family = lock_family(due.family_id)
    if not family.may_be_anonymised:
        return False, None
    still = files_due(family.organisation_id, on=on, family_ids=[family.pk])
    if not still:
        return False, None  # reopened, or new activity, since the list was made
    rule = still[0].rule
    counts = anonymise_locked(family, stop_reason=Placement.StopReason.OTHER)
    line = ledger.LedgerLine(
        family_id=family.pk,
        organisation_id=family.organisation_id,
        reason=AnonymiseReason.RETENTION,
        rule=rule,
        erased_at=timezone.now(),
        counts=counts.as_json(),
    )
    ledger_entry_record(line)
    events.family_anonymised_by_retention(
        family.organisation_id, family.pk, removed=removed_kinds(counts), rule=rule
    )
    return True, line


def retention_apply(
    *,
    dry_run: bool,
    on: datetime.date | None = None,
    due: list[DueFile] | None = None,
    progress: Callable[[], None] | None = None,
) -> RetentionRun:
    """Anonymise every due file (``dry_run``: only count them, change nothing)."""
    on = on or timezone.localdate()
    run = RetentionRun(dry_run=dry_run)
    for item in retention_due(on) if due is None else due:
        if dry_run or family_anonymise_for_retention(due=item, on=on):
            run.counts[item.rule] += 1
            run.family_ids.append(item.family_id)
        if progress is not None:
            progress()
    return run
