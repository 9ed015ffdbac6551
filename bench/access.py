"""Row-level access filtering at national scale (issue 4, ARCHITECTURE.md §4).

Usage (PostgreSQL only; DATABASE_URL names the server, the data lives in its own
``gezinsaanpak_bench`` database, created and migrated when missing)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gezinsaanpak_bench \\
        .venv/bin/python bench/access.py [--families 100000] [--scale-check] [--keep]

Generates ``--families`` families over 20 libraries with realistic grant tables (see
``bench/_pg.py``), then times first pages of 50 (``-opened_on, id``) as the median of many
warm runs of the whole ORM call — building the queryset and fetching the rows — and prints
``name: value`` lines on stdout: the issue's figures, a stricter baseline
(``volunteer_page_vs_org_filter``), then the milliseconds behind them
(``volunteer_page_sql_ms`` is the volunteer page's compiled SQL without the ORM).
Progress and the plans go to stderr.

``--scale-check`` measures at ``--families``, appends 9x as many families (100k -> 1M by
default), measures again and adds ``volunteer_page_1m_vs_100k`` (and the SQL-only ratio).
``--keep`` reuses the bench database when it already holds exactly ``--families``
families (after a scale check it holds 10x, so it is rebuilt).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import _pg  # noqa: E402  (bench/ is the script's directory, so it is on sys.path)

ORDER = ("-opened_on", "id")
PAGE = 50
WARMUP = 5


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=100_000, help="families to generate")
    parser.add_argument("--scale-check", action="store_true", help="also grow to 10x and compare")
    parser.add_argument(
        "--keep", action="store_true", help="reuse the data when the family count matches"
    )
    parser.add_argument("--explain", action="store_true", help="print every plan to stderr")
    parser.add_argument("--rounds", type=int, default=41, help="timed runs of each page")
    return parser.parse_args()


def family_count(url: str) -> int | None:
    """Families in an existing bench database, or None when it cannot be reused."""
    import psycopg

    if not _pg.database_exists(url):
        return None
    conninfo = url.replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(conninfo) as conn:
            if (
                conn.execute(
                    "SELECT 1 FROM accounts_user WHERE email = %s", [_pg.BENCH_VOLUNTEER]
                ).fetchone()
                is None
            ):
                return None
            row = conn.execute("SELECT count(*) FROM gezinsaanpak_family").fetchone()
    except psycopg.Error:
        return None
    return int(row[0]) if row else None


def prepare_database(url: str, families: int, *, keep: bool) -> bool:
    """Create (or recreate) the bench database; True when its data can be reused."""
    if keep and family_count(url) == families:
        _pg.progress(f"reusing {families} families in {_pg.BENCH_DATABASE}")
        return True
    _pg.progress(f"creating database {_pg.BENCH_DATABASE}")
    _pg.create_database(url, drop_first=True)
    return False


def setup_django(url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DATABASE_URL"] = url
    # DEBUG would wrap every cursor in the query logger and time it too.
    os.environ.setdefault("DJANGO_DEBUG", "false")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(f"bench: the settings use {connection.vendor}, not PostgreSQL.")
    if connection.settings_dict["NAME"] != _pg.BENCH_DATABASE:
        sys.exit(
            f"bench: {os.environ['DJANGO_SETTINGS_MODULE']} ignores DATABASE_URL; "
            "use config.settings.local."
        )


def create_world() -> None:
    """Municipalities, 20 libraries, their specialists, the coordinator and the volunteer."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Municipality, Organisation, Role, User

    unusable = make_password(None)  # nobody logs in to the bench database

    municipalities = Municipality.objects.bulk_create(
        Municipality(code=f"GM{9000 + i:04d}", name=f"Benchgemeente {i:02d}")
        for i in range(_pg.ORGANISATIONS)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench bibliotheek {i:02d}", kind=Organisation.Kind.LIBRARY)
        for i in range(_pg.ORGANISATIONS)
    )
    for organisation, municipality in zip(organisations, municipalities, strict=True):
        organisation.municipalities.set([municipality])
    users = [
        User(
            email=f"bench-s-{o:02d}-{k:02d}@example.org",
            organisation=organisation,
            role=Role.SPECIALIST,
            password=unusable,
        )
        for o, organisation in enumerate(organisations)
        for k in range(_pg.SPECIALISTS_PER_ORGANISATION)
    ]
    users += [
        User(
            email=_pg.BENCH_COORDINATOR,
            organisation=organisations[0],
            role=Role.COORDINATOR,
            password=unusable,
        ),
        User(
            email=_pg.BENCH_VOLUNTEER,
            organisation=organisations[0],
            role=Role.VOLUNTEER,
            password=unusable,
        ),
    ]
    User.objects.bulk_create(users)


