"""Telling partners and the library about referrals: webhook events and e-mails."""

from __future__ import annotations

from uuid import UUID

from django.tasks import task
from django.utils.translation import gettext_noop

from gezinsaanpak.models.job import JobKind
from gezinsaanpak.services import referral_notifications, webhooks

from .runner import Counts, JobRun, job_task


@task()
def deliver_webhooks() -> dict[str, int]:
    """Every due delivery, one attempt each (scheduled every minute, and after each event).

    A plain task, not a job: retries are the deliveries' own (``next_attempt_at``), and two
    workers running it at once each claim different deliveries.
    """
    counts = webhooks.deliver_due()
    counts["pruned"] = webhooks.deliveries_prune()
    return counts


# A mail server that is down (smtplib's errors are OSErrors) is tried again later.
@job_task(JobKind.REFERRAL_RECEIVED_MAIL, retry_on=(OSError,))
def referral_received_mail(run: JobRun) -> Counts:
    run.begin(gettext_noop("Sending the e-mail"), 1)
    sent = referral_notifications.referral_received_send(referral_id=UUID(run.params["referral"]))
    run.advance()
    return {"recipients": sent}


@job_task(JobKind.REFERRAL_UPDATE_MAIL, retry_on=(OSError,))
def referral_update_mail(run: JobRun) -> Counts:
    run.begin(gettext_noop("Sending the e-mail"), 1)
    sent = referral_notifications.referral_update_send(
        referral_id=UUID(run.params["referral"]),
        status=str(run.params["status"]),
        feedback=bool(run.params.get("feedback")),
    )
    run.advance()
    return {"recipients": sent}
