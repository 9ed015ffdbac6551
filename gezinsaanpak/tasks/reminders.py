"""Reminders and warnings by e-mail, as jobs (the mails themselves: services.reminders)."""

from __future__ import annotations

from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext_noop

from gezinsaanpak.models.job import JobKind
from gezinsaanpak.selectors.subject_requests import organisations_with_requests_due
from gezinsaanpak.services import reminders

from .runner import Counts, JobRun, job_task


@job_task(JobKind.REMIND_REFERRAL_CONTACT)
def remind_referral_contact(run: JobRun) -> Counts:
    """Each referral is reminded once: marking it and queueing its mail commit together."""
    due = reminders.referral_reminders_due()
    run.begin(gettext_noop("Queueing reminders"), len(due))
    people = referrals = 0
    for person_id, referral_ids in due.items():
        count = reminders.referral_reminder_queue(person_id=person_id, referral_ids=referral_ids)
        people += bool(count)
        referrals += count
        run.advance()
    return {"people": people, "referrals": referrals}


# A mail server that is down (smtplib's errors are OSErrors) is tried again later.
@job_task(JobKind.REFERRAL_REMINDER_MAIL, retry_on=(OSError,))
def referral_reminder_mail(run: JobRun) -> Counts:
    run.begin(gettext_noop("Sending the e-mail"), 1)
    sent = reminders.referral_reminder_send(
        person_id=UUID(run.params["person"]), count=int(run.params["count"])
    )
    run.advance()
    return {"sent": sent}


@job_task(JobKind.CONCERN_NOTIFICATION, retry_on=(OSError,))
def concern_notification(run: JobRun) -> Counts:
    run.begin(gettext_noop("Sending the e-mail"), 1)
    sent = reminders.concern_notification_send(concern_id=UUID(run.params["concern"]))
    run.advance()
    return {"recipients": sent}


@job_task(JobKind.REMIND_SUBJECT_REQUESTS)
def remind_subject_requests(run: JobRun) -> Counts:
    """One mail per organisation with a request overdue or due this week (counts only)."""
    day = timezone.localdate()
    organisations = organisations_with_requests_due(day)
    run.begin(gettext_noop("Queueing reminders"), len(organisations))
    queued = 0
    for organisation_id in organisations:
        queued += reminders.subject_request_mail_queue(organisation_id=organisation_id, day=day)
        run.advance()
    return {"organisations": len(organisations), "queued": queued}


@job_task(JobKind.SUBJECT_REQUEST_MAIL, retry_on=(OSError,))
def subject_request_mail(run: JobRun) -> Counts:
    run.begin(gettext_noop("Sending the e-mail"), 1)
    sent = reminders.subject_request_mail_send(organisation_id=UUID(run.params["organisation"]))
    run.advance()
    return {"recipients": sent}
