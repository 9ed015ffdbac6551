"""Compute a figure for a scope and period in the database, then apply disclosure control.

A report is a table: rows are periods (``by`` month, quarter or year; one row without
``by``), columns the values of one breakdown dimension (one column without). Four
aggregate queries give the cells, the row totals, the column totals and the total, so a
total is right even for figures that do not add up (distinct families, volunteers).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, F, QuerySet
from django.db.models.functions import Trunc
from django.utils.translation import gettext as _

from gezinsaanpak.access.reports import ReportScope

from . import figures  # noqa: F401  (registers the figures)
from .disclosure import MIN_BASE, SMALL, average, percentage, suppress
from .registry import DIMENSIONS, PERIODS, REGISTRY, Figure, Unit

# A hidden value that is not a small number (secondary suppression, a small base): the
# CBS convention, a multiplication sign.
HIDDEN = "\u00d7"


class ReportError(ValueError):
    """A request for a report that cannot be answered (message in the user's language)."""


@dataclass(frozen=True)
class Cell:
    value: float | int | None  # None: hidden
    suppressed: bool
    display: str


@dataclass(frozen=True)
class Report:
    figure: Figure
    scope: ReportScope
    start: datetime.date
    end: datetime.date
    by: str | None
    breakdown: str | None
    rows: list[tuple[str, str]]  # (code, label); [("", "")] without ``by``
    columns: list[tuple[str, str]]  # idem without a breakdown
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def figures_for(scope: ReportScope) -> list[Figure]:
    return [f for f in REGISTRY.values() if scope.internal or not f.internal]


def figure_for(scope: ReportScope, key: str) -> Figure:
    figure = REGISTRY.get(key)
    if figure is None or figure not in figures_for(scope):
        raise LookupError(key)
    return figure


def dimensions_of(figure: Figure, scope: ReportScope) -> list[str]:
    """The breakdowns one may choose for ``figure``."""
    if figure.median_of:
        return []
    found = list(figure.dimensions)
    if figure.municipality and scope.municipality is None:
        found.append("municipality")
    if len(scope.libraries) > 1:
        found.append("library")
    return found


def compute(
    figure: Figure,
    scope: ReportScope,
    *,
    start: datetime.date,
    end: datetime.date,
    by: str | None = None,
    breakdown: str | None = None,
    disclose: bool = True,
) -> Report:
    """The report; ``disclose=False`` skips disclosure control (tests and benchmarks only)."""
    _check(figure, scope, start, end, by, breakdown)
    if figure.median_of:
        return _median_report(figure, scope, start, end, disclose)
    rows_qs = _rows(figure, scope, start, end)
    row_expr = Trunc(figure.date, by, output_field=DateField()) if by else None
    col_expr = _dimension_expression(figure, breakdown) if breakdown else None
    groups = {"r": row_expr, "c": col_expr}
    total = _aggregate(figure, rows_qs, {"r": None, "c": None})
    # Without a split, the cell, its margins and the total are one number: one query.
    row_totals = _aggregate(figure, rows_qs, {"r": row_expr, "c": None}) if by else total
    column_totals = _aggregate(figure, rows_qs, {"r": None, "c": col_expr}) if breakdown else total
    # A split one way only: its cells are its margins, no query of their own.
    cells = _aggregate(figure, rows_qs, groups) if by and breakdown else {}
    if not (by and breakdown):
        cells = row_totals if by else column_totals
    rows = _period_rows(start, end, by) if by else [("", "")]
    columns = _columns(figure, scope, breakdown, column_totals) if breakdown else [("", "")]
    return _published(
        figure,
        scope,
        start,
        end,
        by,
        breakdown,
        rows,
        columns,
        cells,
        row_totals,
        column_totals,
        total,
        disclose,
    )


def _check(
    figure: Figure,
    scope: ReportScope,
    start: datetime.date,
    end: datetime.date,
    by: str | None,
    breakdown: str | None,
) -> None:
    if end < start:
        raise ReportError(_("The end date is before the start date."))
    if (end - start).days > 366 * 5:
        raise ReportError(_("Choose a period of at most five years."))
    if by and (by not in PERIODS or not figure.periodic):
        raise ReportError(_("This figure cannot be split by period."))
    if breakdown and breakdown not in dimensions_of(figure, scope):
        raise ReportError(_("This figure cannot be broken down like that."))
    if scope.municipality and figure.municipality is None:
        raise ReportError(_("This figure is not kept per municipality."))


def _rows(
    figure: Figure, scope: ReportScope, start: datetime.date, end: datetime.date
) -> QuerySet[Any]:
    rows = figure.model._default_manager.filter(
        **{f"{figure.organisation}__in": scope.library_ids}
    ).filter(figure.rows_in(start, end))
    if scope.municipality:
        rows = rows.filter(**{f"{figure.municipality}__code": scope.municipality})
    return rows


def _dimension_expression(figure: Figure, key: str) -> Any:
    if key == "municipality":
        return F(f"{figure.municipality}__code")
    if key == "library":
        return F(figure.organisation)
    return figure.dimensions[key]


def _aggregate(
    figure: Figure, rows: QuerySet[Any], groups: dict[str, Any]
) -> dict[tuple[str, str], tuple[int, int]]:
    """{(row code, column code): (value, base)} in one query."""
    present = {name: expr for name, expr in groups.items() if expr is not None}
    aggregates = {"value": figure.value, **({"base": figure.base} if figure.base else {})}
    if present:
        found = rows.annotate(**{f"g_{n}": e for n, e in present.items()})
        found = found.values(*(f"g_{n}" for n in present)).annotate(**aggregates).order_by()
        result = list(found)
    else:
        result = [rows.aggregate(**aggregates)]
    return {
        (_code(row.get("g_r")), _code(row.get("g_c"))): (row["value"] or 0, row.get("base") or 0)
        for row in result
    }


def _code(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _period_rows(start: datetime.date, end: datetime.date, by: str) -> list[tuple[str, str]]:
    rows = []
    current = _truncate(start, by)
    while current <= end:
        rows.append((current.isoformat(), _period_label(current, by)))
        current = _next(current, by)
    return rows


def _truncate(day: datetime.date, by: str) -> datetime.date:
    if by == "year":
        return day.replace(month=1, day=1)
    if by == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _next(day: datetime.date, by: str) -> datetime.date:
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _period_label(day: datetime.date, by: str) -> str:
    if by == "year":
        return str(day.year)
    if by == "quarter":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return day.strftime("%Y-%m")


def _columns(
    figure: Figure, scope: ReportScope, key: str, totals: dict[tuple[str, str], tuple[int, int]]
) -> list[tuple[str, str]]:
    if key == "municipality":
        return list(scope.municipalities)
    if key == "library":
        return [(str(pk), name) for pk, name in scope.libraries]
    choices = [(code, str(label)) for code, label in DIMENSIONS[key].choices]
    if choices:
        return choices
    return sorted((c, c) for _r, c in totals if c)


def _published(
    figure: Figure,
    scope: ReportScope,
    start: datetime.date,
    end: datetime.date,
    by: str | None,
    breakdown: str | None,
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    cells: dict[tuple[str, str], tuple[int, int]],
    row_totals: dict[tuple[str, str], tuple[int, int]],
    column_totals: dict[tuple[str, str], tuple[int, int]],
    total: dict[tuple[str, str], tuple[int, int]],
    disclose: bool = True,
) -> Report:
    def at(found: dict[tuple[str, str], tuple[int, int]], r: str, c: str) -> tuple[int, int]:
        return found.get((r, c), (0, 0))

    grid = [[at(cells, r, c) for c, _l in columns] for r, _l in rows]
    margins_r = [at(row_totals, r, "") for r, _l in rows]
    margins_c = [at(column_totals, "", c) for c, _l in columns]
    grand = at(total, "", "")
    if figure.additive:
        hidden = suppress([[v if disclose else 0 for v, _b in line] for line in grid])
        make = _count_cell
        return Report(
            figure,
            scope,
            start,
            end,
            by,
            breakdown,
            rows,
            columns,
            [
                [make(v, h) for (v, _b), h in zip(line, hl, strict=True)]
                for line, hl in zip(grid, hidden.cells, strict=True)
            ],
            [make(v, h) for (v, _b), h in zip(margins_r, hidden.row_totals, strict=True)],
            [make(v, h) for (v, _b), h in zip(margins_c, hidden.column_totals, strict=True)],
            make(grand[0], hidden.total),
        )
    ratio = _ratio_cell(figure.unit, disclose)
    return Report(
        figure,
        scope,
        start,
        end,
        by,
        breakdown,
        rows,
        columns,
        [[ratio(*pair) for pair in line] for line in grid],
        [ratio(*pair) for pair in margins_r],
        [ratio(*pair) for pair in margins_c],
        ratio(*grand),
    )


def _count_cell(value: int, hidden: bool) -> Cell:
    if not hidden:
        return Cell(value, False, str(value))
    return Cell(None, True, f"<{SMALL}" if 0 < value < SMALL else HIDDEN)


def _ratio_cell(unit: Unit, disclose: bool = True) -> Any:
    minimum = None if disclose else 1

    def cell(value: int, base: int) -> Cell:
        shown = (
            percentage(value, base, minimum)
            if unit == Unit.PERCENT
            else average(value, base, minimum)
        )
        if shown is None:
            return Cell(None, True, HIDDEN)
        return Cell(shown, False, f"{shown:.1f}".replace(".", ","))

    return cell


def _median_report(
    figure: Figure, scope: ReportScope, start: datetime.date, end: datetime.date, disclose: bool
) -> Report:
    """The median distance from ``median_of`` to the period's end, from two ordered rows."""
    rows = _rows(figure, scope, start, end)
    count = rows.count()
    cell = Cell(None, True, HIDDEN)
    if count >= (MIN_BASE if disclose else 1):
        ordered = rows.order_by(f"-{figure.median_of}").values_list(figure.median_of, flat=True)
        middle = [ordered[(count - 1) // 2], ordered[count // 2]]
        days = sum((end - day).days for day in middle) / 2
        cell = Cell(round(days), False, str(round(days)))
    one = [("", "")]
    return Report(figure, scope, start, end, None, None, one, one, [[cell]], [cell], [cell], cell)


def shifted_year(day: datetime.date, years: int = -1) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def labels(report: Report) -> Sequence[str]:
    return [label for _c, label in report.columns]


def values_of(cells: Iterable[Cell]) -> list[float | int | None]:
    return [c.value for c in cells]


def own_table(
    keys: Sequence[str],
    library_id: Any,
    *,
    start: datetime.date,
    end: datetime.date,
    by: str,
    group: Any,
) -> list[dict[str, Any]]:
    """Figures that count the same rows (one model, filter and date), per ``by`` period and
    ``group`` (an expression over that model), for one library, in one query.

    For the library's own work pages (the BoekStart overview): the exact numbers, without
    disclosure control, since they never leave the library. Each line is
    ``{"period": date, "group": value, key: value, "<key>_base": base}``.
    """
    chosen = [REGISTRY[key] for key in keys]
    first = chosen[0]
    if any(
        (f.model, f.date, f.where, f.organisation)
        != (first.model, first.date, first.where, first.organisation)
        or f.period_filter is not None
        for f in chosen
    ):
        raise ValueError("own_table: the figures do not count the same rows")
    aggregates: dict[str, Any] = {}
    for figure in chosen:
        aggregates[figure.key] = figure.value
        if figure.base is not None:
            aggregates[f"{figure.key}_base"] = figure.base
    rows = (
        first.model._default_manager.filter(**{first.organisation: library_id})
        .filter(first.rows_in(start, end))
        .annotate(g_period=Trunc(first.date, by, output_field=DateField()), g_group=group)
        .values("g_period", "g_group")
        .annotate(**aggregates)
        .order_by("g_group", "g_period")
    )
    return [
        {
            "period": _as_date(row.pop("g_period")),
            "group": row.pop("g_group"),
            **{name: value or 0 for name, value in row.items()},
        }
        for row in rows
    ]


def _as_date(value: Any) -> Any:
    return value.date() if isinstance(value, datetime.datetime) else value
