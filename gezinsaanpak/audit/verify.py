"""Checks the access log's hash chains: ``manage.py verify_access_log`` runs this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from gezinsaanpak.audit.log import GENESIS_HASH, line_hash
from gezinsaanpak.models.audit import AccessEvent, AccessLogChain


@dataclass(frozen=True, slots=True)
class Verification:
    lines: int
    chains: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


_CHUNK = 2000


def lines_to_verify(chain: str | None = None) -> int:
    """How many lines :func:`verify` walks (the total of its progress)."""
    return _lines(chain).count()


def verify(chain: str | None = None, progress: Callable[[int], None] | None = None) -> Verification:
    """Walk every chain (or only ``chain``) in sequence order and report each line that
    does not add up. ``progress`` is called with the lines checked so far, every 2,000."""
    heads = {head.key: head for head in _heads(chain)}
    problems: list[str] = []
    lines = 0
    seen: dict[str, tuple[int, str]] = {}
    for line in _lines(chain).order_by("chain", "sequence").iterator(chunk_size=_CHUNK):
        lines += 1
        last_sequence, last_hash = seen.get(line.chain, (0, GENESIS_HASH))
        problems.extend(_check_line(line, last_sequence, last_hash))
        seen[line.chain] = (line.sequence, line.hash)
        if progress is not None and lines % _CHUNK == 0:
            progress(lines)
    for key in sorted(heads.keys() | seen.keys()):
        problems.extend(_check_tail(key, heads.get(key), seen.get(key, (0, GENESIS_HASH))))
    return Verification(lines=lines, chains=len(heads.keys() | seen.keys()), problems=problems)


def _lines(chain: str | None) -> QuerySet[AccessEvent]:
    lines = AccessEvent.objects.all()
    return lines if chain is None else lines.filter(chain=chain)


def _heads(chain: str | None) -> QuerySet[AccessLogChain]:
    heads = AccessLogChain.objects.all()
    return heads if chain is None else heads.filter(key=chain)


def _check_line(line: AccessEvent, last_sequence: int, last_hash: str) -> list[str]:
    name = f"chain {line.chain} line {line.sequence} (id {line.id})"
    problems = []
    if line.sequence != last_sequence + 1:
        missing = f"{last_sequence + 1} to {line.sequence - 1}"
        problems.append(f"{name}: lines {missing} are missing (deleted).")
    if line.prev_hash != last_hash:
        problems.append(f"{name}: does not link to the line before it (deleted or edited).")
    if line_hash(line) != line.hash:
        problems.append(f"{name}: its content does not match its hash (edited).")
    return problems


def _check_tail(key: str, head: AccessLogChain | None, last: tuple[int, str]) -> list[str]:
    if head is None:
        return [f"chain {key}: has lines but no head (the head was deleted)."]
    if (head.sequence, head.hash) != last:
        return [
            f"chain {key}: ends at line {last[0]} but its head says line {head.sequence} "
            "(lines removed from the end, or the head was edited)."
        ]
    return []
