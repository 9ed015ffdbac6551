"""Webhooks: signed events with the referral's id and status only, retried with backoff.

No test touches the network: the HTTP call is replaced, or urllib is given a handler that
answers by itself.
"""

from __future__ import annotations

import email.message
import hashlib
import hmac
import io
import json
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
import urllib.response
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.partner_clients import partner_client_revoke
from gezinsaanpak.models import AccessEvent, Referral, WebhookDelivery
from gezinsaanpak.models.webhook import validate_webhook_url
from gezinsaanpak.services import referrals as referral_services
from gezinsaanpak.services import webhooks
from gezinsaanpak.tasks.referral_notifications import deliver_webhooks
from gezinsaanpak.tasks.schedule import SCHEDULE
from tests.jobs import run_queued_jobs

from .test_referral_notifications import PERSONAL, refer

HOOK = "https://partner.example/gezinsaanpak/hook"


class Recorder:
    """Stands in for the HTTP call: remembers every request, answers ``statuses`` in turn."""

    def __init__(self, *statuses: int | BaseException) -> None:
        self.statuses = list(statuses) or [200]
        self.calls: list[dict[str, Any]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        self.calls.append({"url": url, "body": body, "headers": headers, "timeout": timeout})
        answer = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer


@pytest.fixture
def hook(partner_client_a):  # type: ignore[no-untyped-def]
    endpoint, secret = webhooks.webhook_set(client=partner_client_a, url=HOOK)
    assert secret is not None
    return endpoint, secret


@pytest.fixture
def accepted(hook, partner_client_a, library, coordinator):  # type: ignore[no-untyped-def]
    referral = refer(partner_client_a, library)
    referral_services.referral_handle(actor=coordinator, referral=referral, status="accepted")
    return referral


def deliver(recorder: Recorder, now: Any = None) -> dict[str, int]:
    with mock.patch.object(webhooks, "http_post", recorder):
        return webhooks.deliver_due(now)


def test_a_status_change_queues_one_event_for_the_senders_webhook(accepted, hook):
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == hook[0]
    assert delivery.event == "referral.updated"
    assert delivery.next_attempt_at is not None


def test_the_event_holds_the_referrals_id_and_status_and_nothing_else(accepted):
    recorder = Recorder(204)
    assert deliver(recorder)["delivered"] == 1
    body = recorder.calls[0]["body"]
    event = json.loads(body)
    assert set(event) == {"id", "type", "created_at", "data"}
    assert event["type"] == "referral.updated"
    assert event["data"] == {"referral": str(accepted.pk), "status": "accepted"}
    for value in PERSONAL:
        assert value not in body.decode()


def test_the_signature_verifies_with_the_documented_recipe(accepted, hook):
    """docs/partners.md: HMAC-SHA256 with the secret over ``<timestamp>.<body>``, in hex."""
    recorder = Recorder(200)
    deliver(recorder)
    call = recorder.calls[0]
    headers, body = call["headers"], call["body"]
    timestamp = headers["X-Gezinsaanpak-Timestamp"]
    assert abs(int(timestamp) - timezone.now().timestamp()) < 60
    expected = hmac.new(
        hook[1].encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Gezinsaanpak-Signature"] == f"sha256={expected}"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Gezinsaanpak-Event"] == "referral.updated"
    assert headers["X-Gezinsaanpak-Delivery"] == json.loads(body)["id"]
    tampered = body.replace(b"accepted", b"declined")
    forged = hmac.new(
        hook[1].encode(), timestamp.encode() + b"." + tampered, hashlib.sha256
    ).hexdigest()
    assert not hmac.compare_digest(forged, expected)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_signature_verifies_with_the_documented_openssl_command(accepted, hook):
    recorder = Recorder(200)
    deliver(recorder)
    headers, body = recorder.calls[0]["headers"], recorder.calls[0]["body"]
    signed = headers["X-Gezinsaanpak-Timestamp"].encode() + b"." + body
    # docs/partners.md: printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET"
    out = subprocess.run(  # noqa: S603
        ["openssl", "dgst", "-sha256", "-hmac", hook[1]],  # noqa: S607
        input=signed,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert headers["X-Gezinsaanpak-Signature"] == "sha256=" + out.strip().split()[-1]


def test_each_call_has_a_timeout(accepted, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 7
    recorder = Recorder(200)
    deliver(recorder)
    assert recorder.calls[0]["timeout"] == 7
    assert recorder.calls[0]["url"] == HOOK


def test_a_failing_endpoint_is_tried_again_with_growing_pauses_then_given_up(accepted, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    settings.WEBHOOK_MAX_ATTEMPTS = 5
    recorder = Recorder(500)
    now = timezone.now()
    pauses = []
    for _ in range(5):
        assert deliver(recorder, now) != {"delivered": 0, "retry": 0, "given_up": 0}
        delivery = WebhookDelivery.objects.get()
        if delivery.next_attempt_at is None:
            break
        assert deliver(recorder, delivery.next_attempt_at - timedelta(seconds=1)) == {
            "delivered": 0,
            "retry": 0,
            "given_up": 0,
        }  # not due before its time
        pauses.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at
    assert pauses == [60, 120, 240, 480]
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 5
    assert delivery.failed_at is not None
    assert delivery.delivered_at is None
    assert delivery.last_status_code == 500
    assert len(recorder.calls) == 5
    assert deliver(recorder, now + timedelta(days=1))["given_up"] == 0  # never again
    assert len(recorder.calls) == 5


def test_a_retry_after_a_failure_can_succeed(accepted):
    recorder = Recorder(urllib.error.URLError("Connection refused"), 200)
    assert deliver(recorder)["retry"] == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.last_status_code is None
    assert delivery.last_error == "URLError: Connection refused"
    assert deliver(recorder, delivery.next_attempt_at)["delivered"] == 1
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None
    assert delivery.next_attempt_at is None
    assert delivery.last_error == ""
    assert delivery.attempts == 2


def test_one_delivery_is_sent_once_when_two_workers_try(accepted):
    now = timezone.now()
    recorder = Recorder(200)
    pk = WebhookDelivery.objects.get().pk
    with mock.patch.object(webhooks, "http_post", recorder):
        assert webhooks.deliver_one(pk, now) == "delivered"
        assert webhooks.deliver_one(pk, now) is None
    assert len(recorder.calls) == 1


def test_only_the_sending_clients_referrals_reach_its_webhook(
    hook, partner_client_a, partner_client_b, library, coordinator
):
    webhooks.webhook_set(client=partner_client_b, url="https://taalhuis.example/hook")
    referral_b = refer(partner_client_b, library)
    referral_services.referral_handle(
        actor=coordinator, referral=referral_b, status="declined", decline_reason="no_capacity"
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint.client == partner_client_b
    assert json.loads(delivery.payload)["data"]["referral"] == str(referral_b.pk)
    assert not WebhookDelivery.objects.filter(endpoint=hook[0]).exists()


def test_referrals_of_other_senders_and_revoked_clients_queue_nothing(
    hook, partner_client_a, library, partner_org, coordinator
):
    by_web = Referral.objects.create(
        direction="in", organisation=library, partner=partner_org, via="web", reason_code="other"
    )
    assert webhooks.referral_event_queue(by_web) is None
    referral = refer(partner_client_a, library)
    partner_client_revoke(client=partner_client_a)
    referral.refresh_from_db()
    referral_services.referral_handle(actor=coordinator, referral=referral, status="accepted")
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://partner.example/hook",
        "ftp://partner.example/hook",
        "https://localhost/hook",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.5:8443/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest",
        "https://intranet.local/hook",
        "https://user:secret@partner.example/hook",
        "partner.example/hook",
    ],
)
def test_only_https_addresses_on_the_internet_are_accepted(url):
    with pytest.raises(ValidationError):
        validate_webhook_url(url)


def test_a_plain_http_address_is_refused_by_the_service(partner_client_a):
    with pytest.raises(ValidationError):
        webhooks.webhook_set(client=partner_client_a, url="http://partner.example/hook")
    validate_webhook_url("https://partner.example:8443/hooks/gezinsaanpak?x=1")


def _resolves_to(*addresses: str):  # type: ignore[no-untyped-def]
    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    return getaddrinfo


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):  # type: ignore[no-untyped-def]
    """No test goes to a name server: every name resolves to one public address."""
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", _resolves_to("93.184.216.34"))


@pytest.mark.parametrize(
    "address", ["10.1.2.3", "127.0.0.1", "169.254.169.254", "192.168.0.9", "::1", "fd00::1"]
)
def test_a_name_that_points_into_a_private_network_is_not_called(monkeypatch, address):
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", _resolves_to("93.184.216.34", address))
    answers = _Answers(200)
    monkeypatch.setattr(
        webhooks, "_OPENER", urllib.request.build_opener(webhooks._RefuseRedirects, answers)
    )
    with pytest.raises(ValueError, match="private or local"):
        webhooks.http_post(HOOK, b"{}", {}, 3)
    assert answers.requests == []


def test_a_delivery_to_a_private_address_is_retried_not_sent(accepted, monkeypatch):
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", _resolves_to("10.0.0.8"))
    answers = _Answers(200)
    monkeypatch.setattr(
        webhooks, "_OPENER", urllib.request.build_opener(webhooks._RefuseRedirects, answers)
    )
    assert webhooks.deliver_due()["retry"] == 1
    delivery = WebhookDelivery.objects.get()
    assert answers.requests == [] and delivery.delivered_at is None
    assert "private or local" in delivery.last_error


def test_http_post_refuses_anything_but_https():
    with pytest.raises(ValueError, match="https"):
        webhooks.http_post("http://partner.example/", b"{}", {}, 1)


class _Answers(urllib.request.BaseHandler):
    """An https handler that answers by itself: a redirect, or a body that must not be read."""

    handler_order = 100  # before urllib's own HTTPSHandler, which would go to the network

    def __init__(self, status: int, location: str = "") -> None:
        self.status, self.location, self.requests = status, location, []

    def https_open(self, request: urllib.request.Request) -> Any:
        self.requests.append((request.full_url, request.timeout))  # type: ignore[attr-defined]
        headers = email.message.Message()
        if self.location:
            headers["Location"] = self.location
        body = io.BytesIO(b"a body the partner sent back")
        response = urllib.response.addinfourl(body, headers, request.full_url, self.status)
        response.msg = "answer"  # type: ignore[attr-defined]
        return response


def test_redirects_are_not_followed_and_count_as_a_failure(monkeypatch):
    answers = _Answers(302, "https://elsewhere.example/")
    opener = urllib.request.build_opener(webhooks._RefuseRedirects, answers)
    monkeypatch.setattr(webhooks, "_OPENER", opener)
    assert webhooks.http_post(HOOK, b"{}", {}, 3) == 302
    assert answers.requests == [(HOOK, 3)]  # only the first address, with the timeout


def test_the_answers_body_is_not_kept(accepted, monkeypatch):
    answers = _Answers(200)
    monkeypatch.setattr(
        webhooks, "_OPENER", urllib.request.build_opener(webhooks._RefuseRedirects, answers)
    )
    assert webhooks.deliver_due()["delivered"] == 1
    delivery = WebhookDelivery.objects.values().get()
    assert not any("a body the partner" in str(value) for value in delivery.values())


def test_the_delivery_task_is_scheduled_every_minute_and_sends(accepted):
    entry = next(e for e in SCHEDULE if e.name == "deliver_webhooks")
    assert entry.when.minutes == 1  # type: ignore[union-attr]
    recorder = Recorder(200)
    deliver_webhooks.enqueue()
    with mock.patch.object(webhooks, "http_post", recorder):
        run_queued_jobs()
    assert len(recorder.calls) == 1
    assert WebhookDelivery.objects.get().delivered_at is not None


def test_ended_deliveries_are_pruned_after_the_retention(accepted, settings):
    settings.JOB_RETENTION_DAYS = 30
    deliver(Recorder(200))
    assert webhooks.deliveries_prune() == 0
    later = timezone.now() + timedelta(days=31)
    assert webhooks.deliveries_prune(later) == 1


def test_registering_and_removing_are_logged_without_the_address(hook, partner_client_a):
    webhooks.webhook_set(client=partner_client_a, url=HOOK, new_secret_wanted=True)
    assert webhooks.webhook_delete(client=partner_client_a)
    lines = AccessEvent.objects.filter(object_type="webhook").order_by("sequence")
    assert [(line.action, line.fields) for line in lines] == [
        ("create", ["secret", "url"]),
        ("update", ["secret"]),
        ("delete", ["url"]),
    ]
    assert all(line.actor_label == partner_client_a.log_label for line in lines)
    for line in lines:
        assert "partner.example" not in json.dumps(line.details)


def test_the_secret_is_kept_unless_a_new_one_is_asked_for(hook, partner_client_a):
    _, secret = hook
    again, none = webhooks.webhook_set(client=partner_client_a, url=HOOK + "/v2")
    assert none is None
    assert again.secret == secret
    _, fresh = webhooks.webhook_set(client=partner_client_a, url=HOOK, new_secret_wanted=True)
    assert fresh and fresh != secret and fresh.startswith("whsec_")


def test_a_client_revoked_after_the_event_gets_nothing(accepted, partner_client_a):
    partner_client_revoke(client=partner_client_a)
    recorder = Recorder(200)
    assert deliver(recorder)["given_up"] == 1
    assert recorder.calls == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.failed_at is not None
    assert delivery.next_attempt_at is None