def load_world() -> _pg.World:
    from django.contrib.auth.models import Permission

    from accounts.models import Organisation, User

    organisations = list(
        Organisation.objects.filter(name__startswith="Bench bibliotheek ")
        .order_by("name")
        .prefetch_related("municipalities")
    )
    specialists = User.objects.filter(email__startswith="bench-s-").order_by("email")
    permissions = dict(
        Permission.objects.filter(
            content_type__app_label="gezinsaanpak",
            codename__in=["view_family", "change_family"],
        ).values_list("codename", "id")
    )
    return _pg.World(
        organisation_ids=[o.pk for o in organisations],
        municipality_ids=[o.municipalities.all()[0].pk for o in organisations],
        specialist_ids=list(specialists.values_list("id", flat=True)),
        view_permission_id=permissions["view_family"],
        change_permission_id=permissions["change_family"],
    )


def generate(world: _pg.World, *, first: int, count: int, with_bench_volunteer: bool) -> None:
    from django.db import connection, transaction

    from accounts.models import User

    volunteer_id = User.objects.get(email=_pg.BENCH_VOLUNTEER).pk if with_bench_volunteer else None
    started = time.perf_counter()
    batch = 250_000
    for start in range(first, first + count, batch):
        size = min(batch, first + count - start)
        _pg.progress(f"families {start:,}..{start + size - 1:,}")
        with transaction.atomic(), connection.cursor() as cursor:
            _pg.append_families(
                cursor,
                world,
                first=start,
                count=size,
                bench_volunteer_id=volunteer_id if start == first else None,
            )
    with connection.cursor() as cursor:
        _pg.progress("VACUUM ANALYZE")
        _pg.vacuum_analyze(
            cursor,
            ["gezinsaanpak_family", "gezinsaanpak_familyuserobjectpermission", "accounts_user"],
        )
    _pg.progress(f"generated {count:,} families in {time.perf_counter() - started:.0f} s")


