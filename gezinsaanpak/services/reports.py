"""Starting the export of a year's figures for every municipality as a job (issue 15, point 4).

The figures of all municipalities for a whole year take a while (every figure, for every
municipality), so they are made by a job with progress; the file is for the one who
started it only (``JobScope.PERSONAL``).
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from accounts.models import User
from gezinsaanpak.access.reports import report_scope_for
from gezinsaanpak.models.job import Job, JobKind, JobScope

from .jobs import job_start

# How many years back a year export may go.
YEARS_BACK = 10


def export_years() -> list[int]:
    """The years one may export, newest first."""
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - YEARS_BACK - 1, -1))


def report_year_export_check(actor: User) -> None:
    """404 unless ``actor`` may export a year for all municipalities: staff who read their
    library's figures and regional coordinators. A municipality login has one municipality
    (it has the jaaroverzicht)."""
    if report_scope_for(actor).kind == "municipality":
        raise Http404


def report_year_export_start(*, actor: User, year: int) -> Job:
    """Start the export of ``year`` for all municipalities ``actor`` reads figures of.

    404 as :func:`report_year_export_check` says; a year outside :func:`export_years` is a
    ``ValueError``.
    """
    report_year_export_check(actor)
    if year not in export_years():
        raise ValueError(year)
    return job_start(
        kind=JobKind.REPORT_YEAR_EXPORT,
        scope=JobScope.PERSONAL,
        started_by=actor,
        organisation=actor.organisation,
        params={"year": year},
    )
