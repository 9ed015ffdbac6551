"""Referrals between the library and its partners (ARCHITECTURE.md §2, §3).

In: a partner refers a family to the library through the partner API. Out: a specialist
refers a caregiver or family to a partner (above all low literacy → Taalhuis), and checks
afterwards that contact was made (warm handover).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gezinsaanpak import limits
from gezinsaanpak.privacy.fields import EncryptedCharField, EncryptedTextField

REASON_TEXT_MAX = limits.REASON_TEXT_MAX
FEEDBACK_MAX = limits.FEEDBACK_MAX


class ReasonCode(models.TextChoices):
    LOW_LITERACY_PARENT = "low_literacy_parent", _("Parent finds reading and writing hard")
    LANGUAGE_DEVELOPMENT = "language_development", _("Child's language development")
    MULTILINGUAL_FAMILY = "multilingual_family", _("Family with more than one language")
    READING_AT_HOME = "reading_at_home", _("Little reading aloud at home")
    NEWCOMER = "newcomer", _("Family new to the Netherlands")
    OTHER = "other", _("Other reason")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Does not fit the programme")
    OUTSIDE_AREA = "outside_area", _("Lives outside our area")
    NO_CAPACITY = "no_capacity", _("No place available")
    FAMILY_DECLINED = "family_declined", _("Family did not want it")
    DUPLICATE = "duplicate", _("Family is already known to us")
    OTHER = "other", _("Other reason")


class Referral(models.Model):
    class Direction(models.TextChoices):
        IN = "in", _("From a partner")
        OUT = "out", _("To a partner")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CONTACT_MADE = "contact_made", _("Contact made")
        NO_CONTACT = "no_contact", _("No contact")

    class Via(models.TextChoices):
        API = "api", _("API")
        WEB = "web", _("Web")

    # Which status may follow which, per direction. In: the library handles it.
    # Out: the partner reports back; the specialist records whether contact was made.
    TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
        Direction.IN: {
            Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.DECLINED}),
            Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.COMPLETED}),
            Status.IN_PROGRESS: frozenset({Status.COMPLETED}),
        },
        Direction.OUT: {
            Status.SUBMITTED: frozenset(
                {Status.RECEIVED, Status.DECLINED, Status.CONTACT_MADE, Status.NO_CONTACT}
            ),
            Status.RECEIVED: frozenset({Status.DECLINED, Status.CONTACT_MADE, Status.NO_CONTACT}),
            Status.NO_CONTACT: frozenset({Status.CONTACT_MADE}),
            Status.CONTACT_MADE: frozenset({Status.COMPLETED}),
        },
    }
    # Outbound referrals still waiting for the warm-handover check.
    AWAITING_CONTACT = frozenset({Status.SUBMITTED, Status.RECEIVED})
    # What the receiving partner may report back on an outbound referral.
    PARTNER_REPORTS = frozenset(
        {
            Status.RECEIVED,
            Status.DECLINED,
            Status.CONTACT_MADE,
            Status.NO_CONTACT,
            Status.COMPLETED,
        }
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("library"),
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="partner_referrals",
        verbose_name=_("partner organisation"),
    )
    family = models.ForeignKey(
        "gezinsaanpak.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("family"),
    )
    caregiver = models.ForeignKey(
        "gezinsaanpak.Caregiver",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("caregiver"),
    )
    client = models.ForeignKey(
        "accounts.PartnerClient",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("API client"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    via = models.CharField(_("via"), max_length=3, choices=Via.choices)
    referrer_name = EncryptedCharField(_("name of the referrer"), max_length=200, blank=True)
    referrer_role = EncryptedCharField(_("role of the referrer"), max_length=200, blank=True)
    reason_code = models.CharField(_("reason"), max_length=30, choices=ReasonCode.choices)
    reason_text = EncryptedTextField(
        _("explanation"),
        blank=True,
        max_length=REASON_TEXT_MAX,
        validators=[MaxLengthValidator(REASON_TEXT_MAX)],
    )
    requested_programme = models.CharField(_("requested programme"), max_length=100, blank=True)
    partner_reference = models.CharField(_("partner's reference"), max_length=64, blank=True)
    partner_has_consent = models.BooleanField(
        _("parents agreed to sharing (according to the partner)"), default=False
    )
    consent = models.ForeignKey(
        "gezinsaanpak.Consent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent relied on"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    feedback = EncryptedTextField(
        _("feedback to the partner"),
        blank=True,
        max_length=FEEDBACK_MAX,
        validators=[MaxLengthValidator(FEEDBACK_MAX)],
    )
    partner_feedback = EncryptedTextField(
        _("feedback from the partner"),
        blank=True,
        max_length=FEEDBACK_MAX,
        validators=[MaxLengthValidator(FEEDBACK_MAX)],
    )
    # In: the contact details and birth dates as the partner sent them, until intake.
    # Out: what was shared with the partner. JSON, encrypted.
    payload = EncryptedTextField(_("shared details"), blank=True)
    possible_duplicates = models.JSONField(_("possible duplicates"), default=list, blank=True)
    contact_check_due_on = models.DateField(_("check contact on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(
                fields=["organisation", "direction", "status"], name="referral_org_dir_status"
            ),
            models.Index(fields=["partner", "organisation", "direction"], name="referral_partner"),
            models.Index(fields=["contact_check_due_on"], name="referral_check_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=["in", "out"]),
                name="referral_direction_known",
            ),
            models.CheckConstraint(
                condition=Q(status="declined") | Q(decline_reason=""),
                name="referral_decline_reason_only_when_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Referral')} {str(self.id)[:8]}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.direction].get(self.status, frozenset())

    def next_statuses(self) -> list[str]:
        return sorted(self.TRANSITIONS[self.direction].get(self.status, frozenset()))

    @property
    def details(self) -> dict[str, Any]:
        """The shared or received details (decrypted JSON); empty after intake."""
        return json.loads(self.payload) if self.payload else {}

    @property
    def requested_programme_label(self) -> str:
        from gezinsaanpak.models.programme import Programme

        code = self.requested_programme
        return str(Programme(code).label) if code in Programme.values else code

    @property
    def awaiting_contact_check(self) -> bool:
        return self.direction == self.Direction.OUT and self.status in self.AWAITING_CONTACT


# For the OpenAPI schema's enum name (drf-spectacular ENUM_NAME_OVERRIDES).
STATUS_CHOICES = Referral.Status.choices