def median_ms(pages: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Median wall time of building and fetching each page, warm, in milliseconds.

    The pages take turns within each round, so a burst of load on the machine (other
    processes share its two cores) falls on all of them alike rather than on one.
    """
    samples: dict[str, list[float]] = {name: [] for name in pages}
    for round_number in range(WARMUP + rounds):
        for name, page in pages.items():
            start = time.perf_counter()
            list(page())
            if round_number >= WARMUP:
                samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(times) for name, times in samples.items()}


class Pages:
    """The first pages compared; each call builds the queryset afresh, as a request does."""

    def __init__(self) -> None:
        from accounts.models import User

        self.volunteer = User.objects.get(email=_pg.BENCH_VOLUNTEER)
        self.coordinator = User.objects.get(email=_pg.BENCH_COORDINATOR)

    def volunteer_page(self) -> Any:
        from gezinsaanpak.access import families_visible_to

        return families_visible_to(self.volunteer).order_by(*ORDER)[:PAGE]

    def coordinator_page(self) -> Any:
        from gezinsaanpak.access import families_visible_to

        return families_visible_to(self.coordinator).order_by(*ORDER)[:PAGE]

    def unfiltered_page(self) -> Any:
        from gezinsaanpak.models import Family

        return Family.objects.order_by(*ORDER)[:PAGE]

    def org_filter_page(self) -> Any:
        from gezinsaanpak.models import Family

        organisation_id = self.coordinator.organisation_id
        return Family.objects.filter(organisation_id=organisation_id).order_by(*ORDER)[:PAGE]

    def guardian_page(self) -> Any:
        from guardian.shortcuts import get_objects_for_user

        from gezinsaanpak.models import Family

        return get_objects_for_user(
            self.volunteer, "gezinsaanpak.view_family", klass=Family, accept_global_perms=False
        ).order_by(*ORDER)[:PAGE]


def sql_only(queryset: Any) -> Callable[[], list[Any]]:
    """The compiled SQL of ``queryset`` alone (plan, execute, fetch): no ORM around it."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()

    def run() -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    return run


def shared_buffers(queryset: Any) -> int:
    """Shared blocks (hit + read) the executor touched, from EXPLAIN (ANALYZE, BUFFERS)."""
    plan = json.loads(queryset.explain(format="json", analyze=True, buffers=True))
    top = plan[0]["Plan"]
    return int(top["Shared Hit Blocks"]) + int(top["Shared Read Blocks"])


def show_plan(label: str, queryset: Any) -> None:
    _pg.progress(f"--- {label}\n{queryset.explain(analyze=True, buffers=True)}")


def measure(pages: Pages, *, explain: bool, rounds: int) -> dict[str, float]:
    volunteer = {f.pk for f in pages.volunteer_page()}
    via_guardian = {f.pk for f in pages.guardian_page()}
    if not volunteer or volunteer != via_guardian:
        sys.exit("bench: our filter and guardian disagree about the volunteer's families.")
    show_plan("volunteer page", pages.volunteer_page())
    if explain:
        for name in ("coordinator_page", "unfiltered_page", "org_filter_page", "guardian_page"):
            show_plan(name.replace("_", " "), getattr(pages, name)())
    names = (
        "volunteer_page",
        "unfiltered_page",
        "coordinator_page",
        "org_filter_page",
        "guardian_page",
    )
    timed = {name: getattr(pages, name) for name in names}
    timed["volunteer_page_sql"] = sql_only(pages.volunteer_page())
    ms = median_ms(timed, rounds)
    for name, value in ms.items():
        _pg.progress(f"{name}: {value:.3f} ms")
    return ms


def report(ms: dict[str, float], buffers: int) -> None:
    figures = {
        "volunteer_page_vs_unfiltered": ms["volunteer_page"] / ms["unfiltered_page"],
        "coordinator_page_vs_org_filter": ms["coordinator_page"] / ms["org_filter_page"],
        "guardian_shortcut_vs_ours": ms["guardian_page"] / ms["volunteer_page"],
        "volunteer_page_buffers": buffers,
        # A stricter baseline than the unfiltered page, which has no index to follow.
        "volunteer_page_vs_org_filter": ms["volunteer_page"] / ms["org_filter_page"],
    }
    for name, value in figures.items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
    for name, value in ms.items():
        print(f"{name}_ms: {value:.3f}")


def main() -> None:
    args = parse_args()
    url = _pg.bench_url(os.environ.get("DATABASE_URL"))
    reuse = prepare_database(url, args.families, keep=args.keep)
    setup_django(url)
    from django.core.management import call_command

    _pg.progress("migrating")
    call_command("migrate", verbosity=0)
    if not reuse:
        create_world()
        generate(load_world(), first=0, count=args.families, with_bench_volunteer=True)
    pages = Pages()
    base: dict[str, float] | None = None
    if args.scale_check:
        # The same protocol as at full size, so the two volunteer timings compare.
        base = measure(pages, explain=False, rounds=args.rounds)
        base_buffers = shared_buffers(pages.volunteer_page())
        _pg.progress(f"volunteer page at {args.families:,}: {base_buffers} buffers")
        generate(
            load_world(), first=args.families, count=9 * args.families, with_bench_volunteer=False
        )
    ms = measure(pages, explain=args.explain, rounds=args.rounds)
    report(ms, shared_buffers(pages.volunteer_page()))
    if base is not None:
        print(f"volunteer_page_1m_vs_100k: {ms['volunteer_page'] / base['volunteer_page']:.2f}")
        # The database's share alone, without the ORM's constant cost around it.
        sql_ratio = ms["volunteer_page_sql"] / base["volunteer_page_sql"]
        print(f"volunteer_page_sql_1m_vs_100k: {sql_ratio:.2f}")
        print(f"volunteer_page_base_ms: {base['volunteer_page']:.3f}")
        print(f"volunteer_page_sql_base_ms: {base['volunteer_page_sql']:.3f}")
        print(f"volunteer_page_base_buffers: {base_buffers}")


if __name__ == "__main__":
    main()
