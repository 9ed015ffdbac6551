"""Erasure (AVG art. 17) and anonymisation: the certificate, and the ledger of erased files.

Both hold ids, dates and counts, never a value: they stay when everything personal of a
file has gone. The ledger has a copy outside the database (``services.erasure_ledger``), so
that erasures survive a restore of an older backup (``manage.py replay_erasures``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnonymiseReason(models.TextChoices):
    ERASURE = "erasure", _("Erasure on request (art. 17)")
    RETENTION = "retention", _("Retention period ended")


class ErasureCertificate(models.Model):
    """Proof that a family's file was erased on request: when, for which request, by whom,
    and how many records of each kind went (and stayed, without personal data)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # An id, not a foreign key: the certificate is about the file, not part of it.
    family_id = models.UUIDField(_("file number"), db_index=True)
    request = models.ForeignKey(
        "gezinsaanpak.DataSubjectRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure_certificates",
        verbose_name=_("data-subject request"),
    )
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    # {"removed": {kind: n}, "kept": {kind: n}}: kinds of records and numbers, never values.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # Set when ``replay_erasures`` erased the file again after a restore of an older backup.
    replayed_at = models.DateTimeField(_("erased again after a restore"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure certificate")
        verbose_name_plural = _("erasure certificates")
        ordering = ["-erased_at", "id"]
        indexes = [
            models.Index(fields=["organisation", "-erased_at"], name="erasure_cert_org_at"),
        ]

    def __str__(self) -> str:
        return f"{_('erasure certificate')} {str(self.id)[:8]}"

    @property
    def removed(self) -> dict[str, int]:
        return dict((self.counts or {}).get("removed", {}))

    @property
    def kept(self) -> dict[str, int]:
        return dict((self.counts or {}).get("kept", {}))


class ErasureLedgerEntry(models.Model):
    """One erased or anonymised file, as the ledger file outside the database has it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family_id = models.UUIDField(_("file number"), db_index=True)
    organisation_id = models.UUIDField(_("organisation id"))
    reason = models.CharField(_("reason"), max_length=20, choices=AnonymiseReason.choices)
    rule = models.CharField(_("retention rule"), max_length=20, blank=True)
    erased_at = models.DateTimeField(_("erased at"))
    certificate_id = models.UUIDField(_("certificate"), null=True, blank=True)
    replayed_at = models.DateTimeField(_("erased again after a restore"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure ledger entry")
        verbose_name_plural = _("erasure ledger")
        ordering = ["-erased_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {str(self.family_id)[:8]}"
