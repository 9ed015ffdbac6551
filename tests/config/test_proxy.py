"""The client's address behind trusted proxies: one answer for the access log, axes and DRF."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from rest_framework.throttling import AnonRateThrottle

from config.proxy import TrustedProxyMiddleware
from gezinsaanpak.models.audit import AccessEvent, Action
from tests.factories import PASSWORD

PROXY = "172.30.0.10"
CLIENT = "203.0.113.9"
LOGIN = "/accounts/login/"


def address_seen(remote_addr: str, forwarded_for: str | None = None) -> str:
    """REMOTE_ADDR as the views see it, after the middleware."""
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    seen = {}

    def view(request):
        seen["ip"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen["ip"]


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_trusted_proxy_passes_on_the_client_address():
    assert address_seen(PROXY, CLIENT) == CLIENT


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_an_untrusted_peer_cannot_choose_its_address():
    assert address_seen("198.51.100.7", CLIENT) == "198.51.100.7"


def test_nobody_is_trusted_by_default():
    assert address_seen("127.0.0.1", CLIENT) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_trusted_proxy_without_the_header_stays_the_address():
    assert address_seen(PROXY) == PROXY
    assert address_seen(PROXY, "") == PROXY


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", PROXY])
@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        # A load balancer (10.0.0.5) in front of the TLS proxy: both ours, the client before them.
        (f"{CLIENT}, 10.0.0.5", CLIENT),
        # What the client wrote itself, left of its real address, is ignored.
        (f"192.0.2.66, {CLIENT}, 10.0.0.5", CLIENT),
        (f"10.9.9.9, {CLIENT}", CLIENT),
        # Only our own hops: a request from inside; the left-most is where it started.
        ("10.1.1.1, 10.0.0.5", "10.1.1.1"),
        ("  203.0.113.9 ,10.0.0.5  ", CLIENT),
    ],
)
def test_chains_of_proxies_are_read_from_the_right(forwarded_for, expected):
    assert address_seen(PROXY, forwarded_for) == expected


@override_settings(TRUSTED_PROXIES=[PROXY])
@pytest.mark.parametrize(
    "forwarded_for",
    ["not-an-ip", "203.0.113.9:443", f"{CLIENT}, unknown", f"{CLIENT},,", "999.1.1.1"],
)
def test_a_malformed_header_keeps_the_peer_address(forwarded_for):
    assert address_seen(PROXY, forwarded_for) == PROXY


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_junk_left_of_the_client_address_does_not_matter():
    assert address_seen(PROXY, f"<script>, {CLIENT}") == CLIENT


@override_settings(TRUSTED_PROXIES=["fd00::/8"])
def test_ipv6_proxies_and_clients():
    assert address_seen("fd00::10", "2001:0db8:0:0::1") == "2001:db8::1"
    assert address_seen("2001:db8::7", CLIENT) == "2001:db8::7"


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_an_ipv4_mapped_peer_counts_as_its_ipv4_address():
    assert address_seen(f"::ffff:{PROXY}", CLIENT) == CLIENT


@pytest.mark.parametrize("entry", ["*", "proxy.example.org", "10.0.0.0/33"])
def test_an_unusable_trusted_proxy_setting_stops_start_up(entry):
    with (
        override_settings(TRUSTED_PROXIES=[entry]),
        pytest.raises(ImproperlyConfigured, match="FORWARDED_ALLOW_IPS"),
    ):
        TrustedProxyMiddleware(lambda request: HttpResponse())


def _throttle_ident(remote_addr: str, forwarded_for: str) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)
    seen = {}

    def view(request):
        seen["ident"] = AnonRateThrottle().get_ident(request)
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen["ident"]


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_drf_throttles_the_client_behind_the_proxy_and_ignores_a_spoofed_header():
    assert _throttle_ident(PROXY, CLIENT) == CLIENT
    assert _throttle_ident("198.51.100.7", CLIENT) == "198.51.100.7"


def _login_through_proxy(client, email, password, client_ip):
    return client.post(
        LOGIN,
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


@pytest.mark.django_db
def test_the_access_log_stores_the_client_address_behind_a_trusted_proxy(
    client, settings, specialist
):
    settings.TRUSTED_PROXIES = [PROXY]
    _login_through_proxy(client, specialist.email, PASSWORD, CLIENT)
    line = AccessEvent.objects.get(action=Action.LOGIN)
    assert line.ip == CLIENT


@pytest.mark.django_db
def test_the_access_log_ignores_a_header_from_an_untrusted_peer(client, settings, specialist):
    settings.TRUSTED_PROXIES = [PROXY]
    client.post(
        LOGIN,
        {"username": specialist.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR=CLIENT,
    )
    assert AccessEvent.objects.get(action=Action.LOGIN).ip == "198.51.100.7"


@pytest.mark.django_db
def test_the_lockout_counts_per_client_behind_the_proxy_not_per_proxy(client, settings, specialist):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(10):
        _login_through_proxy(client, specialist.email, "fout-wachtwoord", CLIENT)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    locked = _login_through_proxy(client, specialist.email, PASSWORD, CLIENT)
    assert locked.status_code == 429

    # The same user from another address, through the same proxy, is not locked out.
    _login_through_proxy(client, specialist.email, PASSWORD, "203.0.113.10")
    assert client.session[SESSION_KEY] == str(specialist.pk)


def test_the_middleware_runs_before_anything_that_reads_the_address(settings):
    assert settings.MIDDLEWARE[0] == "config.proxy.TrustedProxyMiddleware"
