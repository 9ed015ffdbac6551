"""The history of restricted processing (AVG art. 18): who set and lifted it, when and why.

``Family.restricted_processing`` is the flag every service checks; each row here is one
period it was set. At most one period per family is open (not lifted). The reasons are the
privacy officer's words and may name people, so they are sealed like every personal value.
"""

from __future__ import annotations

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


class ProcessingRestriction(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    family = models.ForeignKey(
        "gezinsaanpak.Family",
        on_delete=models.CASCADE,
        related_name="restrictions",
        verbose_name=_("family"),
    )
    # The data-subject request it was set for, if any (the privacy officer may also restrict
    # on their own initiative, such as while a rectification is disputed).
    request = models.ForeignKey(
        "gezinsaanpak.DataSubjectRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="restrictions",
        verbose_name=_("data-subject request"),
    )
    set_at = models.DateTimeField(_("restricted at"), default=timezone.now)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restricted by"),
    )
    reason = EncryptedTextField(_("reason for the restriction"), max_length=limits.NOTE_MAX)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = EncryptedTextField(
        _("reason for lifting"), max_length=limits.NOTE_MAX, blank=True
    )

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")
        ordering = ["-set_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(lifted_at__isnull=True),
                name="restriction_one_open_per_family",
                violation_error_message=_("Processing of this file is restricted already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('restriction of processing')} {str(self.id)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.lifted_at is None

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if not str(self.reason or "").strip():
            errors["reason"] = _("Give the reason for the restriction.")
        if self.lifted_at is not None and not str(self.lift_reason or "").strip():
            errors["lift_reason"] = _("Give the reason for lifting the restriction.")
        if self.lifted_at and self.set_at and self.lifted_at < self.set_at:
            errors["lifted_at"] = _("A restriction cannot be lifted before it was set.")
        if errors:
            raise ValidationError(errors)
