"""The access log's own retention: lines leave after their 5 years, as a prefix of a chain.

Run by ``manage.py prune_access_log`` and the scheduled ``prune_access_log`` job. For each
chain it takes the oldest lines after the chain's latest checkpoint, up to (not including)
the first line younger than the cut-off: a prefix, even when clocks made a later line
older than an earlier one. In one transaction per batch it checks that those lines still
verify (so pruning never destroys evidence of tampering), records a checkpoint (chain,
the last removed line's sequence, hash and time, how many, by whom), deletes the lines up
to it, and writes an access-log line about it (in the system chain).

The database enforces the shape (migration 0015): a line can be deleted only when a
checkpoint of its chain covers it, a checkpoint must name a line with its hash and only
moves forward, and checkpoints cannot be changed or deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from gezinsaanpak.audit.events import access_log as events
from gezinsaanpak.audit.verify import GENESIS, Start, chain_starts, check_line
from gezinsaanpak.models.audit import AccessEvent, AccessLogChain, AccessLogCheckpoint

logger = logging.getLogger("gezinsaanpak.audit")

# Lines removed per transaction and checkpoint: bounds the time a batch holds its locks
# and the lines held in memory, when years of lines are due at once.
BATCH = 10_000


@dataclass(frozen=True, slots=True)
class ChainPrune:
    """What pruning did (or would do) to one chain."""

    chain: str
    removed: int  # lines removed (or, in a dry run, that would be)
    through: int  # the chain now starts after this line (its latest checkpoint)
    refused: str = ""  # why the chain was left alone: its oldest lines do not verify


def prune(*, older_than_days: int, by: str, dry_run: bool = False) -> list[ChainPrune]:
    """Remove (``dry_run``: count) every chain's lines older than ``older_than_days``;
    ``by`` says who asked (``command``, ``schedule``). One result per chain touched."""
    if older_than_days < 1:
        raise ValueError("The retention period is at least one day.")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    results = []
    for chain in AccessLogChain.objects.order_by("key").values_list("key", flat=True):
        result = _prune_chain(chain, cutoff, by=by, dry_run=dry_run)
        if result is not None:
            results.append(result)
    return results


def _prune_chain(chain: str, cutoff: datetime, *, by: str, dry_run: bool) -> ChainPrune | None:
    start = chain_starts(chain).get(chain, GENESIS)
    removed, refused = 0, ""
    while True:
        with transaction.atomic():
            if not dry_run:
                _lock(chain)
                start = chain_starts(chain).get(chain, GENESIS)  # another prune may have run
            batch = _old_lines(chain, start, cutoff)
            refused = _first_problem(batch, start)
            if not batch or refused:
                break
            if not dry_run:
                _remove(chain, batch, by=by)
        removed += len(batch)
        start = Start(batch[-1].sequence, batch[-1].hash, checkpoint=True)
        if len(batch) < BATCH:
            break
    if refused:
        logger.error("Access-log chain %s was not pruned (further): %s", chain, refused)
    if not removed and not refused:
        return None
    return ChainPrune(chain, removed, start.sequence, refused)


def _lock(chain: str) -> None:
    """One prune per chain at a time; writers of the chain do not wait for it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            key = f"gezinsaanpak.access_log_prune:{chain}"
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _old_lines(chain: str, start: Start, cutoff: datetime) -> list[AccessEvent]:
    """The oldest lines after ``start``, up to the first one that is not older than
    ``cutoff``: a prefix of what is left of the chain, at most ``BATCH`` lines."""
    after = AccessEvent.objects.filter(chain=chain, sequence__gt=start.sequence)
    batch = []
    for line in after.order_by("sequence")[:BATCH].iterator(chunk_size=1000):
        if line.at >= cutoff:
            break
        batch.append(line)
    return batch


def _first_problem(batch: list[AccessEvent], start: Start) -> str:
    """The first reason the batch does not verify from ``start``; empty when it does."""
    previous = start
    for line in batch:
        problems = check_line(line, previous.sequence, previous.hash, start=previous)
        if problems:
            return problems[0]
        previous = Start(line.sequence, line.hash, checkpoint=False)
    return ""


def _remove(chain: str, batch: list[AccessEvent], *, by: str) -> None:
    last = batch[-1]
    checkpoint = AccessLogCheckpoint(
        chain=chain,
        sequence=last.sequence,
        hash=last.hash,
        line_at=last.at,
        removed=len(batch),
        by=by,
    )
    checkpoint.full_clean()
    checkpoint.save()
    # Also takes any line left at or before an earlier checkpoint (see verify's notes).
    _delete_through(chain, last.sequence)
    events.access_log_pruned(
        chain=chain,
        checkpoint_id=checkpoint.pk,
        through_sequence=last.sequence,
        removed=len(batch),
        by=by,
    )


def _delete_through(chain: str, sequence: int) -> int:
    """Raw SQL: the model refuses every delete; the database allows this one only because
    the checkpoint just recorded covers these lines."""
    table = connection.ops.quote_name(AccessEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE chain = %s AND sequence <= %s",  # noqa: S608 - constant
            [chain, sequence],
        )
        return int(cursor.rowcount)
