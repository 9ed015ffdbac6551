"""Data-subject requests: e-mail each organisation's privacy officers what is due.

The schedule (``manage.py run_schedule``) runs it daily; this command queues it now, or
runs it here with ``--now``. One mail per organisation and day, with counts only (how many
requests are past their deadline, how many are due this week) and a link; no mail when
nothing is due.
"""

from __future__ import annotations

from gezinsaanpak.management.job_commands import JobCommand
from gezinsaanpak.models.job import JobKind


class Command(JobCommand):
    help = "E-mail privacy officers how many data-subject requests are overdue or due this week."
    kind = JobKind.REMIND_SUBJECT_REQUESTS
