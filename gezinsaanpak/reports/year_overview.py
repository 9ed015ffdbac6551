"""The printable *jaaroverzicht*: every figure of one year for one municipality, beside the
year before, as a PDF for the council letter (issue 15, point 4)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from gezinsaanpak.access.reports import ReportScope

from .compute import Cell, compute, figures_for
from .figures import GROUPS
from .registry import UNIT_LABELS

TEMPLATE = "gezinsaanpak/reports_year_pdf.html"


@dataclass(frozen=True)
class Line:
    label: str
    explanation: str
    unit: str
    now: Cell
    before: Cell


def year_lines(scope: ReportScope, year: int) -> dict[str, list[Line]]:
    """Per group of figures, the year's total and the year before's (disclosure applied)."""
    found: dict[str, list[Line]] = {}
    for figure in figures_for(scope):
        if scope.municipality and figure.municipality is None:
            continue
        now = compute(
            figure, scope, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
        )
        before = compute(
            figure, scope, start=datetime.date(year - 1, 1, 1), end=datetime.date(year - 1, 12, 31)
        )
        found.setdefault(str(GROUPS[figure.group]), []).append(
            Line(
                str(figure.label),
                str(figure.explanation),
                str(UNIT_LABELS[figure.unit]),
                now.total,
                before.total,
            )
        )
    return found


def year_overview_html(scope: ReportScope, year: int) -> str:
    names = dict(scope.municipalities)
    context = {
        "year": year,
        "municipality": names.get(scope.municipality or "", ""),
        "code": scope.municipality,
        "libraries": [name for _pk, name in scope.libraries],
        "groups": year_lines(scope, year),
        "made_at": timezone.localtime(),
    }
    return render_to_string(TEMPLATE, context)


def year_overview_pdf(scope: ReportScope, year: int) -> bytes:
    """As the privacy export does: inline style, and every address refused (no network)."""
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    fetch_nothing = URLFetcher(allowed_protocols=frozenset(), timeout=1)
    pdf: bytes = HTML(string=year_overview_html(scope, year), url_fetcher=fetch_nothing).write_pdf()
    return pdf
