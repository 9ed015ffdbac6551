"""``/reports/``: choose a figure, a period and a municipality; table, chart, exports."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import current_user
from gezinsaanpak.access.reports import ReportScope, report_scope_for, scope_for_municipality
from gezinsaanpak.reports import compute as reports
from gezinsaanpak.reports.charts import Bar, bar_chart
from gezinsaanpak.reports.exports import as_csv, as_xlsx, report_payload
from gezinsaanpak.reports.figures import GROUPS
from gezinsaanpak.reports.registry import DIMENSIONS
from gezinsaanpak.reports.year_overview import year_overview_pdf
from gezinsaanpak.services.reports import export_years, report_year_export_start

PRESETS = {
    "this_year": gettext_lazy("This year"),
    "last_year": gettext_lazy("Last year"),
    "q1": gettext_lazy("Quarter 1"),
    "q2": gettext_lazy("Quarter 2"),
    "q3": gettext_lazy("Quarter 3"),
    "q4": gettext_lazy("Quarter 4"),
    "custom": gettext_lazy("From date to date"),
}


class ReportForm(forms.Form):
    report = forms.ChoiceField(label=gettext_lazy("Figure"))
    period = forms.ChoiceField(
        label=gettext_lazy("Reporting period"), choices=list(PRESETS.items()), initial="this_year"
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    municipality = forms.ChoiceField(label=gettext_lazy("Municipality"), required=False)

    def __init__(self, scope: ReportScope, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for figure in reports.figures_for(scope):
            grouped.setdefault(str(GROUPS[figure.group]), []).append(
                (figure.key, str(figure.label))
            )
        self.fields["report"].choices = list(grouped.items())  # type: ignore[attr-defined]
        everyone = [] if scope.kind == "municipality" else [("", _("All municipalities"))]
        self.fields["municipality"].choices = everyone + list(scope.municipalities)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == "custom" and not (data.get("start") and data.get("end")):
            raise forms.ValidationError(_("Fill in both dates."))
        return data


def period_of(
    preset: str, start: datetime.date | None, end: datetime.date | None
) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    year = today.year - 1 if preset == "last_year" else today.year
    if preset == "custom" and start and end:
        return start, end
    if preset in ("q1", "q2", "q3", "q4"):
        first = (int(preset[1]) - 1) * 3 + 1
        last = datetime.date(year + (first + 3 > 12), (first + 2) % 12 + 1, 1) - datetime.timedelta(
            days=1
        )
        return datetime.date(year, first, 1), last
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _reports(
    figure: Any, scope: ReportScope, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    by = "month" if figure.periodic else None
    now = reports.compute(figure, scope, start=start, end=end, by=by)
    before = reports.compute(
        figure, scope, start=reports.shifted_year(start), end=reports.shifted_year(end), by=by
    )
    chart = ""
    if by:
        bars = [
            Bar(label[5:], cell.value, old.value)
            for (_c, label), cell, old in zip(
                now.rows, now.row_totals, before.row_totals, strict=True
            )
        ]
        title = _("%(figure)s per month") % {"figure": figure.label}
        description = _("Bars: %(start)s to %(end)s. Line: the same months a year earlier.") % {
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
        chart = mark_safe(bar_chart(bars, title=title, description=description, chart_id="c1"))  # noqa: S308 - escaped in bar_chart
    breakdown = next(iter(reports.dimensions_of(figure, scope)), None)
    split = (
        reports.compute(figure, scope, start=start, end=end, breakdown=breakdown)
        if breakdown
        else None
    )
    return {
        "report": now,
        "before": before,
        "split": split,
        "split_rows": list(zip(split.columns, split.cells[0], strict=True)) if split else [],
        "breakdown_label": DIMENSIONS[breakdown].label if breakdown else "",
        "months": list(zip(now.rows, now.row_totals, before.row_totals, strict=True)) if by else [],
        "chart": chart,
    }


@login_required
def reports_page(request: HttpRequest) -> HttpResponse:
    scope = report_scope_for(current_user(request))
    form = ReportForm(scope, request.GET or None)
    context: dict[str, Any] = {"form": form, "scope": scope, "export_years": export_years()}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            figure = reports.figure_for(scope, data["report"])
        except LookupError:
            raise Http404 from None
        narrowed = scope_for_municipality(scope, data.get("municipality") or None)
        start, end = period_of(data["period"], data.get("start"), data.get("end"))
        try:
            context |= _reports(figure, narrowed, start, end)
        except reports.ReportError as error:
            form.add_error(None, str(error))
        else:
            export = request.GET.get("export")
            if export in ("csv", "xlsx"):
                return _download(context["report"], export)
            context["query"] = request.GET.urlencode()
    return render(request, "gezinsaanpak/reports.html", context)


def _download(report: reports.Report, fmt: str) -> HttpResponse:
    payload = report_payload(report)
    if fmt == "csv":
        response = HttpResponse(as_csv(payload), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            as_xlsx(payload),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{report.figure.key}.{fmt}"'
    return response


@login_required
def reports_year_pdf(request: HttpRequest) -> HttpResponse:
    """The printable jaaroverzicht of one year (``?year=``) for one municipality (or all)."""
    scope = report_scope_for(current_user(request))
    scope = scope_for_municipality(scope, request.GET.get("municipality") or None)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year - 1))
    except ValueError:
        year = this_year - 1
    year = min(max(year, this_year - 10), this_year)
    response = HttpResponse(year_overview_pdf(scope, year), content_type="application/pdf")
    name = f"jaaroverzicht-{year}-{scope.municipality or 'alle'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@login_required
def reports_year_export(request: HttpRequest) -> HttpResponse:
    """Start the export of one year (``year``) for all municipalities; follow it as a job."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    try:
        job = report_year_export_start(actor=current_user(request), year=year)
    except ValueError:
        messages.error(request, _("Choose a year to export."))
        return redirect("reports")
    return redirect("job_detail", job_id=job.pk)
