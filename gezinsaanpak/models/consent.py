"""Consent per purpose, given by a caregiver with parental authority (AVG art. 6, 7)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.processing_register import LegalBasis, Purpose

from .family import Caregiver, Family


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_at(self, moment: datetime.datetime) -> ConsentQuerySet:
        return self.filter(
            Q(given_at__lte=moment),
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=moment),
            Q(expires_at__isnull=True) | Q(expires_at__gt=moment),
        )


class Consent(models.Model):
    class Method(models.TextChoices):
        VERBAL = "verbal", _("Spoken (noted by staff)")
        WRITTEN = "written", _("On paper, signed")
        DIGITAL = "digital", _("Digitally")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="consents", verbose_name=_("family")
    )
    # Empty only on an anonymised file: erasure removes who gave it, and keeps the purpose,
    # legal basis and dates (the caregiver is deleted; the consent is not).
    given_by = models.ForeignKey(
        Caregiver,
        on_delete=models.CASCADE,
        null=True,
        related_name="consents",
        verbose_name=_("given by"),
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    partner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("partner organisation"),
        help_text=_("Only for sharing with a partner."),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    text_version = models.CharField(_("version of the consent text"), max_length=30)
    method = models.CharField(_("how it was given"), max_length=20, choices=Method.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["family", "purpose"], name="consent_family_purpose")]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="share_with_partner", partner__isnull=False)
                | (~Q(purpose="share_with_partner") & Q(partner__isnull=True)),
                name="consent_partner_only_for_sharing",
                violation_error_message=_("Name the partner when consent is for sharing."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%Y-%m-%d})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        given_by = self.given_by if self.given_by_id else None
        if given_by is not None and self.family_id and given_by.family_id != self.family_id:
            errors["given_by"] = _("Choose a caregiver of this family.")
        elif given_by is not None and not given_by.legal_authority:
            errors["given_by"] = _("Only a caregiver with parental authority can give consent.")
        if self.purpose == Purpose.SHARE_WITH_PARTNER and not self.partner_id:
            errors["partner"] = _("Name the partner when consent is for sharing.")
        if self.purpose != Purpose.SHARE_WITH_PARTNER and self.partner_id:
            errors["partner"] = _("A partner is only named when consent is for sharing.")
        if self.partner is not None and self.partner.kind != "partner":
            errors["partner"] = _("Choose a partner organisation.")
        if self.expires_at and self.given_at and self.expires_at <= self.given_at:
            errors["expires_at"] = _("The end date must be after the date it was given.")
        if errors:
            raise ValidationError(errors)
