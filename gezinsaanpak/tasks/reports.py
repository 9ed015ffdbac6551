"""The export of a year's figures for every municipality, as a job with progress.

The scope is worked out again from the user who started the job when it runs: if their
role changed in the meantime, the job stops without a file. Each municipality is one step
of progress; every number is the API's total for that figure, year and municipality (the
same disclosure control), and the file is an XLSX with one sheet per municipality.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_noop

from gezinsaanpak.access.reports import report_scope_for, scope_for_municipality
from gezinsaanpak.models.job import Job, JobKind
from gezinsaanpak.reports.exports import YearSheet, year_sheet, year_workbook
from gezinsaanpak.services.jobs import job_file_store

from .runner import Counts, JobError, JobRun, job_task

NOT_ALLOWED = gettext_noop("You can no longer read these figures (your role changed).")
EXPORT_LANGUAGE = "nl"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@job_task(JobKind.REPORT_YEAR_EXPORT)
def report_year_export(run: JobRun) -> Counts:
    """Every figure of the year, per municipality; see the module's docstring."""
    year = int(run.params["year"])
    user = Job.objects.select_related("started_by").get(pk=run.job_id).started_by
    try:
        if user is None:
            raise Http404
        scope = report_scope_for(user)
    except Http404:
        raise JobError(NOT_ALLOWED) from None
    if scope.kind == "municipality":
        raise JobError(NOT_ALLOWED)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    sheets: list[YearSheet] = []
    figures = 0
    with translation.override(EXPORT_LANGUAGE):
        run.begin(gettext_noop("Counting the figures per municipality"), len(scope.municipalities))
        for code, name in scope.municipalities:
            sheet = year_sheet(scope_for_municipality(scope, code), name, start, end)
            figures = max(figures, len(sheet.lines))
            sheets.append(sheet)
            run.advance()
        run.begin(gettext_noop("Making the file"), 1)
        data = year_workbook(sheets, year)
        run.advance()
    job_file_store(
        job_id=run.job_id, name=f"cijfers-{year}-alle-gemeenten.xlsx", content_type=XLSX, data=data
    )
    return {"municipalities": len(sheets), "figures": figures}
