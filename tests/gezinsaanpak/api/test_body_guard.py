"""Hostile bodies are refused before authentication, in the one JSON error body.

gezinsaanpak.api.body_guard answers for /api/ and /oauth/ before sessions, tokens and views;
gezinsaanpak.api.parsers applies the same rules where DRF parses a body itself.
"""

from __future__ import annotations

import base64
import io
import json
import time

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client, RequestFactory, override_settings
from rest_framework import exceptions

from gezinsaanpak.api import json_body
from gezinsaanpak.api.parsers import JSONParser
from gezinsaanpak.models import Family, Referral
from tests.conftest import api_for_client, client_for
from tests.gezinsaanpak.api.referral_payloads import valid_referral

pytestmark = pytest.mark.django_db

PARTNER = "/api/v1/partner/referrals/"
STAFF = "/api/v1/families/"
DEEP = "[" * 10_000 + "]" * 10_000
THREE_MB = json.dumps({"reason_text": "x" * 3_000_000})


def post(client: Client, url: str, body: str | bytes, content_type: str = "application/json"):  # type: ignore[no-untyped-def]
    client.raise_request_exception = False  # see what a real client would get
    return client.post(url, body, content_type=content_type)


def assert_refused(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["type"] == "client_error"
    assert [(e["code"], e["attr"]) for e in body["errors"]] == [(code, None)]
    assert "Traceback" not in response.content.decode()


@pytest.fixture
def clients(request, partner_client_a, specialist):  # type: ignore[no-untyped-def]
    """Every kind of caller: partner with and without a token, staff with and without a session."""
    return {
        "partner, token": (api_for_client(partner_client_a), PARTNER),
        "partner, no token": (Client(), PARTNER),
        "partner, bad token": (Client(headers={"Authorization": "Bearer nope"}), PARTNER),
        "staff, session": (client_for(specialist), STAFF),
        "staff, anonymous": (Client(), STAFF),
    }


@pytest.mark.parametrize(
    "caller",
    [
        "partner, token",
        "partner, no token",
        "partner, bad token",
        "staff, session",
        "staff, anonymous",
    ],
)
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (DEEP, 400, "parse_error"),
        ("[" * 1_000_000, 413, "request_too_large"),
        ("{" * 33 + "}" * 33, 400, "parse_error"),
        (THREE_MB, 413, "request_too_large"),
        ('{"reason_text": "\\ud800"}', 400, "parse_error"),
        ('{"\\udfff": "x"}', 400, "parse_error"),
        ('{"reason_text": "a\\u0000b"}', 400, "parse_error"),
        ('{"a\\u0000": 1}', 400, "parse_error"),
        (b'{"reason_text": "\xff\xfe"}', 400, "parse_error"),
        (b'{"reason_text": "\xed\xa0\x80"}', 400, "parse_error"),  # a surrogate, UTF-8 encoded
        ('{"a": NaN}', 400, "parse_error"),
        ('{"a": 1e999}', 400, "parse_error"),
        ('{"a": ' + "9" * 5000 + "}", 400, "parse_error"),
        ('{"a": ', 400, "parse_error"),
    ],
)
def test_hostile_bodies_are_refused_for_every_caller(clients, caller, body, status, code):
    client, url = clients[caller]
    assert_refused(post(client, url, body), status, code)
    assert not Referral.objects.exists() and not Family.objects.exists()


def test_the_refusal_does_not_wait_for_a_token_or_a_session(clients, django_assert_num_queries):
    client, url = clients["partner, no token"]
    with django_assert_num_queries(0):
        assert_refused(post(client, url, DEEP), 400, "parse_error")


def test_a_million_levels_is_cheap():
    started = time.perf_counter()
    assert json_body.nested_deeper_than("[" * 1_000_000 + "]" * 1_000_000, 32)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("text", "deeper"),
    [
        ("[" * 32 + "]" * 32, False),
        ("[" * 33 + "]" * 33, True),
        ('[{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]', False),  # brackets in a string
        ('["\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]', False),  # after an escaped quote
        ("[]" * 10_000, False),
    ],
)
def test_depth_counts_brackets_outside_strings(text, deeper):
    assert json_body.nested_deeper_than(text, 32) is deeper


def test_messages_never_repeat_the_input(clients):
    client, url = clients["partner, token"]
    canary = "KANARIE-" + "\\ud800"
    response = post(client, url, json.dumps({"reason_text": "x"})[:-1] + f', "k": "{canary}"}}')
    assert_refused(response, 400, "parse_error")
    assert b"KANARIE" not in response.content


