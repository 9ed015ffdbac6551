"""Webhooks: a partner API client's URL, told when a referral it sent changes status.

An event carries the referral's id and status only, never personal data; the partner
fetches the rest through the API. Deliveries are tried again with a growing pause
(``gezinsaanpak.services.webhooks``) and kept for the admin to see, without any response
body.
"""

from __future__ import annotations

import ipaddress
import uuid
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.privacy.fields import EncryptedCharField

WEBHOOK_URL_MAX = 500
EVENT_REFERRAL_UPDATED = "referral.updated"


def validate_webhook_url(value: str) -> None:
    """HTTPS to a public host name or address: no plain HTTP, no local or private network."""
    URLValidator(schemes=["https"], message=_("Enter an address that starts with https://."))(value)
    parts = urlsplit(value)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.username or parts.password:
        raise ValidationError(_("Leave the user name and password out of the address."))
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise ValidationError(_("Use an address on the internet, not a local one."))
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return
    if not address.is_global:
        raise ValidationError(_("Use an address on the internet, not a local one."))


class WebhookEndpoint(models.Model):
    """Where a partner API client wants its ``referral.updated`` events (one per client)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        "accounts.PartnerClient",
        on_delete=models.CASCADE,
        related_name="webhook",
        verbose_name=_("API client"),
    )
    url = models.CharField(
        _("webhook address"),
        max_length=WEBHOOK_URL_MAX,
        validators=[validate_webhook_url],
        help_text=_("An https:// address of the partner's software."),
    )
    # Needed in plain text to sign, so encrypted at rest rather than hashed.
    secret = EncryptedCharField(_("signing secret"), max_length=100, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint, and how its attempts went (never the response body)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    event = models.CharField(_("event"), max_length=40)
    # Exactly the JSON body that is sent (ids and a status, nothing personal).
    payload = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=Q(next_attempt_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.pk}"

    @property
    def state(self) -> str:
        if self.delivered_at:
            return str(_("Delivered"))
        if self.failed_at:
            return str(_("Given up"))
        return str(_("Waiting"))
