"""Checks the access log's hash chains: ``manage.py verify_access_log`` runs this.

A chain whose oldest lines were removed after their retention period
(``gezinsaanpak.audit.retention``) starts at its latest checkpoint instead of at line 1:
its first remaining line must be the checkpoint's sequence + 1 and link to the checkpoint's
hash. A chain whose lines were all removed is whole when its head is the checkpoint.

Incremental by default: each run records, per chain found whole, its last line
(``AccessLogVerified``), and the next run hashes only the lines after it. What it still
checks of the older lines, cheaply: the recorded line is still there with its hash (so a
rewritten or cut-off chain is named), and the number of lines between the checkpoint and
that line is still right (a removed line sends the chain back to a full walk, which names
it). ``full=True`` hashes every line again (an edit of an old line's content that kept
its hash is only seen then). A chain with a problem keeps its old point, so the next run
names the problem again.

On PostgreSQL the lines are hashed inside the server (``sha256()`` over the same canonical
JSON as :func:`gezinsaanpak.audit.log.line_hash`, in ranges of a chain) and only lines that
look wrong come back; Python then judges each of those with :func:`check_line`, so the
SQL is a fast path that can never report a problem Python does not confirm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gezinsaanpak.audit.log import GENESIS_HASH, line_hash
from gezinsaanpak.models.audit import (
    AccessEvent,
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogVerified,
)


@dataclass(frozen=True, slots=True)
class Verification:
    lines: int  # lines hashed by this run
    chains: int
    problems: list[str]
    # Findings that do not break the chain (lines kept past their checkpoint).
    notes: list[str] = field(default_factory=list)
    # Chains checked from their last verified point rather than from their start.
    incremental: int = 0

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
# Lines hashed per statement on PostgreSQL: bounds the memory of one statement and how
# often progress is reported.
_RANGE = 200_000


def chain_starts(chain: str | None = None) -> dict[str, Start]:
    """The latest checkpoint of every chain that has one (or only of ``chain``)."""
    latest = AccessLogCheckpoint.objects.filter(chain=OuterRef("chain")).order_by("-sequence")
    checkpoints = _checkpoints(chain).filter(sequence=Subquery(latest.values("sequence")[:1]))
    return {
        key: Start(sequence, hash_, checkpoint=True)
        for key, sequence, hash_ in checkpoints.values_list("chain", "sequence", "hash")
    }


def verified_points(chain: str | None = None) -> dict[str, Start]:
    """Where the last run found each chain whole (or only ``chain``)."""
    points = AccessLogVerified.objects.all()
    if chain is not None:
        points = points.filter(chain=chain)
    return {
        key: Start(sequence, hash_, checkpoint=False)
        for key, sequence, hash_ in points.values_list("chain", "sequence", "hash")
    }


def lines_to_verify(chain: str | None = None, *, full: bool = False) -> int:
    """About how many lines :func:`verify` hashes (the total of its progress)."""
    starts = chain_starts(chain)
    if not full:
        for key, point in verified_points(chain).items():
            if point.sequence > starts.get(key, GENESIS).sequence:
                starts[key] = point
    return _walked(chain, starts).count()


def verify(
    chain: str | None = None,
    progress: Callable[[int], None] | None = None,
    *,
    full: bool = False,
    record: bool = True,
) -> Verification:
    """Walk every chain (or only ``chain``) in sequence order and report each line that
    does not add up: from its last verified point, or (``full``, or no point yet) from its
    checkpoint or line 1. ``progress`` is called with the lines hashed so far. ``record``:
    remember where each chain that is whole ends, for the next run.

    Lines keep being written while this runs: each chain is walked up to its head as read
    before the walk (the current writer commits a chain's lines with its head), and a line
    found past that head counts only when the head, read again, does not cover it."""
    starts = chain_starts(chain)
    points = verified_points(chain)
    heads = {head.key: head for head in _heads(chain)}
    chains = sorted(heads.keys() | starts.keys() | _chains_with_lines(chain))
    problems: list[str] = []
    reached: dict[str, Start] = {}
    walked_all: set[str] = set()
    walker = _SqlWalk() if connection.vendor == "postgresql" else _PythonWalk()
    done = 0
    incremental = 0
    for key in chains:
        start = starts.get(key, GENESIS)
        point = points.get(key)
        head = heads.get(key)
        chain_problems: list[str] = []
        walk_from = start
        if point is not None and point.sequence > start.sequence:
            anchor = _anchor_problem(key, point)
            chain_problems.extend(anchor)
            if not full and not anchor and _complete(key, start, point):
                walk_from = point
                incremental += 1
        last, has_lines = (walk_from.sequence, walk_from.hash), walk_from is not start
        first_start = start if walk_from is start else None
        through = head.sequence if head is not None else None
        for item in walker.walk(key, walk_from, through, first_start=first_start):
            if isinstance(item, int):
                done += item
                if progress is not None and item:
                    progress(done)
                continue
            chain_problems.extend(item.problems)
            if item.last is not None:
                last, has_lines = item.last, True
        chain_problems.extend(_check_tail(key, head, last, has_lines=has_lines))
        problems.extend(chain_problems)
        if not chain_problems and last[0] > 0:
            reached[key] = Start(last[0], last[1], checkpoint=False)
            if walk_from is start:
                walked_all.add(key)
    notes = _kept_past_checkpoints(chain, starts)
    if record and reached:
        _record(reached, walked_all)
    return Verification(
        lines=done, chains=len(chains), problems=problems, notes=notes, incremental=incremental
    )


@dataclass(frozen=True, slots=True)
class _Found:
    problems: list[str]
    last: tuple[int, str] | None  # the last line walked so far: (sequence, hash)


class _PythonWalk:
    """Every line through :func:`check_line`: SQLite, and the judge of the SQL walk."""

    def walk(
        self, key: str, start: Start, through: int | None, *, first_start: Start | None
    ) -> Iterator[_Found | int]:
        lines = AccessEvent.objects.filter(chain=key, sequence__gt=start.sequence)
        if through is not None:
            lines = lines.filter(sequence__lte=through)
        previous: tuple[int, str] = (start.sequence, start.hash)
        first = True
        count = 0
        problems: list[str] = []
        for line in lines.order_by("sequence").iterator(chunk_size=_CHUNK):
            problems.extend(check_line(line, *previous, start=first_start if first else None))
            first = False
            previous = (line.sequence, line.hash)
            count += 1
            if count % _CHUNK == 0:
                yield _Found(problems, previous)
                problems = []
                yield _CHUNK
        yield _Found(problems, None if first else previous)
        yield count % _CHUNK


class _SqlWalk:
    """PostgreSQL: the server hashes a range of a chain and returns only the lines that do
    not add up (and the range's last line); Python judges those with :func:`check_line`."""

    def walk(
        self, key: str, start: Start, through: int | None, *, first_start: Start | None
    ) -> Iterator[_Found | int]:
        previous = (start.sequence, start.hash)
        first = True
        low = start.sequence
        top = _top(key) if through is None else through
        while low < top:
            high = min(low + _RANGE, top)
            problems: list[str] = []
            count = 0
            with connection.cursor() as cursor:
                cursor.execute(_SQL_RANGE, [previous[0], previous[1], key, low, high])
                rows = cursor.fetchall()
            odd = [row for row in rows if row[5]]
            loaded = _load(row[0] for row in odd)
            for line_id, _seq, _hash, before_sequence, before_hash, _odd, _last, n in odd:
                at_start = first and n == 1
                problems.extend(
                    check_line(
                        loaded[line_id],
                        before_sequence,
                        before_hash,
                        start=first_start if at_start else None,
                    )
                )
            for _id, sequence, hash_, _bs, _bh, _odd, last, n in rows:
                if last:
                    previous, count = (sequence, hash_), n
            if count:
                first = False
            yield _Found(problems, None if first else previous)
            yield count
            low = high


def _load(ids: Iterable[UUID]) -> dict[UUID, AccessEvent]:
    """The lines with these ids, a thousand per query."""
    loaded: dict[UUID, AccessEvent] = {}
    batch: list[UUID] = []
    for line_id in [*ids, None]:
        if line_id is not None:
            batch.append(line_id)
        if batch and (line_id is None or len(batch) == 1000):
            loaded.update(AccessEvent.objects.in_bulk(batch))
            batch = []
    return loaded


def _top(key: str) -> int:
    top = (
        AccessEvent.objects.filter(chain=key)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    return top or 0


# The text columns of a line. In SQL they are quoted without escaping (much cheaper than
# to_json), which is exact when none holds a quote, a backslash or a control character;
# a line where one does is left to Python (see _UNSAFE).
_TEXT_COLUMNS = (
    "action",
    "actor_kind",
    "actor_label",
    "chain",
    "object_id",
    "object_type",
    "on_behalf_of",
    "outcome",
    "reason",
    "request_id",
    "role",
)
_UNSAFE = "coalesce(({}) ~ '[\"\\\\[:cntrl:]]', true)".format(" || ".join(_TEXT_COLUMNS))


def _canonical_sql() -> str:
    """The canonical JSON of :func:`gezinsaanpak.audit.log.line_hash`, built in SQL: keys
    sorted, no spaces, as Python's ``json.dumps(ensure_ascii=False)`` writes it for lines
    the writer accepts (field names and details are names and short codes, so dropping
    jsonb's space between two strings is exact for them). Where it differs (an odd line),
    the line only goes to Python: the SQL never decides that a line is wrong."""

    def text(column: str) -> str:
        return f"'\"' || {column} || '\"'"

    def uuid(column: str) -> str:
        return f"CASE WHEN {column} IS NULL THEN 'null' ELSE '\"' || {column}::text || '\"' END"

    # Empty, or one key whose value holds no space (the only space is jsonb's after the
    # key): jsonb's text without that space. Otherwise the keys sorted one by one.
    details = """CASE WHEN details = '{}'::jsonb THEN '{}'
        WHEN jsonb_typeof(details) = 'object'
            AND length(details::text) - length(replace(details::text, ' ', '')) = 1
            AND position('": ' in details::text) > 0
            THEN replace(details::text, '": ', '":')
        WHEN jsonb_typeof(details) = 'object' THEN (
        SELECT '{' || string_agg(
            to_json(d.key)::text || ':' || CASE WHEN jsonb_typeof(d.value) = 'array'
                THEN replace(d.value::text, '", "', '","') ELSE d.value::text END,
            ',' ORDER BY d.key COLLATE "C") || '}'
        FROM jsonb_each(details) AS d) ELSE details::text END"""
    ip = """CASE WHEN ip IS NULL THEN 'null'
        WHEN masklen(ip) = CASE family(ip) WHEN 4 THEN 32 ELSE 128 END
        THEN '"' || host(ip) || '"' ELSE '"' || ip::text || '"' END"""
    parts = [
        ("action", text("action")),
        ("actor_id", uuid("actor_id")),
        ("actor_kind", text("actor_kind")),
        ("actor_label", text("actor_label")),
        (
            "at",
            """'"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
            || '+00:00"'""",
        ),
        ("chain", text("chain")),
        ("details", details),
        ("family_id", uuid("family_id")),
        ("fields", "replace(fields::text, '\", \"', '\",\"')"),
        ("id", uuid("id")),
        ("ip", ip),
        ("object_id", text("object_id")),
        ("object_type", text("object_type")),
        ("on_behalf_of", text("on_behalf_of")),
        ("organisation_id", uuid("organisation_id")),
        ("outcome", text("outcome")),
        ("reason", text("reason")),
        ("request_id", text("request_id")),
        ("role", text("role")),
        ("sequence", "sequence::text"),
    ]
    body = " || ',' || ".join(f"'\"{name}\":' || ({expr})" for name, expr in parts)
    return f"'{{' || {body} || '}}'"


_TABLE = AccessEvent._meta.db_table
# One range of one chain: every line with its predecessor (the line before it in the
# range, or the given one for the first), whether it looks wrong, and the range's last.
_SQL_RANGE = f"""
SELECT id, sequence, hash, before_sequence, before_hash, suspicious, last, n FROM (
    SELECT id, sequence, hash,
        coalesce(lag(sequence) OVER w, %s::bigint) AS before_sequence,
        coalesce(lag(hash) OVER w, %s::text) AS before_hash,
        lead(sequence) OVER w IS NULL AS last,
        row_number() OVER w AS n,
        prev_hash, unsafe, computed
    FROM (
        SELECT id, sequence, hash, prev_hash, {_UNSAFE} AS unsafe,
            encode(sha256(convert_to(prev_hash || {_canonical_sql()}, 'UTF8')), 'hex')
                AS computed
        FROM {_TABLE} WHERE chain = %s AND sequence > %s AND sequence <= %s
    ) AS hashed
    WINDOW w AS (ORDER BY sequence)
) AS walked,
LATERAL (SELECT
    sequence <> before_sequence + 1 OR prev_hash IS DISTINCT FROM before_hash
        OR unsafe OR hash IS DISTINCT FROM computed AS suspicious) AS judged
WHERE suspicious OR last
"""  # noqa: S608 - constant names only


def _anchor_problem(key: str, point: Start) -> list[str]:
    """The line the last run verified must still be there with the same hash."""
    hash_ = (
        AccessEvent.objects.filter(chain=key, sequence=point.sequence)
        .values_list("hash", flat=True)
        .first()
    )
    if hash_ == point.hash:
        return []
    what = "is gone" if hash_ is None else "has a different hash"
    return [
        f"chain {key}: line {point.sequence}, whole at the last verification, {what} "
        "(deleted, edited or the chain was rewritten)."
    ]


def _complete(key: str, start: Start, point: Start) -> bool:
    """No line is missing between the chain's start and its verified point (an index
    count, no hashing)."""
    lines = AccessEvent.objects.filter(
        chain=key, sequence__gt=start.sequence, sequence__lte=point.sequence
    )
    return lines.count() == point.sequence - start.sequence


def _record(reached: dict[str, Start], walked_all: set[str]) -> None:
    now = timezone.now()
    for full in (True, False):
        AccessLogVerified.objects.bulk_create(
            [
                AccessLogVerified(
                    chain=key,
                    sequence=point.sequence,
                    hash=point.hash,
                    at=now,
                    full_at=now if full else None,
                )
                for key, point in reached.items()
                if (key in walked_all) == full
            ],
            update_conflicts=True,
            unique_fields=["chain"],
            update_fields=["sequence", "hash", "at", *(["full_at"] if full else [])],
        )


def full_check_due(days: int) -> bool:
    """Whether some chain has not had every line hashed for ``days`` days (the scheduled
    job then checks everything)."""
    since = timezone.now() - timedelta(days=days)
    stale = Q(full_at__isnull=True) | Q(full_at__lt=since)
    return AccessLogVerified.objects.filter(stale).exists()


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


def _chains_with_lines(chain: str | None) -> set[str]:
    """The chains that have lines (even without a head): on PostgreSQL one index probe
    per chain (a loose index scan), not a scan of the whole log."""
    if chain is not None or connection.vendor != "postgresql":
        return set(_lines(chain).order_by().values_list("chain", flat=True).distinct())
    with connection.cursor() as cursor:
        cursor.execute(_SQL_CHAINS)
        return {row[0] for row in cursor.fetchall()}


_SQL_CHAINS = f"""
WITH RECURSIVE chains AS (
    SELECT min(chain) AS chain FROM {_TABLE}
    UNION ALL
    SELECT (SELECT min(chain) FROM {_TABLE} WHERE chain > chains.chain)
    FROM chains WHERE chains.chain IS NOT NULL
)
SELECT chain FROM chains WHERE chain IS NOT NULL
"""  # noqa: S608 - constant names only


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
    beyond = _top(key)
    if beyond > head.sequence:
        # Written since the head was read, or added behind the head's back.
        fresh = AccessLogChain.objects.filter(key=key).values_list("sequence", flat=True).first()
        if fresh is None or beyond > fresh:
            return [
                f"chain {key}: has lines up to line {beyond} but its head says line "
                f"{head.sequence if fresh is None else fresh} (lines added behind the "
                "head, or the head was edited)."
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
