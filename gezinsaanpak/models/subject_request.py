"""A data-subject request (AVG art. 12 to 22): a tracked case with its one-month deadline.

A parent asks what the library holds (access, portability), to correct it, to delete it,
to restrict or to object. The privacy officer records the request, checks who is asking,
and answers within one month; art. 12(3) allows two more months, with a reason given to the
requester. The request names the family by id only; what the requester wrote may name
people, so it is sealed like every personal value.
"""

from __future__ import annotations

import calendar
import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gezinsaanpak import limits
from gezinsaanpak.privacy.fields import EncryptedTextField
from gezinsaanpak.processing_register import Purpose

ANSWER_WITHIN_MONTHS = 1
EXTEND_BY_MONTHS = 2
# "Due soon": the start page and the daily e-mail count what is due within this many days.
DUE_SOON_DAYS = 7


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the month's last day where it is shorter (31 Jan → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class DataSubjectRequest(models.Model):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Access (art. 15)")
        PORTABILITY = "portability", _("Data portability (art. 20)")
        RECTIFICATION = "rectification", _("Rectification (art. 16)")
        ERASURE = "erasure", _("Erasure (art. 17)")
        RESTRICTION = "restriction", _("Restriction of processing (art. 18)")
        OBJECTION = "objection", _("Objection (art. 21)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        PARTLY_GRANTED = "partly_granted", _("Partly granted")
        REFUSED = "refused", _("Refused")
        NO_DATA = "no_data", _("No data held")
        WITHDRAWN = "withdrawn", _("Withdrawn by the requester")

    class IdentityMethod(models.TextChoices):
        IN_PERSON = "in_person", _("In person, with an identity document")
        KNOWN_CONTACT = "known_contact", _("Through contact details already in the file")
        VIA_PARTNER = "via_partner", _("Through a partner who knows the family")
        OTHER = "other", _("Another way")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # Null while the file is not yet found (or when the library holds nothing on the requester).
    family = models.ForeignKey(
        "gezinsaanpak.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("family"),
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("received on"), default=datetime.date.today)
    # What the requester asked, in the privacy officer's words (may name people: sealed).
    description = EncryptedTextField(_("what was asked"), blank=True, max_length=limits.NOTE_MAX)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identity checked by"),
    )
    identity_checked_on = models.DateField(_("identity checked on"), null=True, blank=True)
    identity_method = models.CharField(
        _("how the identity was checked"),
        max_length=20,
        choices=IdentityMethod.choices,
        blank=True,
    )
    deadline = models.DateField(_("deadline"), editable=False)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = EncryptedTextField(
        _("reason for the extension"), blank=True, max_length=limits.NOTE_MAX
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(
        _("note on the outcome"), blank=True, max_length=limits.NOTE_MAX
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # An objection (art. 21) names the purposes objected to (codes of the processing
    # register); applying it withdraws their consents and stops a VoorleesExpress placement.
    objected_purposes = models.JSONField(_("purposes objected to"), default=list, blank=True)
    objection_applied_at = models.DateTimeField(_("objection applied at"), null=True, blank=True)
    objection_applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("objection applied by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["organisation", "status", "deadline"], name="dsr_org_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="dsr_closed_has_date_and_outcome",
                violation_error_message=_("A closed request needs an outcome and a closing date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('data-subject request')} {str(self.id)[:8]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.deadline = self.original_deadline
        super().save(*args, **kwargs)

    @property
    def original_deadline(self) -> datetime.date:
        return add_months(self.received_on, ANSWER_WITHIN_MONTHS)

    @property
    def latest_extension(self) -> datetime.date:
        return add_months(self.received_on, ANSWER_WITHIN_MONTHS + EXTEND_BY_MONTHS)

    @property
    def due_on(self) -> datetime.date:
        return self.extended_until or self.original_deadline

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and (today or timezone.localdate()) > self.due_on

    def due_soon(self, today: datetime.date | None = None) -> bool:
        """Open, not overdue, and due within :data:`DUE_SOON_DAYS` days."""
        day = today or timezone.localdate()
        return (
            self.is_open
            and not self.overdue(day)
            and self.due_on <= day + datetime.timedelta(days=DUE_SOON_DAYS)
        )

    @property
    def identity_checked(self) -> bool:
        return self.identity_checked_on is not None

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("The date received cannot be in the future.")
        if self.received_on:
            errors.update(self._extension_errors())
            if self.closed_on and self.closed_on < self.received_on:
                errors["closed_on"] = _("A request cannot be closed before it was received.")
        if self.closed_on and self.closed_on > today:
            errors["closed_on"] = _("The closing date cannot be in the future.")
        if bool(self.identity_checked_on) != bool(self.identity_method):
            errors["identity_method"] = _(
                "Give both the date and the way the identity was checked."
            )
        if self.status == self.Status.CLOSED and not self.outcome:
            errors["outcome"] = _("Choose the outcome before closing the request.")
        errors.update(self._purpose_errors())
        if errors:
            raise ValidationError(errors)

    def _purpose_errors(self) -> dict[str, Any]:
        purposes = self.objected_purposes
        if not isinstance(purposes, list) or any(p not in Purpose.values for p in purposes):
            return {"objected_purposes": _("Choose purposes from the processing register.")}
        if purposes and self.kind != self.Kind.OBJECTION:
            return {"objected_purposes": _("Only an objection names purposes.")}
        if len(set(purposes)) != len(purposes):
            return {"objected_purposes": _("Name each purpose once.")}
        return {}

    def _extension_errors(self) -> dict[str, Any]:
        if not self.extended_until:
            return {}
        if self.extended_until <= self.original_deadline:
            return {"extended_until": _("An extension ends after the normal deadline.")}
        if self.extended_until > self.latest_extension:
            return {"extended_until": _("A request can be extended by two months at most.")}
        if not str(self.extension_reason or "").strip():
            return {"extension_reason": _("Give the reason for the extension.")}
        return {}


# Named choice sets for the OpenAPI schema (config/settings/base.py, ENUM_NAME_OVERRIDES).
KIND_CHOICES = DataSubjectRequest.Kind.choices
STATUS_CHOICES = DataSubjectRequest.Status.choices
OUTCOME_CHOICES = DataSubjectRequest.Outcome.choices
