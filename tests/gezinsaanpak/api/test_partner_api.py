"""The partner API: OAuth2 client credentials, inbound referrals, partner isolation."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accounts.models import Role
from accounts.partner_clients import partner_client_revoke
from gezinsaanpak.models import AccessEvent, Family, Referral
from tests.conftest import api_for_client, client_for
from tests.factories import access_token_for

from .referral_payloads import valid_referral, years_ago

URL = "/api/v1/partner/referrals/"


def post(api: Client, body: object, **kwargs: object):  # type: ignore[no-untyped-def]
    return api.post(URL, json.dumps(body), content_type="application/json", **kwargs)


def test_partner_refers_a_family_into_the_intake_queue(partner_client_a, library):
    response = post(api_for_client(partner_client_a), valid_referral(library))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["partner_reference"] == "JGZ-2026-001"
    referral = Referral.objects.get(pk=body["id"])
    assert referral.direction == "in"
    assert referral.partner == partner_client_a.organisation
    family = referral.family
    assert family.organisation == library
    assert family.status == Family.Status.REFERRED
    assert family.caregivers.get().family_name == "El Amrani"
    assert referral.details["children"][0]["given_name"] == "Noor"


def test_partner_payload_names_no_file_fields(partner_client_a, library):
    body = post(api_for_client(partner_client_a), valid_referral(library)).json()
    assert set(body) == {
        "id",
        "status",
        "reason_code",
        "requested_programme",
        "partner_reference",
        "feedback",
        "decline_reason",
        "created_at",
        "status_changed_at",
    }


def test_inbound_referral_stores_the_possible_duplicate(partner_client_a, library):
    api = api_for_client(partner_client_a)
    first = post(api, valid_referral(library, partner_reference="A1")).json()
    second = post(api, valid_referral(library, partner_reference="A2")).json()
    earlier = Referral.objects.get(pk=first["id"])
    later = Referral.objects.get(pk=second["id"])
    assert later.possible_duplicates == [str(earlier.family_id)]


def test_partner_reads_status_and_feedback_of_its_referral(partner_client_a, library):
    api = api_for_client(partner_client_a)
    created = post(api, valid_referral(library)).json()
    response = api.get(f"{URL}{created['id']}/")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    listing = api.get(URL).json()
    assert [r["id"] for r in listing["results"]] == [created["id"]]


def test_partner_a_cannot_read_partner_b_referral(partner_client_a, partner_client_b, library):
    created = post(api_for_client(partner_client_b), valid_referral(library)).json()
    api_a = api_for_client(partner_client_a)
    assert api_a.get(f"{URL}{created['id']}/").status_code == 404
    assert api_a.get(URL).json()["results"] == []
    assert api_a.get("/api/v1/partner/received/" + created["id"] + "/").status_code == 404


def test_missing_and_malformed_ids_look_the_same(partner_client_a):
    api = api_for_client(partner_client_a)
    assert api.get(f"{URL}00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api.get(f"{URL}not-a-uuid/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "attr", "status"),
    [
        # What the schema refuses: a 400.
        ({"postcode": "1234"}, "postcode", 400),
        ({"postcode": "ABCD 12"}, "postcode", 400),
        (
            {"children": [{"given_name": "Noor", "date_of_birth": "2999-01-01"}]},
            "children.0.date_of_birth",
            400,
        ),
        ({"reason_code": "onbekend"}, "reason_code", 400),
        ({"reason_text": "x" * 2001}, "reason_text", 400),
        ({"referrer_name": "y" * 201}, "referrer_name", 400),
        ({"referrer_name": "   "}, "referrer_name", 400),
        ({"requested_programme": "zwemles"}, "requested_programme", 400),
        ({"parent_consent": "yes"}, "parent_consent", 400),
        ({"house_number": 12}, "house_number", 400),
        ({"children": []}, "children", 400),
        # Right form, refused by a rule: a 422.
        (
            {"children": [{"given_name": "Noor", "date_of_birth": "2099-01-01"}]},
            "children.0.date_of_birth",
            422,
        ),
        ({"children": [{"given_name": "Noor", "date_of_birth": years_ago(6)}]}, "children", 422),
        ({"municipality": "GM9999"}, "municipality", 422),
        ({"phone": "12"}, "phone", 422),
        ({"parent_consent": False}, "parent_consent", 422),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_stores_nothing(
    partner_client_a, library, changes, attr, status
):
    response = post(api_for_client(partner_client_a), valid_referral(library, **changes))
    assert response.status_code == status, response.content
    body = response.json()
    assert body["type"] == "validation_error"
    assert any(error["attr"].startswith(attr) for error in body["errors"])
    assert not Referral.objects.exists()
    assert not Family.objects.exists()


def test_intake_uses_the_librarys_age_range_with_the_maximum_included(partner_client_a, library):
    from gezinsaanpak.models import ProgrammeAgeRange

    ProgrammeAgeRange.objects.create(
        organisation=library, programme="voorleesexpress", min_age=3, max_age=6
    )
    api = api_for_client(partner_client_a)

    def refer(years: int):  # type: ignore[no-untyped-def]
        child = {"given_name": "Noor", "date_of_birth": years_ago(years)}
        body = valid_referral(library, requested_programme="voorleesexpress", children=[child])
        return post(api, body)

    assert refer(6).status_code == 201  # exactly the maximum: still in
    too_old = refer(7)
    assert too_old.status_code == 422 and too_old.json()["errors"][0]["attr"].startswith("children")
    assert refer(2).status_code == 422  # below this library's minimum (the default is 2)
    assert Referral.objects.count() == 1


def test_municipality_the_library_does_not_serve_is_refused(partner_client_a, library):
    from tests.factories import MunicipalityFactory

    elsewhere = MunicipalityFactory(code="GM0917")
    response = post(
        api_for_client(partner_client_a), valid_referral(library, municipality=elsewhere.code)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["attr"] == "municipality"
    assert not Family.objects.exists()


def test_wrong_content_type_is_a_400_naming_it(partner_client_a, library):
    api = api_for_client(partner_client_a)
    response = api.post(URL, "postcode=1234AB", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "content_type"
    assert not Referral.objects.exists()


def test_malformed_json_is_a_400(partner_client_a):
    api = api_for_client(partner_client_a)
    response = api.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "client_error"


def test_no_token_is_a_401(db):
    response = Client().get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_a_401(partner_client_a):
    token = access_token_for(partner_client_a, minutes=-1)
    response = Client(headers={"Authorization": f"Bearer {token.token}"}).get(URL)
    assert response.status_code == 401


def test_revoked_clients_token_stops_on_the_next_request(partner_client_a):
    token = access_token_for(partner_client_a)
    api = Client(headers={"Authorization": f"Bearer {token.token}"})
    assert api.get(URL).status_code == 200
    partner_client_revoke(client=partner_client_a)
    assert api.get(URL).status_code == 401


def test_revoked_token_stops_on_the_next_request(partner_client_a):
    token = access_token_for(partner_client_a)
    api = Client(headers={"Authorization": f"Bearer {token.token}"})
    assert api.get(URL).status_code == 200
    token.revoke()
    assert api.get(URL).status_code == 401


def test_read_scope_cannot_write(partner_client_a, library):
    api = api_for_client(partner_client_a, scopes="referrals:read")
    assert api.get(URL).status_code == 200
    assert post(api, valid_referral(library)).status_code == 403
    assert not Referral.objects.exists()


def test_write_scope_cannot_read(partner_client_a):
    api = api_for_client(partner_client_a, scopes="referrals:write")
    assert api.get(URL).status_code == 403


def test_staff_session_does_not_open_partner_endpoints(coordinator):
    assert client_for(coordinator).get(URL).status_code in (401, 403)


def test_partner_token_does_not_open_staff_endpoints(partner_client_a):
    api = api_for_client(partner_client_a)
    assert api.get("/api/v1/families/").status_code in (401, 403)
    assert api.get("/api/v1/me/").status_code in (401, 403)
    assert api.get("/api/v1/access-log/").status_code in (401, 403)


def test_partner_personal_login_sees_no_families_or_referrals(partner_user):
    client = client_for(partner_user)
    assert client.get("/api/v1/families/").status_code == 404
    assert client.get(URL).status_code in (401, 403)
    assert partner_user.role == Role.PARTNER


def test_every_exchange_writes_the_access_log(partner_client_a, library):
    api = api_for_client(partner_client_a)
    created = post(api, valid_referral(library)).json()
    api.get(f"{URL}{created['id']}/")
    lines = AccessEvent.objects.filter(object_type="referral", object_id=created["id"])
    received = lines.get(action="share")
    assert received.actor_label == "api:jgz-test"
    assert received.actor_kind == "api_client"
    assert received.organisation_id == library.pk
    assert received.on_behalf_of == partner_client_a.organisation.name
    assert received.reason == ""
    assert received.details == {
        "direction": "in",
        "partner": str(partner_client_a.organisation_id),
    }
    assert "child.date_of_birth" in received.fields
    assert "Fatima" not in json.dumps(received.fields)
    read = lines.get(action="read")
    assert read.fields == sorted(read.fields) or read.fields
    assert "feedback" in read.fields


def test_clients_are_throttled_per_client(partner_client_a, partner_client_b, monkeypatch):
    from rest_framework.settings import api_settings

    from gezinsaanpak.api.throttling import RateLimit

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "partner": "2/minute"}
    # The class keeps its own copy of the rates; monkeypatch puts the original back, so no
    # later test in this process inherits the low rate.
    monkeypatch.setattr(RateLimit, "THROTTLE_RATES", rates)
    api_a, api_b = api_for_client(partner_client_a), api_for_client(partner_client_b)
    assert [api_a.get(URL).status_code for _ in range(3)] == [200, 200, 429]
    assert api_b.get(URL).status_code == 200


@pytest.mark.parametrize("page", ["", "abc", "-1", "1.5"])
def test_a_page_that_is_not_a_number_is_a_400(partner_client_a, page):
    response = api_for_client(partner_client_a).get(URL, {"page": page})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "page"
