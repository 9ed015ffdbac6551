"""The access log at national scale (issue 19): writing, paging and verifying it.

Usage (PostgreSQL only; DATABASE_URL names the server, the data lives in its own
``gezinsaanpak_bench_speed`` database, dropped and created every run)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/speed.py [--scale 1.0] [--seconds 8]

Production settings (``config.settings.production``, DEBUG off, persistent connections),
with bench-only keys. At ``--scale 1`` the log holds 100,000 lines, then 10,000,000 lines
(over 20 organisations' chains, valid hash chains, times spread over a year); smaller
scales shrink both, keeping the factor 100. Generation computes each line's hash in
Python (``audit.log.line_hash``) and loads the lines with COPY; it says how long it took.

Prints one ``name: value`` line per figure on stdout (progress on stderr):

- ``access_log_us_per_line``: ``record_many`` of a 50-line page in a transaction, per line
  (the fastest of interleaved rounds, the transaction rolled back);
- ``same_org_vs_spread_8``: 8 processes writing 50-line batches, each in its own committed
  transaction, for ``--seconds``: calls/s with all 8 in one organisation against each in
  its own organisation;
- ``log_page_10m_vs_100k``: the privacy officer's newest-first first page (the selector
  and its keyset page, as the page runs them) at the large size against the small one;
- ``verify_lines_per_s``: ``verify(full=True)`` over the whole log (at the large size);
- ``verify_incremental_s``: the next (incremental) run after 1,000 new lines.

The figures of the issue that need served pages (``coordinator_page_vs_plain_page``,
``placements_page_vs_plain_page``, ``access_log_page_overhead``) and
``list_statements_5_vs_50`` are not measured here (see bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import _pg  # noqa: E402  (bench/ is the script's directory, so it is on sys.path)
import _timing  # noqa: E402

DATABASE = "gezinsaanpak_bench_speed"
SMALL = 100_000
LARGE = 10_000_000
PAGE = 50
WRITERS = 8
OFFICER = "bench-privacy@example.org"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100k then 10M lines")
    parser.add_argument("--seconds", type=float, default=8.0, help="per concurrent writing run")
    return parser.parse_args()


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    os.environ["DATABASE_URL"] = url
    # Bench-only secrets: production settings refuse to start without them.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "bench1:" + "A" * 43 + "=")
    os.environ.setdefault("BLIND_INDEX_KEY", "B" * 43 + "=")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("ERASURE_LEDGER_DIR", "/tmp/gezinsaanpak-bench-ledger")  # noqa: S108
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql" or settings.DEBUG:
        sys.exit("bench: needs PostgreSQL and DEBUG off.")


def create_world() -> list[Any]:
    """20 libraries and the privacy officer of the first; their ids."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Organisation, Role, User

    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench bibliotheek {i:02d}", kind=Organisation.Kind.LIBRARY)
        for i in range(_pg.ORGANISATIONS)
    )
    users = [
        User(
            email=f"bench-w-{i:02d}@example.org",
            organisation=organisation,
            role=Role.SPECIALIST,
            password=make_password(None),
        )
        for i, organisation in enumerate(organisations)
    ]
    users.append(
        User(
            email=OFFICER,
            organisation=organisations[0],
            role=Role.PRIVACY_OFFICER,
            password=make_password(None),
        )
    )
    User.objects.bulk_create(users)
    return [organisation.pk for organisation in organisations]


class _Line:
    """What line_hash reads, without a model instance."""

    __slots__ = (
        "action",
        "actor_id",
        "actor_kind",
        "actor_label",
        "at",
        "chain",
        "details",
        "family_id",
        "fields",
        "hash",
        "id",
        "ip",
        "object_id",
        "object_type",
        "on_behalf_of",
        "organisation_id",
        "outcome",
        "prev_hash",
        "reason",
        "request_id",
        "role",
        "sequence",
    )  # fmt: skip


COLUMNS = (*_Line.__slots__,)


def generate(organisations: list[Any], count: int, *, span: timedelta) -> float:
    """Append ``count`` lines over the organisations' chains, in time order ending now;
    returns the seconds it took."""
    from django.db import connection

    from gezinsaanpak.audit.log import GENESIS_HASH, line_hash
    from gezinsaanpak.models.audit import AccessLogChain

    started = time.perf_counter()
    heads = {h.key: h for h in AccessLogChain.objects.all()}
    state = {
        str(o): (heads[str(o)].sequence, heads[str(o)].hash)
        if str(o) in heads
        else (0, GENESIS_HASH)
        for o in organisations
    }
    now = datetime.now(UTC)
    first = now - span
    step = span / max(count, 1)
    actors = {str(o): uuid.uuid4() for o in organisations}
    batch = 100_000
    table = "gezinsaanpak_accessevent"
    for start in range(0, count, batch):
        buffer = io.StringIO()
        for i in range(start, min(start + batch, count)):
            chain = str(organisations[i % len(organisations)])
            sequence, prev = state[chain]
            line = _Line()
            line.id = uuid.uuid4()
            line.chain = chain
            line.sequence = sequence + 1
            line.at = first + step * i
            line.actor_id = actors[chain]
            line.actor_label = "bench@example.org"
            line.actor_kind = "user"
            line.role = "specialist"
            line.organisation_id = chain
            line.on_behalf_of = ""
            line.action = "list"
            line.object_type = "family"
            line.object_id = str(uuid.uuid4())
            line.family_id = line.object_id
            line.fields = ["status", "opened_on", "postcode"]
            line.outcome = "success"
            line.ip = "10.0.0.1"
            line.request_id = "bench-request"
            line.reason = ""
            line.details = {} if i % 3 else {"reason": "bench"}
            line.prev_hash = prev
            line.hash = line_hash(line)  # type: ignore[arg-type]
            state[chain] = (line.sequence, line.hash)
            buffer.write(_copy_row(line))
        buffer.seek(0)
        with connection.cursor() as cursor:
            columns = ", ".join(COLUMNS)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                copy.write(buffer.getvalue())
        _pg.progress(f"  lines {min(start + batch, count):,} / {count:,}")
    AccessLogChain.objects.bulk_create(
        [AccessLogChain(key=key, sequence=s, hash=h) for key, (s, h) in state.items()],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["sequence", "hash"],
    )
    with connection.cursor() as cursor:
        _pg.vacuum_analyze(cursor, [table])
    return time.perf_counter() - started


