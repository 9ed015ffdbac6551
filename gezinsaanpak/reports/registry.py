"""The report registry: every GGG figure defined once (issue 15, point 1).

A figure is a key, a label and a B1 explanation, its unit, the dimensions it can be broken
down by, and one aggregate query: the rows it counts (``model`` narrowed by ``where`` and
the period) and the aggregate over them. Adding a figure is one entry in ``figures.py``
plus a test.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Unit(StrEnum):
    COUNT = "count"
    DAYS = "days"
    AVERAGE = "average"
    PERCENT = "percent"


UNIT_LABELS: dict[str, StrOrPromise] = {
    Unit.COUNT: _("number"),
    Unit.DAYS: _("days"),
    Unit.AVERAGE: _("average"),
    Unit.PERCENT: _("percent"),
}

# Breaking a figure down by time.
PERIODS: dict[str, StrOrPromise] = {"month": _("month"), "quarter": _("quarter"), "year": _("year")}


@dataclass(frozen=True)
class Dimension:
    """A way to break a figure down; ``choices`` fixes its values, else the data does."""

    key: str
    label: StrOrPromise
    choices: Sequence[tuple[str, StrOrPromise]] = ()


PeriodFilter = Callable[[datetime.date, datetime.date], Q]


@dataclass(frozen=True)
class Figure:
    key: str
    group: str
    label: StrOrPromise
    explanation: StrOrPromise
    model: type[models.Model]
    organisation: str  # the path to the library the rows belong to
    municipality: str | None  # the path to the Municipality; None: not per municipality
    value: Any  # the aggregate (Count, Sum): a number per group of rows
    unit: Unit = Unit.COUNT
    date: str = ""  # the date the period applies to (a DateField or DateTimeField path)
    where: Q = field(default_factory=Q)
    # Instead of "date within the period": rows that count for the whole period (snapshots).
    period_filter: PeriodFilter | None = None
    base: Any = None  # AVERAGE/PERCENT: the denominator's aggregate (hidden under 10)
    median_of: str = ""  # DAYS: the date whose median distance to the period's end is shown
    dimensions: dict[str, Any] = field(default_factory=dict)  # dimension key -> expression
    internal: bool = False  # library-internal: not for a municipality

    @property
    def periodic(self) -> bool:
        """Whether the figure can be split by month: only event counts on a date."""
        return self.period_filter is None and not self.median_of and bool(self.date)

    @property
    def additive(self) -> bool:
        return self.unit == Unit.COUNT

    def rows_in(self, start: datetime.date, end: datetime.date) -> Q:
        if self.period_filter is not None:
            return self.where & self.period_filter(start, end)
        return self.where & Q(**{f"{self.date}__gte": start, f"{self.date}__lte": end})


REGISTRY: dict[str, Figure] = {}
DIMENSIONS: dict[str, Dimension] = {}


def register(figure: Figure) -> Figure:
    if figure.key in REGISTRY or not set(figure.dimensions) <= set(DIMENSIONS):
        raise ValueError(f"figure {figure.key}: duplicate key or unknown dimension")
    REGISTRY[figure.key] = figure
    return figure


def dimension(key: str, label: StrOrPromise, choices: Sequence[Any] = ()) -> Dimension:
    DIMENSIONS[key] = Dimension(key, label, tuple(choices))
    return DIMENSIONS[key]


# The dimensions every figure has through its paths (filled in from the scope and data).
dimension("municipality", _("municipality"))
dimension("library", _("library"))
