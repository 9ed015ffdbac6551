"""Checks the access log's hash chains: ``manage.py verify_access_log`` runs this.

A chain whose oldest lines were removed after their retention period
(``gezinsaanpak.audit.retention``) starts at its latest checkpoint instead of at line 1:
its first remaining line must be the checkpoint's sequence + 1 and link to the checkpoint's
hash. A chain whose lines were all removed is whole when its head is the checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from gezinsaanpak.audit.log import GENESIS_HASH, line_hash
from gezinsaanpak.models.audit import AccessEvent, AccessLogChain, AccessLogCheckpoint


@dataclass(frozen=True, slots=True)
class Verification:
    lines: int
    chains: int
    problems: list[str]
    # Findings that do not break the chain (lines kept past their checkpoint).
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Start:
    """Where the walk of a chain begins: after its latest checkpoint, or before line 1."""

    sequence: int
    hash: str
    checkpoint: bool


GENESIS = Start(0, GENESIS_HASH, checkpoint=False)

_CHUNK = 2000


def chain_starts(chain: str | None = None) -> dict[str, Start]:
    """The latest checkpoint of every chain that has one (or only of ``chain``)."""
    latest = AccessLogCheckpoint.objects.filter(chain=OuterRef("chain")).order_by("-sequence")
    checkpoints = _checkpoints(chain).filter(sequence=Subquery(latest.values("sequence")[:1]))
    return {
        key: Start(sequence, hash_, checkpoint=True)
        for key, sequence, hash_ in checkpoints.values_list("chain", "sequence", "hash")
    }


def lines_to_verify(chain: str | None = None) -> int:
    """How many lines :func:`verify` walks (the total of its progress)."""
    return _walked(chain, chain_starts(chain)).count()


def verify(chain: str | None = None, progress: Callable[[int], None] | None = None) -> Verification:
    """Walk every chain (or only ``chain``) in sequence order from its checkpoint and report
    each line that does not add up. ``progress`` is called with the lines checked so far,
    every 2,000."""
    starts = chain_starts(chain)
    heads = {head.key: head for head in _heads(chain)}
    problems: list[str] = []
    lines = 0
    seen: dict[str, tuple[int, str]] = {}
    walked = _walked(chain, starts).order_by("chain", "sequence")
    for line in walked.iterator(chunk_size=_CHUNK):
        lines += 1
        if line.chain in seen:
            problems.extend(check_line(line, *seen[line.chain]))
        else:
            start = starts.get(line.chain, GENESIS)
            problems.extend(check_line(line, start.sequence, start.hash, start=start))
        seen[line.chain] = (line.sequence, line.hash)
        if progress is not None and lines % _CHUNK == 0:
            progress(lines)
    chains = heads.keys() | seen.keys() | starts.keys()
    for key in sorted(chains):
        start = starts.get(key, GENESIS)
        last = seen.get(key, (start.sequence, start.hash))
        problems.extend(_check_tail(key, heads.get(key), last, has_lines=key in seen))
    notes = _kept_past_checkpoints(chain, starts)
    return Verification(lines=lines, chains=len(chains), problems=problems, notes=notes)


def check_line(
    line: AccessEvent, last_sequence: int, last_hash: str, *, start: Start | None = None
) -> list[str]:
    """What is wrong with ``line`` following (``last_sequence``, ``last_hash``): the line
    before it, or ``start`` for the first line walked of its chain."""
    name = f"chain {line.chain} line {line.sequence} (id {line.id})"
    after = start is not None and start.checkpoint
    problems = []
    if line.sequence != last_sequence + 1:
        missing = f"{last_sequence + 1} to {line.sequence - 1}"
        where = f" after the checkpoint at line {last_sequence}" if after else ""
        problems.append(f"{name}: lines {missing}{where} are missing (deleted).")
    if line.prev_hash != last_hash:
        before = f"the checkpoint at line {last_sequence}" if after else "the line before it"
        problems.append(f"{name}: does not link to {before} (deleted or edited).")
    if line_hash(line) != line.hash:
        problems.append(f"{name}: its content does not match its hash (edited).")
    return problems


def _lines(chain: str | None) -> QuerySet[AccessEvent]:
    lines = AccessEvent.objects.all()
    return lines if chain is None else lines.filter(chain=chain)


def _walked(chain: str | None, starts: dict[str, Start]) -> QuerySet[AccessEvent]:
    """The lines after each chain's checkpoint: the ones the hash chain still vouches for."""
    lines = _lines(chain)
    for key, start in starts.items():
        lines = lines.exclude(chain=key, sequence__lte=start.sequence)
    return lines


def _heads(chain: str | None) -> QuerySet[AccessLogChain]:
    heads = AccessLogChain.objects.all()
    return heads if chain is None else heads.filter(key=chain)


def _checkpoints(chain: str | None) -> QuerySet[AccessLogCheckpoint]:
    checkpoints = AccessLogCheckpoint.objects.all()
    return checkpoints if chain is None else checkpoints.filter(chain=chain)


def _check_tail(
    key: str, head: AccessLogChain | None, last: tuple[int, str], *, has_lines: bool
) -> list[str]:
    if head is None:
        what = "lines" if has_lines else "a checkpoint"
        return [f"chain {key}: has {what} but no head (the head was deleted)."]
    if (head.sequence, head.hash) != last:
        return [
            f"chain {key}: ends at line {last[0]} but its head says line {head.sequence} "
            "(lines removed from the end, or the head was edited)."
        ]
    return []


def _kept_past_checkpoints(chain: str | None, starts: dict[str, Start]) -> list[str]:
    """Lines at or before their chain's checkpoint that are still there: harmless (the
    chain is checked from the checkpoint on) and removed by the next prune."""
    if not starts:
        return []
    covered = Q()
    for key, start in starts.items():
        covered |= Q(chain=key, sequence__lte=start.sequence)
    counts = _lines(chain).filter(covered).order_by().values("chain").annotate(n=Count("id"))
    return [
        f"chain {row['chain']}: {row['n']} line(s) at or before its checkpoint at line "
        f"{starts[row['chain']].sequence} are still there; they are no longer checked, "
        "and the next prune removes them."
        for row in sorted(counts, key=lambda row: row["chain"])
    ]