def test_a_json_charset_other_than_utf8_is_refused(clients):
    client, url = clients["partner, token"]
    response = post(client, url, "{}", "application/json; charset=utf-16")  # sent as UTF-16
    assert_refused(response, 415, "unsupported_media_type")


def test_nul_in_the_query_string_is_refused(coordinator):
    response = client_for(coordinator).get("/api/v1/families/?status=%00")
    assert_refused(response, 400, "parse_error")


@pytest.mark.parametrize(
    "body",
    ["grant_type=client_credentials&client_id=%00", "&".join(["a=1"] * 1001)],
)
def test_the_token_endpoint_refuses_nul_and_too_many_fields(body):
    response = post(Client(), "/oauth/token/", body, "application/x-www-form-urlencoded")
    assert_refused(response, 400, "parse_error")


@pytest.mark.parametrize("credentials", [b"jgz-test\x00:x", b"jgz-test%00:geheim"])
def test_the_token_endpoint_refuses_nul_in_basic_credentials(partner_client_a, credentials):
    # On PostgreSQL, NUL in the client id was a 500 (text cannot hold NUL).
    header = "Basic " + base64.b64encode(credentials).decode()
    response = post(
        Client(headers={"Authorization": header}),
        "/oauth/token/",
        "grant_type=client_credentials",
        "application/x-www-form-urlencoded",
    )
    assert_refused(response, 400, "parse_error")


def test_the_token_endpoint_still_gives_tokens(partner_client_a):
    header = "Basic " + base64.b64encode(b"jgz-test:geheim-voor-tests").decode()
    response = post(
        Client(headers={"Authorization": header}),
        "/oauth/token/",
        "grant_type=client_credentials&scope=referrals:read",
        "application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    assert response.json()["access_token"]


def test_an_unreadable_body_is_a_json_400():
    class Broken(io.BytesIO):
        def read(self, *args):  # type: ignore[no-untyped-def]
            raise OSError("connection reset")

    client = Client()
    client.raise_request_exception = False
    response = client.generic(
        "POST", PARTNER, "{}", content_type="application/json", **{"wsgi.input": Broken(b"{}")}
    )
    assert_refused(response, 400, "parse_error")


@override_settings(API_MAX_BODY_BYTES=100)
def test_the_limit_is_a_setting_and_a_body_larger_than_declared_is_refused():
    request = RequestFactory().post(PARTNER, "{}", content_type="application/json")
    request.META["CONTENT_LENGTH"] = "2"
    request._stream = io.BytesIO(b'{"a": "' + b"x" * 200 + b'"}')  # a stream that lies
    from gezinsaanpak.api.body_guard import BodyGuardMiddleware

    response = BodyGuardMiddleware(lambda r: pytest.fail("the view ran"))(request)
    assert_refused(response, 413, "request_too_large")


def test_a_normal_request_still_works(partner_client_a, library):
    response = post(api_for_client(partner_client_a), PARTNER, json.dumps(valid_referral(library)))
    assert response.status_code == 201, response.json()
    assert Referral.objects.count() == 1


def test_valid_surrogate_pairs_and_unicode_pass(partner_client_a, library):
    body = valid_referral(library, reason_text="Moeder leest graag 📚 en zegt: één, twee.")
    response = post(api_for_client(partner_client_a), PARTNER, json.dumps(body))  # \ud83d\udcda
    assert response.status_code == 201, response.json()


# The parser: the same rules where DRF parses without the guard in front.
@pytest.mark.parametrize(
    "raw", [DEEP.encode(), b'{"a": "\\ud800"}', b'{"a": "\\u0000"}', b"\xff", b"{"]
)
def test_the_parser_refuses_what_the_guard_refuses(raw):
    with pytest.raises(exceptions.ParseError) as refused:
        JSONParser().parse(io.BytesIO(raw), "application/json", {})
    assert refused.value.get_codes() == "parse_error"


@override_settings(API_MAX_BODY_BYTES=10)
def test_the_parser_refuses_a_body_over_the_limit():
    with pytest.raises(RequestDataTooBig):
        JSONParser().parse(io.BytesIO(b'{"a": "0123456789"}'), "application/json", {})


def test_the_parser_parses_json():
    assert JSONParser().parse(io.BytesIO(b'{"a": [1, 2.5, "\\ud83d\\udcda"]}')) == {
        "a": [1, 2.5, "📚"]
    }
