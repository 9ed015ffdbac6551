"""Background jobs as the people who started them see them, and the schedule's ledger.

A ``Job`` is the record a user follows on ``/jobs/<id>/``: what runs, how far it is, how it
ended. The queue itself is django-tasks-db's ``DBTaskResult`` (one row per attempt);
``Job.task_result_id`` names the attempt that currently owns the job, so a retry or a stale
duplicate can tell whether it still may write.
"""

from __future__ import annotations

import base64
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.privacy.fields import EncryptedTextField


class JobKind(models.TextChoices):
    ROTATE_FIELD_KEYS = "rotate_field_keys", _("Re-encrypt with the new key")
    VERIFY_ACCESS_LOG = "verify_access_log", _("Check the access log")
    EXPIRE_ACCESS = "expire_access", _("End access that is no longer needed")
    REMIND_REFERRAL_CONTACT = "remind_referral_contact", _("Remind about referral contact")
    CONCERN_NOTIFICATION = "concern_notification", _("E-mail about a new concern")
    REFERRAL_REMINDER_MAIL = "referral_reminder_mail", _("E-mail a referral reminder")
    PRUNE_JOBS = "prune_jobs", _("Clear old jobs and downloads")
    REFERRAL_RECEIVED_MAIL = "referral_received_mail", _("E-mail about a new referral")
    REFERRAL_UPDATE_MAIL = "referral_update_mail", _("E-mail a partner about its referral")
    IMPORT_RECORDS = "import_records", _("Import from a spreadsheet")
    PRUNE_ACCESS_LOG = "prune_access_log", _("Remove access-log lines past their retention")
    FAMILY_EXPORT = "family_export", _("Export of a family's data")
    APPLY_RETENTION = "apply_retention", _("Anonymise files past their retention period")
    REMIND_SUBJECT_REQUESTS = "remind_subject_requests", _("Remind about data-subject requests")
    SUBJECT_REQUEST_MAIL = "subject_request_mail", _("E-mail about data-subject requests due")
    REPORT_YEAR_EXPORT = "report_year_export", _("Figures of a year for all municipalities")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting in the queue")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobScope(models.TextChoices):
    """Who besides the starter may follow the job (``gezinsaanpak.access.jobs``)."""

    PERSONAL = "personal", _("Only the person who started it")
    ORGANISATION = "organisation", _("The organisation's coordinators and privacy officers")
    SYSTEM = "system", _("Maintenance (administrators only)")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=JobKind.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=JobScope.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("organisation"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    # Ids and flags only (the job's input); never a value from a family's file.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    # ``step`` is an untranslated message id (marked with gettext_noop where it is written);
    # pages translate it when they show it.
    step = models.CharField(_("step"), max_length=100, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_result_id = models.UUIDField(_("task attempt"), null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["started_by", "created_at"], name="job_started_by_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")) | Q(total=0),
                name="job_done_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(scope="organisation") | Q(organisation__isnull=False),
                name="job_organisation_scope_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


class JobFile(models.Model):
    """A job's download (an export, a report), encrypted at rest and kept for a limited time.

    A single-use file (a family's data export) can be taken once: its content is emptied
    when it is downloaded, and the row stays until it expires to say so.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="file")
    name = models.CharField(_("file name"), max_length=100)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    # Base64 of the file's bytes, sealed like every other personal value.
    content = EncryptedTextField(_("content"), blank=True)
    expires_at = models.DateTimeField(_("available until"))
    single_use = models.BooleanField(_("can be downloaded once"), default=False)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job download")
        verbose_name_plural = _("job downloads")

    def __str__(self) -> str:
        return self.name

    def data(self) -> bytes:
        return base64.b64decode(str(self.content))


class ScheduledRun(models.Model):
    """One row per schedule entry and time slot: the unique key makes every slot run once,
    however many schedulers are running."""

    name = models.CharField(_("schedule entry"), max_length=50)
    slot = models.DateTimeField(_("time slot"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-slot"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
