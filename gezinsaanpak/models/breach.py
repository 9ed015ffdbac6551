"""The breach register (GDPR art. 33/34): one incident, its 72-hour clock and its scope.

The texts may name people, so they are sealed like every personal value. The scope is a
list of family ids taken from the access log, never values.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gezinsaanpak import limits
from gezinsaanpak.privacy.fields import EncryptedTextField

REPORT_WITHIN = timedelta(hours=72)


class Breach(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    found_at = models.DateTimeField(_("found at"))
    what_happened = EncryptedTextField(_("what happened"), max_length=limits.LONG_TEXT_MAX)
    which_data = EncryptedTextField(_("which data"), max_length=limits.LONG_TEXT_MAX)
    cause = EncryptedTextField(_("cause"), max_length=limits.LONG_TEXT_MAX, blank=True)
    measures = EncryptedTextField(_("measures"), max_length=limits.LONG_TEXT_MAX, blank=True)
    report_to_authority = models.BooleanField(
        _("report to the Autoriteit Persoonsgegevens"), null=True, blank=True
    )
    report_reason = EncryptedTextField(
        _("reason for the decision"), max_length=limits.NOTE_MAX, blank=True
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    subjects_informed = models.BooleanField(_("data subjects informed"), default=False)
    subjects_informed_at = models.DateTimeField(
        _("data subjects informed at"), null=True, blank=True
    )
    # The families the scoping found in the access log: ids only.
    scoped_family_ids = models.JSONField(_("families in scope"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-found_at"]
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")
        indexes = [models.Index(fields=["organisation", "found_at"], name="breach_org_found")]

    def __str__(self) -> str:
        return f"{_('data breach')} {str(self.id)[:8]}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        now = timezone.now()
        if self.found_at and self.found_at > now + timedelta(minutes=5):
            errors["found_at"] = _("The time the breach was found cannot be in the future.")
        if self.reported_at and self.found_at and self.reported_at < self.found_at:
            errors["reported_at"] = _("The report cannot be before the breach was found.")
        if self.reported_at and self.report_to_authority is False:
            errors["reported_at"] = _("You decided not to report; leave the report date empty.")
        if self.report_to_authority is not None and not str(self.report_reason or "").strip():
            errors["report_reason"] = _("Give the reason for the decision.")
        if self.subjects_informed_at and not self.subjects_informed:
            errors["subjects_informed"] = _("Tick this box when you give the date.")
        if (
            self.subjects_informed_at
            and self.found_at
            and self.subjects_informed_at < self.found_at
        ):
            errors["subjects_informed_at"] = _(
                "The people cannot be informed before the breach was found."
            )
        if len(self.scoped_family_ids or []) > limits.BREACH_SCOPE_MAX:
            errors["scoped_family_ids"] = _("Too many families for one incident.")
        if errors:
            raise ValidationError(errors)

    @property
    def report_deadline(self) -> datetime:
        return self.found_at + REPORT_WITHIN

    @property
    def overdue(self) -> bool:
        """Past the 72 hours without a report, unless it was decided not to report."""
        return (
            self.reported_at is None
            and self.report_to_authority is not False
            and timezone.now() > self.report_deadline
        )

    @property
    def time_left(self) -> timedelta | None:
        """Time until the deadline while a report may still be due; None once settled."""
        if self.reported_at is not None or self.report_to_authority is False:
            return None
        return max(self.report_deadline - timezone.now(), timedelta(0))
