"""A session's two-factor state is looked up once a minute, not on every request (issue 19)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import current_code, enrol, login

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)


def _device_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me/")
    return sum("otp_" in q["sql"] for q in queries)


def _verified_session(client: Client, user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    device = enrol(client, user)
    client.logout()
    login(client, user)
    device.last_t = -1
    device.save()
    assert client.post("/accounts/verify/", {"token": current_code(device)}).status_code == 302
    return device


def test_a_verified_session_loads_its_device_once_a_minute(client, specialist):
    with time_machine.travel(START, tick=False) as clock:
        _verified_session(client, specialist)
        client.get("/api/v1/me/")
        assert _device_queries(client) == 0
        clock.shift(61)
        assert _device_queries(client) == 1
        assert _device_queries(client) == 0


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_a_removed_device_stops_counting_within_a_minute(client, specialist):
    with time_machine.travel(START, tick=False) as clock:
        device = _verified_session(client, specialist)
        assert client.get("/api/v1/me/").status_code == 200
        device.delete()  # an administrator's reset of two-step login
        clock.shift(61)
        response = client.get("/api/v1/me/")
        assert response.status_code == 403  # enrol again first
        assert response.json()["errors"][0]["code"] == "two_factor_required"


def test_a_session_without_a_device_checks_once_a_minute(client, specialist):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(specialist)
        client.get("/api/v1/me/")
        assert _device_queries(client) == 0
        clock.shift(61)
        assert _device_queries(client) == 2  # the app and the recovery codes


def test_a_device_enrolled_elsewhere_is_asked_for_within_a_minute(specialist):
    first, second = Client(), Client()
    with time_machine.travel(START, tick=False) as clock:
        first.force_login(specialist)
        assert first.get("/").status_code == 200
        enrol(second, specialist)
        clock.shift(61)
        assert first.get("/").url.startswith("/accounts/verify/")
