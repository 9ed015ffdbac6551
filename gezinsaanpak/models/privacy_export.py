"""An export of everything a library holds on one family (AVG art. 15 and 20).

The privacy officer makes it for the family's own request (access or portability), or, with
a reason, for another purpose. The export itself is a job (``JobKind.FAMILY_EXPORT``) whose
one-time download is a ZIP with a JSON file, a readable HTML page and its PDF. This row says
what the export was for; the reason may name people, so it is sealed like every personal
value. It lives as long as its job.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gezinsaanpak import limits
from gezinsaanpak.privacy.fields import EncryptedTextField

# The kinds of data-subject request an export answers.
EXPORT_REQUEST_KINDS = ("access", "portability")


class PrivacyExport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    family = models.ForeignKey(
        "gezinsaanpak.Family",
        on_delete=models.CASCADE,
        related_name="privacy_exports",
        verbose_name=_("family"),
    )
    request = models.ForeignKey(
        "gezinsaanpak.DataSubjectRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exports",
        verbose_name=_("data-subject request"),
    )
    # Why an export without the family's own request is made (not part of the export).
    reason = EncryptedTextField(
        _("reason for the export"), blank=True, max_length=limits.EXPORT_REASON_MAX
    )
    job = models.OneToOneField(
        "gezinsaanpak.Job",
        on_delete=models.CASCADE,
        related_name="privacy_export",
        verbose_name=_("job"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    # The access-log line that says the export was made: the export holds the family's
    # lines up to and including this one. Set by the job (a rerun reuses it).
    log_line = models.UUIDField(_("access-log line of the export"), null=True, blank=True)

    class Meta:
        verbose_name = _("export of a family's data")
        verbose_name_plural = _("exports of a family's data")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_('Export')} {str(self.id)[:8]}"

    @property
    def for_subject(self) -> bool:
        """Made for the family's own request (allowed even while processing is restricted)."""
        return self.request_id is not None

    def clean(self) -> None:
        super().clean()
        has_reason = bool(str(self.reason or "").strip())
        if self.request_id is None and not has_reason:
            raise ValidationError({"reason": _("Choose the request, or give the reason.")})
        if self.request_id is not None and has_reason:
            raise ValidationError(
                {"reason": _("An export for a request needs no other reason. Leave it empty.")}
            )
