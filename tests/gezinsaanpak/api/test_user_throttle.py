"""The staff API's per-user rate (base.py): a burst rate and a sustained rate.

The limits are driven directly with a fake clock (thousands of requests over simulated
minutes), through the database counters as the API uses them; one test goes through the
API for the 429 itself.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory

from config.settings.base import REST_FRAMEWORK as BASE_REST_FRAMEWORK
from gezinsaanpak.api.throttling import RateLimit, parse_rate
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BASE_RATES = BASE_REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_003.0  # not on a ten-second or ten-minute boundary

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    clock = Clock()
    monkeypatch.setattr(RateLimit, "clock", staticmethod(clock))
    monkeypatch.setattr(RateLimit, "THROTTLE_RATES", BASE_RATES)
    return clock


def request_of(user) -> Request:  # type: ignore[no-untyped-def]
    request = Request(APIRequestFactory().get("/api/v1/me/"))
    request.user = user
    return request


def allowed(user) -> bool:  # type: ignore[no-untyped-def]
    """What the API decides for one request of ``user``."""
    return RateLimit().allow_request(request_of(user), None)  # type: ignore[arg-type]


def test_the_api_uses_the_burst_and_the_sustained_rate():
    names = [cls.__name__ for cls in api_settings.DEFAULT_THROTTLE_CLASSES]
    assert names == ["RateLimit"]
    assert RateLimit.STAFF_SCOPES == ("user_burst", "user_sustained")
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


def test_a_refused_script_that_waits_as_told_gets_through_again(clock, specialist):
    passed = sum(allowed(specialist) for _ in range(200))
    assert passed == 120
    limit = RateLimit()
    assert not limit.allow_request(request_of(specialist), None)  # type: ignore[arg-type]
    clock.now += limit.wait()  # type: ignore[operator]
    assert allowed(specialist)


def test_counting_a_request_is_one_statement(specialist):
    with CaptureQueriesContext(connection) as queries:
        assert allowed(specialist)
    assert len(queries) == 1
    assert "ON CONFLICT" in queries[0]["sql"]


def test_the_api_answers_429_with_retry_after_in_the_json_body(monkeypatch, specialist):
    rates = {**BASE_RATES, "user_burst": "2/10s"}
    monkeypatch.setattr(RateLimit, "THROTTLE_RATES", rates)
    api = client_for(specialist)
    assert [api.get("/api/v1/me/").status_code for _ in range(2)] == [200, 200]
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 429
    # Within two periods: the counter weighs the previous window as if its requests were
    # spread evenly over it, so it may ask for a little more patience than a log would.
    assert 1 <= int(refused["Retry-After"]) <= 20
    assert refused.json()["type"] == "client_error"
    assert refused.json()["errors"][0]["code"] == "throttled"
    assert Client().get("/api/v1/me/").status_code in {401, 403}


def test_prune_jobs_removes_the_counters_of_clients_quiet_for_a_day(specialist, coordinator):
    import time

    from gezinsaanpak.models import RateCounter
    from gezinsaanpak.services.jobs import job_start
    from gezinsaanpak.tasks.runner import run_inline

    allowed(specialist)
    allowed(coordinator)
    RateCounter.objects.filter(key__endswith=str(specialist.pk)).update(
        window_start=time.time() - 2 * 86400
    )
    run_inline(job_start(kind="prune_jobs", enqueue=False))
    left = set(RateCounter.objects.values_list("key", flat=True))
    assert left == {f"user_burst:{coordinator.pk}", f"user_sustained:{coordinator.pk}"}
