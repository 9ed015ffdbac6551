"""The staff API's per-user rate (base.py): a burst rate and a sustained rate.

The throttles are driven directly with a fake clock (thousands of requests over simulated
minutes); one test goes through the API for the 429 itself.
"""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import SimpleRateThrottle

from config.settings.base import REST_FRAMEWORK as BASE_REST_FRAMEWORK
from gezinsaanpak.api.throttling import UserBurstThrottle, UserSustainedThrottle, parse_rate
from tests.conftest import client_for

BASE_RATES = BASE_REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
THROTTLES = (UserBurstThrottle, UserSustainedThrottle)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    clock = Clock()
    monkeypatch.setattr(SimpleRateThrottle, "timer", clock)
    for throttle in THROTTLES:
        monkeypatch.setattr(throttle, "THROTTLE_RATES", BASE_RATES)
    return clock


def request_of(user) -> Request:  # type: ignore[no-untyped-def]
    request = Request(APIRequestFactory().get("/api/v1/me/"))
    request.user = user
    return request


def allowed(user) -> bool:  # type: ignore[no-untyped-def]
    """What the API decides: every throttle class must allow (DRF asks each in turn)."""
    request = request_of(user)
    return all(throttle().allow_request(request, None) for throttle in THROTTLES)


def test_the_api_uses_the_burst_and_the_sustained_rate():
    names = [cls.__name__ for cls in api_settings.DEFAULT_THROTTLE_CLASSES]
    assert names == ["AnonRateThrottle", "UserBurstThrottle", "UserSustainedThrottle"]
    assert parse_rate(BASE_RATES["user_burst"]) == (120, 10)
    assert parse_rate(BASE_RATES["user_sustained"]) == (3000, 600)


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("600/minute", (600, 60)),
        ("120/10s", (120, 10)),
        ("3000/10m", (3000, 600)),
        ("5/h", (5, 3600)),
    ],
)
def test_rates_with_a_period_of_several_units(rate, parsed):
    assert parse_rate(rate) == parsed


def test_a_bad_rate_is_refused():
    with pytest.raises(ValueError, match="Not a throttle rate"):
        parse_rate("120 per 10s")


def test_a_person_working_fast_on_two_devices_never_sees_a_429(clock, specialist):
    """Ten minutes: a job page polling every second on the screen, and every two seconds a
    burst of six requests from the phone and the screen together (2,400 requests)."""
    refused = 0
    for second in range(600):
        clock.now += 1
        requests = 1 + (6 if second % 2 == 0 else 0)
        refused += sum(not allowed(specialist) for _ in range(requests))
    assert refused == 0


def test_a_script_going_flat_out_is_stopped_within_ten_seconds(clock, specialist):
    passed = 0
    for _ in range(10 * 50):  # 50 requests a second
        clock.now += 0.02
        passed += allowed(specialist)
    assert passed == 120


def test_a_steady_script_is_stopped_by_the_sustained_rate(clock, specialist):
    outcomes = []
    for _ in range(600 * 6):  # 6 requests a second for 10 minutes: no burst to speak of
        clock.now += 1 / 6
        outcomes.append(allowed(specialist))
    assert all(outcomes[:3000])
    assert not any(outcomes[3001:])


def test_one_users_script_does_not_throttle_a_colleague(clock, specialist, coordinator):
    for _ in range(200):
        allowed(specialist)
    assert not allowed(specialist)
    assert allowed(coordinator)


def test_the_api_answers_429_with_retry_after_in_the_json_body(monkeypatch, specialist):
    rates = {**BASE_RATES, "user_burst": "2/10s"}
    for throttle in THROTTLES:
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)
    api = client_for(specialist)
    assert [api.get("/api/v1/me/").status_code for _ in range(2)] == [200, 200]
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 10
    assert refused.json()["type"] == "client_error"
    assert refused.json()["errors"][0]["code"] == "throttled"
    assert Client().get("/api/v1/me/").status_code in {401, 403}
