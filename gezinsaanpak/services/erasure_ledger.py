"""The erasure ledger outside the database: one JSON line per erased or anonymised file.

A restore of an older database backup brings back every file erased since that backup. The
ledger is how they are found again: ``manage.py replay_erasures`` reads it and erases them
once more. So it cannot live only in the database: each line is appended to a file under
``ERASURE_LEDGER_DIR``, which is kept on storage that is not restored with the database and
is backed up apart from it (docs/operations.md). The table ``ErasureLedgerEntry`` holds
the same lines inside the database.

- **Ids, dates and counts only**: the family id, the organisation, the reason (and rule),
  the certificate, the request and who erased; never a value.
- **One file per machine** (``erasures-<host>.jsonl``): every process on a machine appends
  to that machine's file under an exclusive lock, with ``fsync``, so lines never interleave,
  also when several machines share the directory. The replay reads every file there.
- **Written before the commit.** The service appends the line as the last step inside its
  transaction: if the line cannot be written, the transaction rolls back and nothing is
  erased. If the commit fails after the line was written, a ``cancelled`` line follows it
  (best effort); should even that fail, the replay erases the file later, which is what
  the privacy officer had decided.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings

logger = logging.getLogger("gezinsaanpak.privacy")

VERSION = 1
ERASED = "erased"
CANCELLED = "cancelled"
FILE_PATTERN = "erasures-*.jsonl"


class LedgerWriteError(Exception):
    """The ledger file could not be written: nothing may be erased without its line."""


@dataclass(frozen=True)
class LedgerLine:
    """One erased or anonymised file (ids, codes, dates and counts)."""

    family_id: UUID
    organisation_id: UUID
    reason: str
    erased_at: datetime
    rule: str = ""
    certificate_id: UUID | None = None
    request_id: UUID | None = None
    erased_by: UUID | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    id: UUID = field(default_factory=uuid.uuid4)

    def as_json(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "kind": ERASED,
            "id": str(self.id),
            "family": str(self.family_id),
            "organisation": str(self.organisation_id),
            "reason": self.reason,
            "rule": self.rule,
            "erased_at": self.erased_at.isoformat(),
            "certificate": _text(self.certificate_id),
            "request": _text(self.request_id),
            "by": _text(self.erased_by),
            "counts": self.counts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LedgerLine:
        return cls(
            id=UUID(data["id"]),
            family_id=UUID(data["family"]),
            organisation_id=UUID(data["organisation"]),
            reason=str(data["reason"]),
            rule=str(data.get("rule") or ""),
            erased_at=datetime.fromisoformat(data["erased_at"]),
            certificate_id=_uuid(data.get("certificate")),
            request_id=_uuid(data.get("request")),
            erased_by=_uuid(data.get("by")),
            counts=_counts(data.get("counts")),
        )


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _uuid(value: object) -> UUID | None:
    return UUID(str(value)) if value else None


def _counts(value: object) -> dict[str, dict[str, int]]:
    if not isinstance(value, dict):
        return {}
    return {
        str(part): {str(kind): int(number) for kind, number in kinds.items()}
        for part, kinds in value.items()
        if isinstance(kinds, dict)
    }


def ledger_dir() -> Path:
    return Path(settings.ERASURE_LEDGER_DIR)


def own_file() -> Path:
    """This machine's ledger file (a host name made safe for a file name)."""
    host = re.sub(r"[^A-Za-z0-9_.-]", "_", socket.gethostname()) or "host"
    return ledger_dir() / f"erasures-{host}.jsonl"


def _append(record: dict[str, Any]) -> None:
    data = (json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n").encode()
    path = own_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX)
        written = 0
        while written < len(data):
            written += os.write(descriptor, data[written:])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)  # closing releases the lock


def append(line: LedgerLine) -> None:
    """Append ``line`` and make it durable; :class:`LedgerWriteError` when that fails."""
    try:
        _append(line.as_json())
    except OSError as error:
        logger.error("The erasure ledger could not be written (%s).", type(error).__name__)
        raise LedgerWriteError(str(ledger_dir())) from error


def cancel(line: LedgerLine) -> None:
    """Best effort: mark ``line`` as not applied (its transaction did not commit)."""
    try:
        _append({"v": VERSION, "kind": CANCELLED, "id": str(line.id)})
    except OSError as error:
        logger.error(
            "An erasure that did not commit stays in the ledger (%s): the replay applies it.",
            type(error).__name__,
        )


@dataclass
class LedgerContents:
    """Every line that counts, and what could not be read (a torn last line, say)."""

    lines: list[LedgerLine] = field(default_factory=list)
    files: int = 0
    cancelled: int = 0
    unreadable: int = 0


def _records(path: Path) -> Iterator[dict[str, Any] | None]:
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                yield None
                continue
            yield record if isinstance(record, dict) else None


def read() -> LedgerContents:
    """Every ledger file in ``ERASURE_LEDGER_DIR``, lines in the order they were erased."""
    contents = LedgerContents()
    erased: dict[str, LedgerLine] = {}
    cancelled: set[str] = set()
    for path in sorted(ledger_dir().glob(FILE_PATTERN)):
        contents.files += 1
        for record in _records(path):
            try:
                if record is None:
                    raise ValueError
                if record.get("kind") == CANCELLED:
                    cancelled.add(str(UUID(record["id"])))
                else:
                    line = LedgerLine.from_json(record)
                    erased[str(line.id)] = line
            except (KeyError, TypeError, ValueError):
                contents.unreadable += 1
    contents.cancelled = len(cancelled & set(erased))
    kept = [line for key, line in erased.items() if key not in cancelled]
    contents.lines = sorted(kept, key=lambda line: (line.erased_at, str(line.id)))
    return contents
