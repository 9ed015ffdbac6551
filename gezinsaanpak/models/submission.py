"""Form submissions already handled: the idempotency token of a form that creates a record.

A form that creates something (a visit, a concern, a family, …) carries a random token;
the first POST with it claims the row in the same transaction as the record it creates,
so a second tap on *Opslaan* (or a resent POST) finds the row and creates nothing. The row
holds where the first submit led, never a value typed into the form.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    token = models.UUIDField(_("form token"), primary_key=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    redirect_to = models.CharField(_("page shown after saving"), max_length=500, blank=True)

    objects: ClassVar[models.Manager[FormSubmission]] = models.Manager()

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        default_permissions = ()
        indexes = [models.Index(fields=["submitted_at"], name="form_submission_at")]

    def __str__(self) -> str:
        return str(self.token)


def new_token() -> uuid.UUID:
    return uuid.uuid4()
