"""The privacy officer's page of the coming month's retention (``/privacy/retention/``).

Counts per rule and per month, and the files as numbers with their dates; never their
contents. The rules themselves are in ``selectors.retention``.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from django.core.paginator import Page
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from gezinsaanpak.access.erasure import require_retention_reader
from gezinsaanpak.audit.events import erasure as events
from gezinsaanpak.models import RetentionRule
from gezinsaanpak.models.subject_request import add_months

from .paging import page_of
from .retention import RULES, DueFile, files_due, policy_months


@dataclass(frozen=True)
class RuleSummary:
    rule: str
    label: str
    months: int
    due_now: int
    coming: int


@dataclass(frozen=True)
class MonthSummary:
    month: datetime.date
    label: str
    files: int


@dataclass(frozen=True)
class DueRow:
    """A file on the page: its number, rule and dates, nothing from its contents."""

    family_id: UUID
    label: str
    since: datetime.date
    due_on: datetime.date
    at_next_run: bool


@dataclass(frozen=True)
class RetentionForecast:
    today: datetime.date
    until: datetime.date
    rules: list[RuleSummary]
    months: list[MonthSummary]
    page: Page[DueFile]
    rows: list[DueRow]
    # Past (or reaching) their period, but kept while processing is restricted.
    restricted: int


def _label(rule: str) -> str:
    return str(RetentionRule(rule).label)


def _summaries(
    due: list[DueFile], months: dict[str, int], today: datetime.date
) -> tuple[list[RuleSummary], list[MonthSummary]]:
    rules = [
        RuleSummary(
            rule=rule,
            label=_label(rule),
            months=months[rule],
            due_now=sum(1 for d in due if d.rule == rule and d.due_on <= today),
            coming=sum(1 for d in due if d.rule == rule and d.due_on > today),
        )
        for rule, _finder in RULES
    ]
    per_month: Counter[tuple[datetime.date, str]] = Counter(
        (d.due_on.replace(day=1), d.rule) for d in due if d.due_on > today
    )
    order = [rule for rule, _finder in RULES]
    month_rows = [
        MonthSummary(month, _label(rule), files)
        for (month, rule), files in sorted(
            per_month.items(), key=lambda i: (i[0][0], order.index(i[0][1]))
        )
    ]
    return rules, month_rows


def retention_forecast(user: User, *, page: int | str | None = 1) -> RetentionForecast:
    """What the retention job will anonymise from now until a month from today: counts
    per rule and per month, and the files (ids and dates only). 404 for all but the
    privacy officer; logs the files named on the page."""
    organisation_id = require_retention_reader(user)
    today = timezone.localdate()
    until = add_months(today, 1)
    due = files_due(organisation_id, on=until)
    rules, months = _summaries(due, policy_months(organisation_id), today)
    found = page_of(due, page)
    rows = [
        DueRow(d.family_id, _label(d.rule), d.since, d.due_on, d.due_on <= today)
        for d in found.object_list
    ]
    restricted = len(files_due(organisation_id, on=until, restricted=True))
    with transaction.atomic():
        events.retention_viewed(user, [row.family_id for row in rows])
    return RetentionForecast(today, until, rules, months, found, rows, restricted)
