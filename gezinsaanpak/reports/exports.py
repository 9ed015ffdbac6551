"""A report as data (the API's answer), as CSV and XLSX from that same data, and as a chart.

Every export is made from :func:`report_payload`, so the API, the CSV and the XLSX carry the
same numbers. Text that a spreadsheet would read as a formula is neutralised.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gezinsaanpak.access.reports import ReportScope

from .compute import Cell, Report, compute, figures_for
from .figures import GROUPS
from .registry import DIMENSIONS, PERIODS, UNIT_LABELS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(cell: Cell) -> dict[str, Any]:
    return {"value": cell.value, "suppressed": cell.suppressed, "display": cell.display}


def _dimension(report: Report, row: str, column: str) -> dict[str, str]:
    found = {}
    if report.by:
        found[report.by] = _period(report, row)
    if report.breakdown:
        found[report.breakdown] = column
    return found


def _period(report: Report, row: str) -> str:
    return row[:7] if report.by == "month" else row


def report_payload(report: Report) -> dict[str, Any]:
    """The report as the API answers it: rows per dimension value, totals beside them."""
    figure = report.figure
    rows = [
        {"dimension": _dimension(report, r, c), **_cell(cell)}
        for (r, _rl), line in zip(report.rows, report.cells, strict=True)
        for (c, _cl), cell in zip(report.columns, line, strict=True)
    ]
    totals: dict[str, Any] = _cell(report.total)
    if report.by and report.breakdown:
        totals["rows"] = [
            {"dimension": {report.by: _dimension(report, r, "")[report.by]}, **_cell(cell)}
            for (r, _l), cell in zip(report.rows, report.row_totals, strict=True)
        ]
    if report.breakdown and report.by:
        totals["columns"] = [
            {"dimension": {report.breakdown: c}, **_cell(cell)}
            for (c, _l), cell in zip(report.columns, report.column_totals, strict=True)
        ]
    return {
        "report": {
            "key": figure.key,
            "label": str(figure.label),
            "explanation": str(figure.explanation),
            "unit": str(figure.unit),
        },
        "period": {"start": report.start.isoformat(), "end": report.end.isoformat()},
        "municipality": report.scope.municipality,
        "by": report.by,
        "breakdown": report.breakdown,
        "labels": {
            **(
                {report.by: {_period(report, r): label for r, label in report.rows}}
                if report.by
                else {}
            ),
            **({report.breakdown: dict(report.columns)} if report.breakdown else {}),
        },
        "rows": rows,
        "totals": totals,
    }


def neutralise(value: object) -> object:
    """Text starting like a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_rows(payload: dict[str, Any]) -> list[list[object]]:
    """Header and one line per row of ``payload``: dimension labels, then the value."""
    by, breakdown = payload["by"], payload["breakdown"]
    labels = payload["labels"]
    header: list[object] = []
    if by:
        header.append(str(PERIODS[by]))
    if breakdown:
        header.append(str(DIMENSIONS[breakdown].label))
    header.append(f"{payload['report']['label']} ({UNIT_LABELS[payload['report']['unit']]})")
    lines: list[list[object]] = [[neutralise(v) for v in header]]
    for row in [*payload["rows"], {"dimension": {}, **_total(payload)}]:
        line: list[object] = []
        for key in (k for k in (by, breakdown) if k):
            code = row["dimension"].get(key)
            line.append(labels.get(key, {}).get(code, code) if code is not None else _("Total"))
        line.append(row["value"] if not row["suppressed"] else row["display"])
        lines.append([neutralise(v) for v in line])
    return lines


def _total(payload: dict[str, Any]) -> dict[str, Any]:
    totals = payload["totals"]
    return {
        "value": totals["value"],
        "suppressed": totals["suppressed"],
        "display": totals["display"],
    }


def as_csv(payload: dict[str, Any]) -> bytes:
    """UTF-8 with BOM and ``;`` between fields, as Excel in Dutch expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in table_rows(payload):
        writer.writerow([str(v).replace(".", ",") if isinstance(v, float) else v for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(payload: dict[str, Any]) -> bytes:
    """One sheet: a bold header, numbers as numbers with a number format, text as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = payload["report"]["key"][:31]
    sheet.append([neutralise(payload["report"]["label"])])
    sheet.append([f"{payload['period']['start']} - {payload['period']['end']}"])
    sheet.append([])
    for index, line in enumerate(table_rows(payload)):
        sheet.append(line)
        if index == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDE7F0")
    number_format = "0" if payload["report"]["unit"] in ("count", "days") else "0.0"
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            if isinstance(cell.value, int | float):
                cell.number_format = number_format
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class YearSheet:
    """One municipality's figures for a period: (group, label, unit, the total's cell)."""

    code: str
    name: str
    lines: list[tuple[str, str, str, Cell]]


def year_sheet(
    scope: ReportScope, name: str, start: datetime.date, end: datetime.date
) -> YearSheet:
    """Every figure kept per municipality, for ``scope``'s one municipality: the total the
    API answers for the same figure, period and municipality (disclosure control applied)."""
    lines = []
    for figure in figures_for(scope):
        if figure.municipality is None:
            continue
        total = compute(figure, scope, start=start, end=end).total
        lines.append(
            (str(GROUPS[figure.group]), str(figure.label), str(UNIT_LABELS[figure.unit]), total)
        )
    return YearSheet(scope.municipality or "", name, lines)


def year_workbook(sheets: list[YearSheet], year: int) -> bytes:
    """One sheet per municipality: a bold header, numbers as numbers, text never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    header = [_("Group"), _("Figure"), _("Unit"), str(year)]
    for sheet_data in sheets or [YearSheet("", _("No municipalities"), [])]:
        # A sheet's title: at most 31 characters, none of []:*?/\ .
        title = "".join(c for c in f"{sheet_data.name} {sheet_data.code}" if c not in "[]:*?/\\")
        sheet = book.create_sheet(title=title.strip()[:31] or "-")
        sheet.append([neutralise(f"{sheet_data.name} ({sheet_data.code})")])
        sheet.append([f"{year}-01-01 - {year}-12-31"])
        sheet.append([])
        sheet.append([neutralise(v) for v in header])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE7F0")
        for group, label, unit, value in sheet_data.lines:
            shown: object = value.value if not value.suppressed else value.display
            sheet.append(
                [neutralise(group), neutralise(label), neutralise(unit), neutralise(shown)]
            )
            number = sheet.cell(row=sheet.max_row, column=4)
            if isinstance(number.value, int | float):
                number.number_format = "0" if isinstance(number.value, int) else "0.0"
        for row in sheet.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever it starts with
        for column, width in zip("ABCD", (28, 48, 12, 12), strict=True):
            sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
