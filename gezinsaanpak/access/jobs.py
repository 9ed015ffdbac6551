"""Who may follow a background job: whoever started it, and for an organisation-wide job
the coordinators and privacy officers of that organisation. Everyone else gets 404."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet

from accounts.models import User
from gezinsaanpak.models.job import Job, JobScope

from .lookup import one_or_404
from .roles import Capability, can


def jobs_visible_to(user: User) -> QuerySet[Job]:
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return Job.objects.none()
    mine = Q(started_by=user)
    if can(user, Capability.FOLLOW_ORGANISATION_JOBS):
        mine |= Q(scope=JobScope.ORGANISATION, organisation_id=user.organisation_id)
    return Job.objects.filter(mine)


def job_for(user: User, job_id: UUID | str) -> Job:
    """The job, or 404 when it does not exist or ``user`` may not follow it."""
    return one_or_404(jobs_visible_to(user), job_id)