def _copy_row(line: _Line) -> str:
    import json

    def text(value: Any) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, list | dict):
            value = json.dumps(value)
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    return "\t".join(text(getattr(line, column)) for column in COLUMNS) + "\n"


def log_page_ms() -> float:
    """The privacy officer's first page of the log, as the page builds it (fastest of 15)."""
    from django.db import transaction

    from accounts.models import User
    from gezinsaanpak.selectors.access_log import access_events_for_user
    from gezinsaanpak.selectors.keyset import keyset_page

    officer = User.objects.get(email=OFFICER)

    def page() -> None:
        with transaction.atomic():
            rows = keyset_page(access_events_for_user(officer), None, size=PAGE)
            assert rows.rows
            transaction.set_rollback(True)  # leave the log as generated

    (seconds,) = _timing.best(page, number=5, repeat=15)
    return seconds * 1000


def us_per_line() -> float:
    from django.db import transaction

    from accounts.models import User
    from gezinsaanpak.audit import log as access_log
    from gezinsaanpak.models.audit import Action

    user = User.objects.get(email="bench-w-00@example.org")
    entries = [
        access_log.Entry("family", uuid.uuid4(), uuid.uuid4(), ("status", "postcode"))
        for _ in range(PAGE)
    ]

    def write() -> None:
        with transaction.atomic():
            access_log.record_many(actor=user, action=Action.LIST, entries=entries)
            transaction.set_rollback(True)

    (seconds,) = _timing.best(write, number=10, repeat=9)
    return seconds / PAGE * 1e6


def _writer(url: str, email: str, seconds: float, go: Any, out: Any) -> None:
    """One writing process: 50-line batches, one committed transaction each."""
    sys.stdout = sys.stderr
    setup_django(url)
    from django.db import transaction

    from accounts.models import User
    from gezinsaanpak.audit import log as access_log
    from gezinsaanpak.models.audit import Action

    user = User.objects.get(email=email)
    entries = [access_log.Entry("family", uuid.uuid4(), uuid.uuid4(), ("status",))] * PAGE
    access_log.record_many(actor=user, action=Action.LIST, entries=entries)  # connect, warm
    out.put("ready")
    go.wait()
    calls = 0
    end = time.time() + seconds
    while time.time() < end:
        with transaction.atomic():
            access_log.record_many(actor=user, action=Action.LIST, entries=entries)
        calls += 1
    out.put(calls)


def calls_per_s(url: str, emails: list[str], seconds: float) -> float:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    go = context.Event()
    processes = [
        context.Process(target=_writer, args=(url, email, seconds, go, queue)) for email in emails
    ]
    for process in processes:
        process.start()
    for _ in processes:  # every process set up and connected first
        queue.get()
    go.set()
    total = sum(queue.get() for _ in processes)
    for process in processes:
        process.join()
    return total / seconds


def main() -> None:
    args = parse_args()
    url = _pg.bench_url(os.environ.get("DATABASE_URL"), DATABASE)
    _pg.progress(f"creating database {DATABASE}")
    _pg.create_database(url, drop_first=True, database=DATABASE)
    setup_django(url)
    from django.core.management import call_command

    from gezinsaanpak.audit import verify as access_log_verify

    call_command("migrate", verbosity=0)
    organisations = create_world()
    small, large = int(SMALL * args.scale), int(LARGE * args.scale)
    figures: dict[str, float | int] = {"small_lines": small, "large_lines": large}

    generated = generate(organisations, small, span=timedelta(days=4))
    _pg.progress(f"generated {small:,} lines in {generated:.1f} s")
    small_page = log_page_ms()
    figures["access_log_us_per_line"] = us_per_line()
    one = ["bench-w-00@example.org"] * WRITERS
    spread = [f"bench-w-{i:02d}@example.org" for i in range(WRITERS)]
    same = calls_per_s(url, one, args.seconds)
    apart = calls_per_s(url, spread, args.seconds)
    figures["same_org_vs_spread_8"] = same / apart
    figures["same_org_calls_per_s"] = same
    figures["spread_calls_per_s"] = apart

    more = generate(organisations, large - small, span=timedelta(days=365))
    _pg.progress(f"generated {large - small:,} more lines in {more:.1f} s")
    figures["generation_s"] = generated + more
    large_page = log_page_ms()
    figures["log_page_10m_vs_100k"] = large_page / small_page
    figures["log_page_small_ms"] = small_page
    figures["log_page_large_ms"] = large_page

    started = time.perf_counter()
    result = access_log_verify.verify(full=True)
    seconds = time.perf_counter() - started
    if not result.ok:
        sys.exit(f"bench: the generated log does not verify: {result.problems[:3]}")
    figures["verify_lines_per_s"] = result.lines / seconds
    figures["verify_lines"] = result.lines
    generate(organisations, 1000, span=timedelta(seconds=1))
    started = time.perf_counter()
    access_log_verify.verify()
    figures["verify_incremental_s"] = time.perf_counter() - started

    for name, value in figures.items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")


if __name__ == "__main__":
    main()
