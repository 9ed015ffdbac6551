"""Webhooks to partner software: register, sign, deliver, try again, give up.

A partner API client registers one ``https://`` address (``webhook_set``) and gets a
signing secret, shown in that answer only (a new one on request). When a referral the
client sent changes status, a ``referral.updated`` event (the referral's id and status,
nothing else) is stored as a :class:`WebhookDelivery` in the same transaction, and the task
``deliver_webhooks`` (``gezinsaanpak.tasks.referral_notifications``; every minute, and
right after the commit) sends what is due.

Signing (docs/partners.md shows how to check it): with ``t`` the Unix time of the attempt
in seconds, ``X-Gezinsaanpak-Timestamp: t`` and ``X-Gezinsaanpak-Signature: sha256=<hex>``
where ``<hex>`` is HMAC-SHA256, keyed with the secret's UTF-8 bytes, over the bytes
``t + "." + body``.

An attempt is a success on a 2xx answer. Redirects are not followed, the answer's body is
never read or stored, and each call has a timeout. A failed attempt is tried again after
``WEBHOOK_RETRY_BASE_SECONDS * 2**(attempt - 1)``; after ``WEBHOOK_MAX_ATTEMPTS`` the
delivery is given up.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import PartnerClient, User
from gezinsaanpak.audit.events import webhooks as events
from gezinsaanpak.models import Referral, WebhookDelivery, WebhookEndpoint
from gezinsaanpak.models.audit import Action
from gezinsaanpak.models.webhook import EVENT_REFERRAL_UPDATED

TIMESTAMP_HEADER = "X-Gezinsaanpak-Timestamp"
SIGNATURE_HEADER = "X-Gezinsaanpak-Signature"
EVENT_HEADER = "X-Gezinsaanpak-Event"
DELIVERY_HEADER = "X-Gezinsaanpak-Delivery"
SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
DELIVER_TASK = "gezinsaanpak.tasks.referral_notifications.deliver_webhooks"
BATCH = 100


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the HMAC of ``<timestamp>.<body>``."""
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


# --- registering -------------------------------------------------------------------------


def webhook_of(client: PartnerClient) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(client=client).first()


@transaction.atomic
def webhook_set(
    *, client: PartnerClient, url: str, new_secret_wanted: bool = False, by: User | None = None
) -> tuple[WebhookEndpoint, str | None]:
    """Register or change the client's webhook; the secret in plain text when it is new.

    ``by``: an administrator acting in the admin; otherwise the client itself.
    """
    endpoint = WebhookEndpoint.objects.select_for_update().filter(client=client).first()
    created = endpoint is None
    if endpoint is None:
        endpoint = WebhookEndpoint(client=client)
    changed = ["url"] if created or endpoint.url != url else []
    endpoint.url = url
    fresh: str | None = None
    if created or new_secret_wanted:
        fresh = endpoint.secret = new_secret()
        changed.append("secret")
    endpoint.updated_at = timezone.now()
    endpoint.full_clean()
    endpoint.save()
    if changed:
        action = Action.CREATE if created else Action.UPDATE
        events.webhook_changed(client, endpoint, action=action, fields=changed, by=by)
    return endpoint, fresh


@transaction.atomic
def webhook_delete(*, client: PartnerClient, by: User | None = None) -> bool:
    """Remove the webhook and whatever it still had to deliver; whether there was one."""
    endpoint = webhook_of(client)
    if endpoint is None:
        return False
    events.webhook_changed(client, endpoint, action=Action.DELETE, fields=["url"], by=by)
    endpoint.delete()
    return True


# --- queueing ----------------------------------------------------------------------------


def event_body(delivery_id: str, referral: Referral, at: datetime) -> str:
    """The whole event: ids, the event's type and time, and the referral's status."""
    return json.dumps(
        {
            "id": delivery_id,
            "type": EVENT_REFERRAL_UPDATED,
            "created_at": at.isoformat(),
            "data": {"referral": str(referral.pk), "status": referral.status},
        },
        separators=(",", ":"),
    )


def referral_event_queue(referral: Referral) -> WebhookDelivery | None:
    """Store the event for the webhook of the client that sent ``referral``, if it has one.

    In the caller's transaction; the delivery task is started once that commits.
    """
    if referral.client_id is None or referral.direction != Referral.Direction.IN:
        return None
    endpoint = WebhookEndpoint.objects.filter(
        client_id=referral.client_id, client__revoked_at__isnull=True
    ).first()
    if endpoint is None:
        return None
    now = timezone.now()
    delivery = WebhookDelivery(endpoint=endpoint, event=EVENT_REFERRAL_UPDATED, created_at=now)
    delivery.payload = event_body(str(delivery.pk), referral, now)
    delivery.next_attempt_at = now
    delivery.full_clean()
    delivery.save()
    # Robust: should the enqueue fail, the every-minute schedule sends it anyway.
    transaction.on_commit(lambda: import_string(DELIVER_TASK).enqueue(), robust=True)
    return delivery


