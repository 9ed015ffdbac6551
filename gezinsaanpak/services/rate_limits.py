"""Counting a request against its rate limits: one statement, whatever the number of limits.

A sliding window per limit and client: the requests of the current window plus the previous
window's, weighted by how much of it still lies within one period of now. Each key's windows
start at its first request (not at a clock boundary), so a client's first ``rate`` requests
pass and the next is refused within the same period. Refused requests count too: a client that
keeps sending while refused stays refused; one that waits (``Retry-After``) gets through.

The statement is an ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL, and SQLite
3.35 or later): atomic, with no read-then-write gap between app servers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from gezinsaanpak.models.rate_limit import RateCounter

TABLE = RateCounter._meta.db_table

# Within the window: one more. In the next one: the current count becomes the previous one.
# Later: both start again. Every right-hand side reads the row as it was (SQL's SET rule).
_UPSERT = f"""
INSERT INTO {TABLE} (key, period, window_start, hits, previous_hits)
VALUES {{values}}
ON CONFLICT (key) DO UPDATE SET
  previous_hits = CASE
    WHEN excluded.window_start < {TABLE}.window_start + excluded.period
      THEN {TABLE}.previous_hits
    WHEN excluded.window_start < {TABLE}.window_start + 2 * excluded.period
      THEN {TABLE}.hits
    ELSE 0 END,
  hits = CASE
    WHEN excluded.window_start < {TABLE}.window_start + excluded.period THEN {TABLE}.hits + 1
    ELSE 1 END,
  window_start = CASE
    WHEN excluded.window_start < {TABLE}.window_start + excluded.period
      THEN {TABLE}.window_start
    WHEN excluded.window_start < {TABLE}.window_start + 2 * excluded.period
      THEN {TABLE}.window_start + excluded.period
    ELSE excluded.window_start END,
  period = excluded.period
RETURNING key, hits, previous_hits, window_start
"""  # noqa: S608 - the table name is the model's; values are parameters


@dataclass(frozen=True, slots=True)
class Limit:
    key: str
    rate: int
    period: float


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    wait: float  # seconds until a request would pass again (0 when allowed)


def count_request(limits: Sequence[Limit], now: float) -> Verdict:
    """Count one request against every limit; allowed when all of them allow it."""
    if not limits:
        return Verdict(True, 0.0)
    values = ", ".join(["(%s, %s, %s, 1, 0)"] * len(limits))
    params: list[str | float] = []
    for limit in limits:
        params += [limit.key, limit.period, now]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(values=values), params)
        rows = {key: (hits, previous, start) for key, hits, previous, start in cursor.fetchall()}
    waits = [_wait(limit, *rows[limit.key], now) for limit in limits]
    wait = max(waits)
    return Verdict(wait == 0, wait)


def _wait(limit: Limit, hits: int, previous: int, start: float, now: float) -> float:
    """0 when the request is within the limit, else the seconds until a retry would be."""
    period, rate = limit.period, limit.rate
    left = max(0.0, period - (now - start))  # of the current window
    if previous * left / period + hits <= rate:
        return 0.0
    if hits < rate:
        # Room in this window once the previous window's share has shrunk enough.
        return max(left - (rate - hits - 1) * period / previous, 0.001)
    # This window is full: in the next one its count weighs as the previous window's.
    return left + period * max(0.0, 1 - (rate - 1) / hits)


def prune_counters(*, older_than: float) -> int:
    """Remove counters whose window started before ``older_than`` (clients gone quiet)."""
    deleted: int = RateCounter.objects.filter(window_start__lt=older_than).delete()[0]
    return deleted


def retry_after(verdict: Verdict) -> int:
    return max(1, math.ceil(verdict.wait))
