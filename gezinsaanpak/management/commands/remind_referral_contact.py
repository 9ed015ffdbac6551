"""Warm handover: remind each specialist of outbound referrals whose contact check is due.

The schedule (``manage.py run_schedule``) runs it daily; this command queues it now, or
runs it here with ``--now``. Each referral is reminded once; the e-mail holds no personal
data, only how many checks wait and where to do them.
"""

from __future__ import annotations

from gezinsaanpak.management.job_commands import JobCommand
from gezinsaanpak.models.job import JobKind


class Command(JobCommand):
    help = "E-mail specialists whose outbound referrals are due for the contact check."
    kind = JobKind.REMIND_REFERRAL_CONTACT
