"""A spreadsheet kept between its preview and the coordinator's confirmation."""

from __future__ import annotations

import base64
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.privacy.fields import EncryptedCharField, EncryptedTextField


class ImportKind(models.TextChoices):
    FAMILIES = "families", _("Families")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PLACEMENTS = "placements", _("Running placements")


class ImportUpload(models.Model):
    """The uploaded file, sealed like every personal value; deleted after the import or
    when it expires (``prune_jobs``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    name = EncryptedCharField(_("file name"), max_length=200)
    # Base64 of the file's bytes.
    content = EncryptedTextField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("available until"))

    class Meta:
        verbose_name = _("uploaded import file")
        verbose_name_plural = _("uploaded import files")
        indexes = [models.Index(fields=["expires_at"], name="import_upload_expires")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {str(self.id)[:8]}"

    def data(self) -> bytes:
        return base64.b64decode(str(self.content))
