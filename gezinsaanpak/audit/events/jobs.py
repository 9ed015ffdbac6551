"""Access-log events of background jobs: who started which job, who downloaded its file.

The job's own progress is not personal data and is not logged; the work a job does logs
its own events (a key rotation, a revoked grant) as the system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from gezinsaanpak.audit import log
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from accounts.models import User
    from gezinsaanpak.models.job import Job

OBJECT_TYPE = "job"


def job_started(actor: User, job: Job) -> None:
    log.record(
        actor=actor,
        action=Action.CREATE,
        object_type=OBJECT_TYPE,
        object_id=job.pk,
        details={"kind": job.kind},
    )


def job_file_downloaded(actor: User, job: Job) -> None:
    """The job's file was taken; a file about one family (an export) names that family."""
    family = job.params.get("family")
    log.record(
        actor=actor,
        action=Action.EXPORT,
        object_type=OBJECT_TYPE,
        object_id=job.pk,
        family_id=UUID(family) if family else None,
        fields=["file"],
        details={"kind": job.kind},
    )