# --- delivering --------------------------------------------------------------------------


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx answer is the answer (a failure), never followed elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_RefuseRedirects)


def require_public_host(url: str) -> None:
    """Refuse a name that resolves to a private, loopback or link-local address.

    The address check at registration sees only the name; this one, just before each
    attempt, sees where the name points now (a partner's DNS may change it later).
    """
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname or "", parts.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror as failure:
        raise ValueError(f"The name does not resolve: {failure.strerror}") from None
    for *_, sockaddr in found:
        if not ipaddress.ip_address(str(sockaddr[0]).split("%")[0]).is_global:
            raise ValueError("The address points into a private or local network.")


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST and return the status code, without reading the answer's body."""
    if not url.startswith("https://"):
        raise ValueError("Webhooks go to https:// addresses only.")
    require_public_host(url)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


def retry_pause(attempt: int) -> timedelta:
    """The pause after failed attempt number ``attempt`` (1, 2, …): it doubles each time."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def due_deliveries(now: datetime, limit: int = BATCH) -> list[Any]:
    return list(
        WebhookDelivery.objects.filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(now: datetime | None = None) -> dict[str, int]:
    """Try every delivery that is due; counts of delivered, failed (to retry) and given up."""
    counts = {"delivered": 0, "retry": 0, "given_up": 0}
    # Without a given time each attempt takes its own, so a late one is signed with the
    # time it was really sent (receivers refuse old timestamps).
    for pk in due_deliveries(now or timezone.now()):
        outcome = deliver_one(pk, now)
        if outcome:
            counts[outcome] += 1
    return counts


def _claim(pk: Any, now: datetime) -> WebhookDelivery | None:
    """Take the delivery for this attempt: one worker wins, the others skip it."""
    lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 3 + 30)
    won = WebhookDelivery.objects.filter(pk=pk, next_attempt_at__lte=now).update(
        attempts=F("attempts") + 1, next_attempt_at=lease, last_attempt_at=now
    )
    if not won:
        return None
    return WebhookDelivery.objects.select_related("endpoint__client").get(pk=pk)


def _headers(delivery: WebhookDelivery, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Gezinsaanpak-Webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, timestamp, body),
    }


def deliver_one(pk: Any, now: datetime | None = None) -> str | None:
    """One attempt at one delivery; ``delivered``, ``retry``, ``given_up`` or None (skipped)."""
    now = now or timezone.now()
    delivery = _claim(pk, now)
    if delivery is None:
        return None
    if not delivery.endpoint.client.is_active:
        delivery.attempts = settings.WEBHOOK_MAX_ATTEMPTS  # a revoked client gets nothing more
        return _record(delivery, now, None, "The API client is revoked.")
    body = delivery.payload.encode("utf-8")
    timestamp = int(now.timestamp())
    status: int | None = None
    error = ""
    try:
        status = http_post(
            delivery.endpoint.url,
            body,
            _headers(delivery, timestamp, body),
            settings.WEBHOOK_TIMEOUT_SECONDS,
        )
    except (OSError, ValueError, http.client.HTTPException) as failure:
        error = _describe(failure)
    return _record(delivery, now, status, error)


def _describe(failure: BaseException) -> str:
    """The kind of failure and its reason (a network message, never the answer's body)."""
    reason = getattr(failure, "reason", None) or failure
    return f"{type(failure).__name__}: {reason}"[:200]


def _record(delivery: WebhookDelivery, now: datetime, status: int | None, error: str) -> str:
    delivery.last_status_code = status
    delivery.last_error = error if status is None else ""
    if status is not None and 200 <= status < 300:
        delivery.delivered_at, delivery.next_attempt_at, outcome = now, None, "delivered"
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.failed_at, delivery.next_attempt_at, outcome = now, None, "given_up"
    else:
        delivery.next_attempt_at, outcome = now + retry_pause(delivery.attempts), "retry"
    delivery.save(
        update_fields=[
            "last_status_code",
            "last_error",
            "delivered_at",
            "failed_at",
            "next_attempt_at",
        ]
    )
    return outcome


def deliveries_prune(now: datetime | None = None) -> int:
    """Forget deliveries that ended (delivered or given up) more than JOB_RETENTION_DAYS ago."""
    old = (now or timezone.now()) - timedelta(days=settings.JOB_RETENTION_DAYS)
    ended = WebhookDelivery.objects.filter(next_attempt_at__isnull=True, created_at__lt=old)
    return int(ended.delete()[0])
