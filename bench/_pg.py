"""PostgreSQL helpers for the benchmarks: the bench database and bulk data generation.

The data is generated inside the server (``INSERT … SELECT … generate_series``), which
fills 1M families in well under a minute. Encrypted columns are *not* real per-row
AES-GCM envelopes (sealing 7M values would take far longer than the measurement): each
row gets one placeholder ``v1:bench:<64 base64 chars>`` (73 characters, the length of a
real envelope of a short value) in every encrypted column, so row width and table size are
realistic. Blind-index columns hold distinct 64-hex values, like real HMACs. The
benchmarks never decrypt: loaded values stay sealed until read.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

BENCH_DATABASE = "gezinsaanpak_bench"
ORGANISATIONS = 20  # one library then holds ~5% of the families
SPECIALISTS_PER_ORGANISATION = 25
SPECIALIST_SHARE = 0.15  # families with a case owner's view+change grant
VOLUNTEER_SHARE = 0.05  # families with an active placement: a volunteer's view grant
GRANTS_PER_VOLUNTEER = 3
BENCH_VOLUNTEER = "bench-volunteer@example.org"
BENCH_COORDINATOR = "bench-coordinator@example.org"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_url(database_url: str | None, database: str = BENCH_DATABASE) -> str:
    """DATABASE_URL's server with a bench database; exits on anything but PostgreSQL."""
    if not database_url:
        sys.exit("bench: set DATABASE_URL to a PostgreSQL server (postgres://user@host/db).")
    parts = urllib.parse.urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(
            f"bench: DATABASE_URL uses {parts.scheme or 'no scheme'!r}; this benchmark "
            "measures PostgreSQL and refuses SQLite and other databases."
        )
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def django_on_fresh_database(database: str) -> None:
    """Drop and create ``database`` on DATABASE_URL's server, then set Django up on it
    (test settings: their published keys). Call before importing anything of Django's."""
    url = bench_url(os.environ.get("DATABASE_URL"), database)
    create_database(url, drop_first=True, database=database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()


def _maintenance_conninfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


def database_exists(url: str) -> bool:
    with psycopg.connect(_maintenance_conninfo(url), autocommit=True) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()
    return row is not None


def create_database(url: str, *, drop_first: bool, database: str = BENCH_DATABASE) -> None:
    name = sql.Identifier(database)
    with psycopg.connect(_maintenance_conninfo(url), autocommit=True) as conn:
        if drop_first:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


@dataclass(frozen=True)
class World:
    """The fixed part of the data: organisations, their specialists, the measured users."""

    organisation_ids: list[Any]
    municipality_ids: list[Any]
    specialist_ids: list[Any]  # ORGANISATIONS x SPECIALISTS_PER_ORGANISATION, org-major
    view_permission_id: int
    change_permission_id: int


def _family_rows_sql() -> str:
    """One generated family per ``g``; ``o`` is its organisation's 1-based index."""
    return """
    CREATE TEMP TABLE bench_new ON COMMIT DROP AS
    SELECT gen_random_uuid() AS id, g, 1 + mod(g, %(orgs)s) AS o,
           CASE WHEN r < 0.50 THEN 'active' WHEN r < 0.80 THEN 'closed'
                WHEN r < 0.90 THEN 'intake' WHEN r < 0.97 THEN 'referred'
                ELSE 'anonymised' END AS status,
           CURRENT_DATE - (random() * 3650)::int AS opened_on,
           random() AS pick,
           'v1:bench:' || encode(sha256(('e' || g)::bytea)
                                 || substr(sha256(('f' || g)::bytea), 1, 16), 'base64') AS env,
           encode(sha256(('p' || g)::bytea), 'hex') AS postcode_index,
           encode(sha256(('t' || g)::bytea), 'hex') AS phone_index
    FROM (SELECT g, random() AS r FROM generate_series(%(first)s, %(last)s) AS g) AS s
    """


_INSERT_FAMILIES = """
INSERT INTO gezinsaanpak_family (
    id, organisation_id, municipality_id, status, case_owner_id,
    postcode, postcode_index, house_number, street, city, phone, phone_index, email,
    home_languages, reading_languages, notes, second_participation, restricted_processing,
    opened_on, closed_on, close_reason, created_at, updated_at)
SELECT n.id, (%(orgs_ids)s::uuid[])[n.o], (%(muni_ids)s::uuid[])[n.o], n.status,
       CASE WHEN n.pick < %(spec_share)s
            THEN (%(spec_ids)s::uuid[])[(n.o - 1) * %(per_org)s + 1 + mod(n.g, %(per_org)s)]
       END,
       n.env, n.postcode_index, n.env, n.env, n.env, n.env, n.phone_index, n.env,
       '["nl", "ar"]'::jsonb, '["nl"]'::jsonb, n.env, false, false,
       n.opened_on,
       CASE WHEN n.status IN ('closed', 'anonymised') THEN n.opened_on + 180 END,
       CASE WHEN n.status IN ('closed', 'anonymised') THEN 'completed' ELSE '' END,
       now(), now()
FROM bench_new AS n
"""

# The case owner's grants (view and change), the way services grant on assignment.
_INSERT_SPECIALIST_GRANTS = """
INSERT INTO gezinsaanpak_familyuserobjectpermission (user_id, permission_id, content_object_id)
SELECT f.case_owner_id, p.id, f.id
FROM gezinsaanpak_family AS f
JOIN bench_new AS n ON n.id = f.id
CROSS JOIN (VALUES (%(view)s), (%(change)s)) AS p (id)
WHERE f.case_owner_id IS NOT NULL
"""

# Volunteers with an active placement: a view grant each, GRANTS_PER_VOLUNTEER per person.
_PICK_VOLUNTEER_FAMILIES = """
CREATE TEMP TABLE bench_placed ON COMMIT DROP AS
SELECT id AS family_id, o,
       (row_number() OVER (PARTITION BY o ORDER BY g) - 1) / %(per_volunteer)s AS slot
FROM bench_new
WHERE pick >= %(spec_share)s AND pick < %(spec_share)s + %(vol_share)s
"""
_INSERT_VOLUNTEERS = """
INSERT INTO accounts_user (id, password, is_superuser, email, name, organisation_id, role,
                           is_active, is_staff, date_joined)
SELECT gen_random_uuid(), '!', false,
       'bench-v' || %(batch)s || '-' || o || '-' || slot || '@example.org', '',
       (%(orgs_ids)s::uuid[])[o], 'volunteer', true, false, now()
FROM (SELECT DISTINCT o, slot FROM bench_placed) AS s
"""
_INSERT_VOLUNTEER_GRANTS = """
INSERT INTO gezinsaanpak_familyuserobjectpermission (user_id, permission_id, content_object_id)
SELECT u.id, %(view)s, p.family_id
FROM bench_placed AS p
JOIN accounts_user AS u
  ON u.email = 'bench-v' || %(batch)s || '-' || p.o || '-' || p.slot || '@example.org'
"""
# The measured volunteer: three grants on families spread over the first organisation.
_INSERT_BENCH_VOLUNTEER_GRANTS = """
INSERT INTO gezinsaanpak_familyuserobjectpermission (user_id, permission_id, content_object_id)
SELECT %(user)s, %(view)s, id
FROM bench_new
WHERE o = 1 AND status <> 'anonymised'
ORDER BY random()
LIMIT %(per_volunteer)s
"""


def append_families(
    cursor: Any, world: World, *, first: int, count: int, bench_volunteer_id: Any | None
) -> None:
    """Add families ``first .. first+count-1`` with their grants; call inside one transaction."""
    params = {
        "orgs": ORGANISATIONS,
        "first": first,
        "last": first + count - 1,
        "orgs_ids": world.organisation_ids,
        "muni_ids": world.municipality_ids,
        "spec_ids": world.specialist_ids,
        "per_org": SPECIALISTS_PER_ORGANISATION,
        "spec_share": SPECIALIST_SHARE,
        "vol_share": VOLUNTEER_SHARE,
        "per_volunteer": GRANTS_PER_VOLUNTEER,
        "view": world.view_permission_id,
        "change": world.change_permission_id,
        "batch": first,
        "user": bench_volunteer_id,
    }
    steps = [
        ("generating rows", _family_rows_sql()),
        ("inserting families", _INSERT_FAMILIES),
        ("specialist grants", _INSERT_SPECIALIST_GRANTS),
        ("volunteer placements", _PICK_VOLUNTEER_FAMILIES),
        ("volunteers", _INSERT_VOLUNTEERS),
        ("volunteer grants", _INSERT_VOLUNTEER_GRANTS),
    ]
    if bench_volunteer_id is not None:
        steps.append(("measured volunteer's grants", _INSERT_BENCH_VOLUNTEER_GRANTS))
    for label, statement in steps:
        progress(f"  {label}…")
        cursor.execute(statement, params)


def vacuum_analyze(cursor: Any, tables: list[str]) -> None:
    """Steady state: visibility map set and fresh statistics, as autovacuum would leave it."""
    for table in tables:
        cursor.execute(f'VACUUM (ANALYZE) "{table}"')
