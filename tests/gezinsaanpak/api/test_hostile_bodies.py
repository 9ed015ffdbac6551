"""Hostile input gets a 4xx in the one JSON error body, never a 500, and stores nothing."""

from __future__ import annotations

import json

import pytest

from gezinsaanpak.models import Contact, Family, Referral
from tests.conftest import api_for_client, client_for

pytestmark = pytest.mark.django_db

DEEP = "[" * 5000 + "]" * 5000
HUGE = json.dumps({"kind": "postcode", "term": "x" * 3_000_000})
SURROGATE = '{"kind": "postcode", "term": "\\ud800"}'
POSTS = {
    "specialist": ["/api/v1/families/", "/api/v1/families/search/"],
    "coach": ["/api/v1/boekstart/contacts/"],
}


def _post(client, url: str, body: str):  # type: ignore[no-untyped-def]
    client.raise_request_exception = False  # see the response a real client would get
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "status", "code"), [(DEEP, 400, "parse_error"), (HUGE, 413, "request_too_large")]
)
@pytest.mark.parametrize(("persona", "url"), [(p, u) for p, urls in POSTS.items() for u in urls])
def test_staff_api_refuses_deep_and_huge_bodies(request, persona, url, body, status, code):
    response = _post(client_for(request.getfixturevalue(persona)), url, body)
    assert response.status_code == status
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": code, "detail": response.json()["errors"][0]["detail"], "attr": None}],
    }
    assert not Family.objects.exists() and not Contact.objects.exists()


@pytest.mark.parametrize(("body", "status"), [(DEEP, 400), (HUGE, 413)])
def test_partner_api_refuses_deep_and_huge_bodies(partner_client_a, body, status):
    response = _post(api_for_client(partner_client_a), "/api/v1/partner/referrals/", body)
    assert response.status_code == status
    assert response.json()["type"] in {"client_error", "validation_error"}
    assert not Referral.objects.exists()


def test_search_refuses_surrogates_before_the_view(specialist):
    # Refused by gezinsaanpak.api.body_guard, before the serializer: a parse error.
    response = _post(client_for(specialist), "/api/v1/families/search/", SURROGATE)
    assert response.status_code == 400
    assert response.json()["type"] == "client_error"


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"kind": ["postcode"], "term": 5}),
        json.dumps({"kind": "postcode", "term": {"a": 1}}),
    ],
)
def test_search_refuses_wrong_types(specialist, body):
    response = _post(client_for(specialist), "/api/v1/families/search/", body)
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


# As sent on the wire: a lone surrogate's UTF-8 bytes, a huge number, a float, a full-width 2.
@pytest.mark.parametrize(
    "page", ["%ED%A0%80", "99999999999999999999999", "1e3", "0", "-1", "%EF%BC%92"]
)
def test_a_page_number_that_is_not_one_is_a_4xx(coordinator, page):
    response = client_for(coordinator).get(f"/api/v1/families/?page={page}")
    assert response.status_code in (400, 404)
    assert response.json()["type"] in {"validation_error", "client_error"}
