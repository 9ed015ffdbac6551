"""Date filters in query strings refuse dates outside 1900-01-01 … 2100-12-31 with a 400.

``9999-12-31`` used to be a 500 on the access log (the day after it does not exist).
"""

from __future__ import annotations

import pytest

from gezinsaanpak.validation import EARLIEST_DATE, LATEST_DATE
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"]
NOT_DATES = ["2025-02-30", "-1", "tomorrow", "%ED%A0%80", "2025-1-1x", "99999-01-01"]


def _get(client, url: str):  # type: ignore[no-untyped-def]
    client.raise_request_exception = False
    return client.get(url)


def _assert_date_refused(response, attr: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["type"] == "validation_error"
    assert attr in {e["attr"] for e in body["errors"]}
    assert all(e["code"] in {"invalid", "out_of_range"} for e in body["errors"])


@pytest.mark.parametrize("value", OUT_OF_RANGE + NOT_DATES)
@pytest.mark.parametrize("param", ["since", "until"])
def test_access_log_refuses_insane_dates(privacy_officer, param, value):
    response = _get(client_for(privacy_officer), f"/api/v1/access-log/?{param}={value}")
    _assert_date_refused(response, param)


@pytest.mark.parametrize("value", OUT_OF_RANGE + NOT_DATES)
@pytest.mark.parametrize("param", ["start", "end"])
def test_voucher_pickup_refuses_insane_dates(coordinator, param, value):
    other = "end=2026-12-31" if param == "start" else "start=2026-01-01"
    url = f"/api/v1/boekstart/vouchers/pickup/?{param}={value}&{other}"
    _assert_date_refused(_get(client_for(coordinator), url), param)


def test_the_ends_of_the_range_are_accepted(privacy_officer, coordinator):
    since, until = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
    log = _get(client_for(privacy_officer), f"/api/v1/access-log/?since={since}&until={until}")
    assert log.status_code == 200
    pickup = f"/api/v1/boekstart/vouchers/pickup/?start={since}&end={until}"
    assert _get(client_for(coordinator), pickup).status_code == 200


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_the_access_log_page_shows_an_error_for_an_insane_date(privacy_officer, value):
    response = _get(client_for(privacy_officer), f"/access-log/?until={value}")
    assert response.status_code == 200
    assert response.context["form"].errors["until"]
