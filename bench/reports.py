"""GGG reports on PostgreSQL: each figure's time against a plain COUNT(*) of its rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/reports.py [SCALE [FIGURE_KEY ...]]

Drops, creates and migrates ``gezinsaanpak_bench_reports``, then generates SCALE times (10k
families, 2k placements, 40k visits, 1k BoekStart sessions, 5k referrals) inside the
server (``generate_series``); SCALE=100 is the issue's 1M / 200k / 4M. For every figure it
times one year split by month (or the year's total for a snapshot figure) against
``COUNT(*)`` over the same rows and period, the fastest of interleaved rounds, and the
yearly PDF (jaaroverzicht) of one municipality. Given figure keys, it times only those
figures (and not the PDF): for re-measuring one figure after a change.
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._pg import django_on_fresh_database, progress
from bench._timing import best

DATABASE = "gezinsaanpak_bench_reports"


def _column_value(field: Any) -> tuple[str, Any]:
    """An SQL expression and parameter giving every generated row the field's plain value."""
    from django.db import models

    if field.null:
        return "%s", None
    if isinstance(field, models.BooleanField):
        return "%s", bool(field.get_default())
    if isinstance(field, models.JSONField):
        return "%s::jsonb", "[]"
    if isinstance(field, models.DateTimeField):
        return "now()", None
    if isinstance(field, models.DateField):
        return "current_date", None
    if isinstance(field, models.IntegerField):
        return "%s", field.get_default() or 0
    return "%s", field.get_default() or ""


def fill(model: Any, count: int, overrides: dict[str, str]) -> None:
    """INSERT … SELECT … FROM generate_series(1, count) g; ``overrides``: column → SQL (uses g)."""
    from django.db import connection

    columns, exprs, params = [], [], []
    for field in model._meta.concrete_fields:
        columns.append(field.column)
        if field.column in overrides:
            exprs.append(overrides[field.column].replace("%", "%%"))
        elif field.primary_key:
            exprs.append("gen_random_uuid()")
        else:
            expr, value = _column_value(field)
            exprs.append(expr)
            if "%s" in expr:
                params.append(value)
    table = model._meta.db_table
    query = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM generate_series(1::bigint, {int(count)}) g"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        # As autovacuum leaves a table that has settled: statistics and a visibility map
        # (index-only scans, as for the held visits per placement).
        cursor.execute(f"VACUUM (ANALYZE) {table}")


def generate(scale: int) -> tuple[Any, Any]:
    from accounts.models import Municipality, Organisation, Role, User
    from gezinsaanpak.models import BoekStartSession, Family, Placement, Referral, Visit
    from gezinsaanpak.models.boekstart import Location

    kerkrade = Municipality.objects.create(code="GM0928", name="Kerkrade")
    brunssum = Municipality.objects.create(code="GM0899", name="Brunssum")
    library = Organisation.objects.create(name="Bibliotheek Bench", kind="library")
    library.municipalities.set([kerkrade, brunssum])
    partner = Organisation.objects.create(name="JGZ Bench", kind="partner", partner_type="jgz")
    coach = User.objects.create_user(
        "coach@bench.nl", "x" * 20, role=Role.COACH, organisation=library
    )
    volunteer = User.objects.create_user(
        "vrijwilliger@bench.nl", "x" * 20, role=Role.VOLUNTEER, organisation=library
    )
    coordinator = User.objects.create_user(
        "coordinator@bench.nl", "x" * 20, role=Role.COORDINATOR, organisation=library
    )
    gemeente = Organisation.objects.create(name="Gemeente Kerkrade", kind="municipality")
    gemeente.municipalities.set([kerkrade])
    officer = User.objects.create_user(
        "gemeente@bench.nl", "x" * 20, role=Role.MUNICIPALITY, organisation=gemeente
    )
    location = Location.objects.create(organisation=library, name="CB", municipality=kerkrade)
    org, days = f"'{library.pk}'::uuid", "((g * 7919 % 730)::int)"
    municipality = f"(CASE WHEN g % 3 = 0 THEN '{brunssum.pk}' ELSE '{kerkrade.pk}' END)::uuid"
    progress(f"families: {10_000 * scale}")
    fill(
        Family,
        10_000 * scale,
        {
            "organisation_id": org,
            "municipality_id": municipality,
            "status": "'active'",
            "opened_on": f"current_date - {days}",
            "closed_on": f"CASE WHEN g % 2 = 0 THEN current_date - {days} + 120 END",
        },
    )
    from django.db import connection

    with connection.cursor() as cursor:  # the families in a numbered table, to link to
        cursor.execute(
            "CREATE TEMP TABLE fam AS SELECT row_number() OVER () AS n, id FROM gezinsaanpak_family"
        )
        cursor.execute("CREATE INDEX ON fam (n)")
    n_families = 10_000 * scale
    family = f"(SELECT id FROM fam WHERE n = 1 + (g * 31) % {n_families})"
    progress(f"placements: {2_000 * scale}")
    fill(
        Placement,
        2_000 * scale,
        {
            "organisation_id": org,
            "family_id": family,
            "volunteer_id": f"'{volunteer.pk}'::uuid",
            "status": "(ARRAY['waiting','active','completed','completed','stopped'])[1 + g % 5]",
            "stop_reason": "CASE WHEN g % 5 = 4 THEN 'moved' ELSE '' END",
            "kind": "'regular'",
            "referral_source": "(ARRAY['school','jgz','wijkteam','other'])[1 + g % 4]",
            "sign_up_date": f"current_date - {days} - 60",
            "start_date": f"CASE WHEN g % 5 <> 0 THEN current_date - {days} END",
            "end_date": f"CASE WHEN g % 5 IN (2, 3, 4) THEN current_date - {days} + 140 END",
            "planned_visits": "20",
            "interval_weeks": "1",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE pl AS "
            "SELECT row_number() OVER () AS n, id FROM gezinsaanpak_placement"
        )
        cursor.execute("CREATE INDEX ON pl (n)")
    placement = f"(SELECT id FROM pl WHERE n = 1 + (g * 17) % {2_000 * scale})"
    progress(f"visits: {40_000 * scale}")
    fill(
        Visit,
        40_000 * scale,
        {
            "placement_id": placement,
            "date": f"current_date - {days}",
            "status": "CASE WHEN g % 8 = 0 THEN 'cancelled_family' ELSE 'held' END",
            "books": "1",
        },
    )
    progress(f"sessions and referrals: {1_000 * scale}, {5_000 * scale}")
    fill(
        BoekStartSession,
        1_000 * scale,
        {
            "organisation_id": org,
            "coach_id": f"'{coach.pk}'::uuid",
            "location_id": f"'{location.pk}'::uuid",
            "date": f"current_date - {days}",
            "conversations": "10",
            "vouchers_handed_out": "3",
        },
    )
    fill(
        Referral,
        5_000 * scale,
        {
            "organisation_id": org,
            "partner_id": f"'{partner.pk}'::uuid",
            "family_id": family,
            "direction": "CASE WHEN g % 3 = 0 THEN 'out' ELSE 'in' END",
            "via": "'api'",
            "reason_code": "'other'",
            "created_at": f"now() - make_interval(days => {days})",
            "status": "(ARRAY['submitted','accepted','completed','contact_made'])[1 + g % 4]",
        },
    )
    return coordinator, officer


def main() -> None:
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    only = set(sys.argv[2:])
    django_on_fresh_database(DATABASE)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    coordinator, officer = generate(scale)
    progress(f"generated in {time.perf_counter() - started:.0f} s")

    from gezinsaanpak.access.reports import report_scope_for
    from gezinsaanpak.reports.compute import _rows, compute, figures_for
    from gezinsaanpak.reports.year_overview import year_overview_pdf

    scope = report_scope_for(coordinator)
    end = datetime.date.today()
    start = end - datetime.timedelta(days=364)
    print(
        f"scale {scale}: {10_000 * scale} families, {2_000 * scale} placements, "
        f"{40_000 * scale} visits; period {start} to {end}"
    )
    print(f"{'figure':<28} {'by':<6} {'report ms':>10} {'count ms':>9} {'ratio':>6}")
    worst = 0.0
    for figure in figures_for(scope):
        if only and figure.key not in only:
            continue
        by = "month" if figure.periodic else None
        rows = _rows(figure, scope, start, end)
        report_s, count_s = best(
            lambda f=figure, b=by: compute(f, scope, start=start, end=end, by=b),
            lambda r=rows: r.count(),
            number=1,
            repeat=5,
        )
        ratio = report_s / count_s
        worst = max(worst, ratio)
        times = f"{report_s * 1000:>10.1f} {count_s * 1000:>9.1f} {ratio:>6.2f}"
        print(f"{figure.key:<28} {by or '-':<6} {times}")
    if only:
        print(f"worst ratio: {worst:.2f} (target ≤ 3)")
        return
    municipality_scope = report_scope_for(officer)
    pdf_started = time.perf_counter()
    year_overview_pdf(municipality_scope, end.year - 1)
    print(f"worst ratio: {worst:.2f} (target ≤ 3)")
    pdf_s = time.perf_counter() - pdf_started
    print(f"jaaroverzicht PDF (Kerkrade, one year, all figures): {pdf_s:.2f} s")


if __name__ == "__main__":
    main()
