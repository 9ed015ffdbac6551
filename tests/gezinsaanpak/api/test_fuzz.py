"""Fuzz every write endpoint: no input gives a 500, every 4xx is the one JSON error body.

The write operations (POST, PUT, PATCH) are read from the OpenAPI schema generated here, in
process, plus the OAuth2 token endpoint; a new write endpoint is fuzzed without a change to
this file. Each caller (a specialist, a coordinator, a coach and a volunteer with a session;
a partner with a bearer token; nobody; a bad token) sends to every operation:

- a fixed set of hostile bodies (10,000 levels deep, 3 MB, lone surrogates, NUL, invalid
  UTF-8, NaN, huge numbers, truncated JSON, wrong content types);
- Hypothesis' bodies: a valid-looking body made from the schema and the caller's own objects
  with one field broken (wrong types, extreme dates, huge numbers, empty and whitespace
  strings, surrogates, NULs, nested lists and objects), unknown keys, broken items of a list,
  or any JSON at all; and for ids in the path the caller's real objects or random UUIDs.

Deterministic in CI (``derandomize=True``, no example database), about 20-40 s per database.
Fuzz harder locally with ``FUZZ_EXAMPLES`` (examples per operation and caller; default 8),
which also draws fresh random examples on every run::

    FUZZ_EXAMPLES=300 .venv/bin/pytest tests/gezinsaanpak/api/test_fuzz.py -n 0 -x
"""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gezinsaanpak import access
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.services import boekstart as boekstart_services
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import referrals as referral_services
from tests import factories
from tests.conftest import api_for_client, client_for
from tests.gezinsaanpak.api.referral_payloads import valid_referral

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TOKEN_URL = "/oauth/token/"
WRITE_METHODS = ("post", "put", "patch")
TODAY = datetime.date.today()


# --- the operations, from the schema -------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # with {placeholders}
    body: dict[str, Any] | None  # the request body's schema, $refs resolved


def _resolve(schema: Any, components: dict[str, Any], depth: int = 0) -> Any:
    if isinstance(schema, dict):
        if "$ref" in schema and depth < 8:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return _resolve(components[name], components, depth + 1)
        return {k: _resolve(v, components, depth) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_resolve(item, components, depth) for item in schema]
    return schema


@functools.cache
def write_operations() -> tuple[Operation, ...]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    operations = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            if method not in WRITE_METHODS:
                continue
            content = spec.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            operations.append(Operation(method, path, _resolve(body, components)))
    return tuple(operations)


# --- the world: the callers and the objects they may see -----------------------------------


@dataclass
class World:
    callers: dict[str, Client]
    ids: dict[str, list[str]]  # path segment before an id ("families", ...) -> real ids
    every_id: list[str] = field(default_factory=list)
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)  # path -> valid body


@pytest.fixture
def world(library, coordinator, specialist, coach, volunteer, other_partner_org, partner_client_b):  # type: ignore[no-untyped-def]
    family = factories.FamilyFactory(organisation=library, case_owner=specialist)
    caregiver = factories.CaregiverFactory(family=family, given_name="Samira")
    factories.ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    consent = consent_services.consent_record(
        actor=specialist,
        family=family,
        given_by=caregiver,
        purpose=Purpose.SHARE_WITH_PARTNER,
        partner=other_partner_org,
        text_version="2026-1",
        method="written",
    )
    referral = referral_services.referral_send(
        actor=specialist,
        family=family,
        partner=other_partner_org,
        reason_code="low_literacy_parent",
        reason_text="Moeder wil beter leren lezen.",
    )
    placement = factories.active_placement(coordinator, volunteer, family)
    location = factories.LocationFactory(organisation=library)
    session = boekstart_services.session_log(
        actor=coach,
        location=location,
        date=TODAY,
        counts={"vouchers_handed_out": 2},
        voucher_numbers=["BS-1", "BS-2"],
    )
    municipality = library.municipalities.first()
    contact_body = {
        "given_name": "Ewa",
        "family_name": "Nowak",
        "phone": "0611223344",
        "municipality": str(municipality.pk),
        "postcode": "6461AB",
        "house_number": "3",
        "consent": True,
    }
    created = client_for(coach).post(
        "/api/v1/boekstart/contacts/", contact_body, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    ids = {
        "families": [str(family.pk)],
        "consents": [str(consent.pk)],
        "contacts": [created.json()["id"]],
        "received": [str(referral.pk)],
        "placements": [str(placement.pk)],
    }
    every_id = sorted(
        {i for group in ids.values() for i in group}
        | {str(caregiver.pk), str(municipality.pk), str(location.pk), str(session.pk)}
        | {str(other_partner_org.pk)}
    )
    callers = {
        "specialist": client_for(specialist),
        "coordinator": client_for(coordinator),
        "coach": client_for(coach),
        "volunteer": client_for(volunteer),
        "partner": api_for_client(partner_client_b),
        "partner, read scope": api_for_client(partner_client_b, scopes="referrals:read"),
        "anonymous": Client(),
        "bad token": Client(headers={"Authorization": "Bearer not-a-token"}),
    }
    templates = {
        "/api/v1/partner/referrals/": valid_referral(library),
        "/api/v1/families/": {
            "municipality": str(municipality.pk),
            "postcode": "6461 AB",
            "caregivers": [{"given_name": "Fatima", "family_name": "El Amrani"}],
            "children": [{"given_name": "Noor", "date_of_birth": "2025-01-01"}],
        },
        "/api/v1/families/{id}/": {"notes": "Nieuwe aantekening", "home_languages": ["nl"]},
        "/api/v1/families/{id}/caregivers/": {"given_name": "Ali", "family_name": "Bakker"},
        "/api/v1/families/{id}/children/": {"given_name": "Sara", "date_of_birth": "2024-05-01"},
        "/api/v1/boekstart/contacts/": {**contact_body, "confirm_not_duplicate": True},
        "/api/v1/boekstart/sessions/": {"location": str(location.pk), "date": TODAY.isoformat()},
        "/api/v1/boekstart/vouchers/redeem/": {"number": "BS-1"},
        "/api/v1/families/{id}/consents/": {
            "given_by": str(caregiver.pk),
            "purpose": "share_with_partner",
            "partner": str(other_partner_org.pk),
            "text_version": "2026-1",
            "method": "written",
        },
        "/api/v1/families/search/": {"kind": "postcode", "term": "6461 AB"},
        "/api/v1/partner/received/{id}/report/": {"status": "contact_made", "feedback": "Ok."},
        "/api/v1/placements/{id}/visits/": {
            "date": TODAY.isoformat(),
            "status": "held",
            "books": 2,
        },
    }
    for client in callers.values():
        client.raise_request_exception = True  # a crash fails the test with its traceback
    return World(callers, ids, every_id, templates)


# --- what is sent ---------------------------------------------------------------------------

DEEP = "[" * 10_000 + "]" * 10_000
HOSTILE_BODIES: list[tuple[bytes, str]] = [
    (DEEP.encode(), "application/json"),
    (("{" * 1000 + "}" * 1000).encode(), "application/json"),
    (json.dumps({"x": "y" * 3_000_000}).encode(), "application/json"),
    (b'{"given_name": "\\ud800", "status": "\\udfff"}', "application/json"),
    (b'{"\\ud800": 1}', "application/json"),
    (b'{"given_name": "a\\u0000b", "term": "\\u0000"}', "application/json"),
    (b'{"given_name": "\xff\xfe"}', "application/json"),
    (b'{"given_name": "\xed\xa0\x80"}', "application/json"),
    (b'{"minutes": NaN, "books": Infinity}', "application/json"),
    (b'{"minutes": 1e999}', "application/json"),
    (b'{"books": ' + b"9" * 4000 + b"}", "application/json"),
    (b'{"books": ' + b"9" * 5000 + b"}", "application/json"),
    (b'{"given_name": ', "application/json"),
    (b"\xef\xbb\xbf{}", "application/json"),
    (b"null", "application/json"),
    (b"[]", "application/json"),
    (b'"string"', "application/json"),
    (b"12", "application/json"),
    (b"{}", "application/json; charset=latin-1"),
    (b"{}", "text/plain"),
    (b"a=1&b=%00", "application/x-www-form-urlencoded"),
    (b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n", "multipart/form-data"),
    (b"--x--", "multipart/form-data; boundary=x"),
    (b"", "application/json"),
]

EXTREME_DATES = ["0001-01-01", "9999-12-31", "-1", "2025-02-30", "2025-13-01", "1899-12-31"]
NASTY_STRINGS = [
    "",
    " ",
    "\t\n ",
    "\u0000",
    "\ud800",
    "a\udfffb",
    "x" * 10_000,
    "0",
    "-1",
    "1e400",
    "true",
    "null",
    "00000000-0000-0000-0000-000000000000",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "GM0000",
    "%00",
    "📚" * 200,
    "\u202e\u200b",
    *EXTREME_DATES,
    "2026-01-01T25:61:00Z",
    "9999-12-31T23:59:59+14:00",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**30, 10**4000]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(NASTY_STRINGS),
    st.text(max_size=50),
)
nasty = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(max_size=10), inner, max_size=5),
    ),
    max_leaves=20,
)


def _plausible(schema: dict[str, Any], ids: list[str]) -> st.SearchStrategy[Any]:
    """A value that looks right for ``schema`` (right type, sometimes a right value)."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            return st.one_of([_plausible(s, ids) for s in schema[combinator]])
    kind = schema.get("type")
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "uuid":
            return st.one_of(st.sampled_from(ids), st.uuids().map(str))
        if fmt == "date":
            days = st.integers(min_value=-3650, max_value=365)
            return st.one_of(
                days.map(lambda d: (TODAY + datetime.timedelta(days=d)).isoformat()),
                st.sampled_from(EXTREME_DATES),
            )
        if fmt == "date-time":
            return st.datetimes(timezones=st.just(datetime.UTC)).map(lambda d: d.isoformat())
        if fmt == "email":
            return st.sampled_from(["ouder@example.org", "a@b", "@", "x" * 300 + "@example.org"])
        return st.text(min_size=0, max_size=schema.get("maxLength", 50) + 2)
    if kind == "integer":
        low, high = schema.get("minimum", -1000), schema.get("maximum", 1000)
        return st.integers(min_value=low - 2, max_value=high + 2)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(_plausible(schema.get("items", {}), ids), max_size=3)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return st.fixed_dictionaries(
            {}, optional={name: _plausible(s, ids) for name, s in properties.items()}
        )
    return nasty


def _broken(value: Any, data: st.DataObject, schema: dict[str, Any] | None) -> Any:
    """``value`` (a dict body) with one thing wrong, drawn by ``data``."""
    if not isinstance(value, dict):
        return value
    properties = (schema or {}).get("properties", {})
    names = sorted(set(properties) | set(value)) or ["x"]
    how = data.draw(st.sampled_from(["field", "unknown key", "list item", "drop"]))
    body = dict(value)
    name = data.draw(st.sampled_from(names))
    if how == "field":
        body[name] = data.draw(nasty)
    elif how == "unknown key":
        body[data.draw(st.text(max_size=20))] = data.draw(nasty)
    elif how == "list item":
        items = properties.get(name, {}).get("items", {})
        item = data.draw(_plausible(items, []))
        body[name] = [_broken(item, data, items) if isinstance(item, dict) else data.draw(nasty)]
    else:
        body.pop(name, None)
    return body


def _body(operation: Operation, world: World, data: st.DataObject) -> Any:
    template = world.templates.get(operation.path)
    schema = operation.body or {}
    start = data.draw(st.sampled_from([template, None])) if template is not None else None
    if start is None:
        start = data.draw(_plausible({"type": "object", **schema}, world.every_id))
    how = data.draw(st.sampled_from(["broken", "broken", "broken", "as is", "any json"]))
    if how == "as is":
        return start
    if how == "any json":
        return data.draw(nasty)
    return _broken(start, data, schema)


def _path(operation: Operation, world: World, data: st.DataObject | None) -> str:
    segments = operation.path.split("/")
    for i, segment in enumerate(segments):
        if segment.startswith("{"):
            real = world.ids.get(segments[i - 1], world.every_id)
            if data is None:
                value = real[0]
            else:
                value = data.draw(
                    st.one_of(
                        st.sampled_from(real),
                        st.uuids().map(str),
                        st.sampled_from(["0", "not-a-uuid", "%00", "%ED%A0%80", "9" * 40]),
                    )
                )
            segments[i] = value
    return "/".join(segments)


# --- what is checked ------------------------------------------------------------------------


def assert_no_crash(response: Any, url: str) -> None:
    text = response.content.decode("utf-8", "replace")
    assert response.status_code < 500, f"{response.status_code} on {url}: {text[:500]}"
    assert "Traceback" not in text
    if response.status_code < 400:
        return
    assert response["Content-Type"].startswith("application/json"), (url, text[:300])
    body = json.loads(response.content)
    if url.startswith("/oauth/") and "error" in body:
        # The token endpoint's own refusals keep the OAuth2 shape (RFC 6749 §5.2).
        assert isinstance(body["error"], str)
        return
    assert body["type"] in {"validation_error", "client_error"}, (url, body)
    assert body["errors"], (url, body)
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}, (url, body)
        assert isinstance(error["code"], str) and isinstance(error["detail"], str)
        assert error["attr"] is None or isinstance(error["attr"], str)


def send(client: Client, method: str, url: str, body: bytes, content_type: str) -> None:
    response = client.generic(method.upper(), url, body, content_type=content_type)
    assert_no_crash(response, url)


def encode(body: Any) -> bytes:
    return json.dumps(body).encode()  # ensure_ascii: lone surrogates go out as \ud800


CALLERS = [
    "specialist",
    "coordinator",
    "coach",
    "volunteer",
    "partner",
    "partner, read scope",
    "anonymous",
    "bad token",
]
# Nobody who is refused at the door needs as many examples as those who reach the views.
AT_THE_DOOR = {"anonymous", "bad token", "partner, read scope"}


def test_the_schema_lists_the_write_endpoints():
    paths = {(o.method, o.path) for o in write_operations()}
    assert ("post", "/api/v1/partner/referrals/") in paths
    assert ("patch", "/api/v1/families/{id}/") in paths
    assert len(paths) >= 10


@pytest.mark.parametrize("caller", CALLERS)
def test_no_write_endpoint_crashes_on_hostile_bodies(world, caller):
    client = world.callers[caller]
    for operation in write_operations():
        url = _path(operation, world, None)
        for body, content_type in HOSTILE_BODIES:
            send(client, operation.method, url, body, content_type)
    for body, content_type in HOSTILE_BODIES:
        send(client, "post", TOKEN_URL, body, content_type)


@pytest.mark.parametrize("caller", CALLERS)
def test_no_write_endpoint_crashes_on_fuzzed_bodies(world, caller):
    client = world.callers[caller]
    examples = max(2, EXAMPLES // 4) if caller in AT_THE_DOOR else EXAMPLES

    for operation in write_operations():
        fuzz_operation(client, operation, world, examples)


def fuzz_operation(client: Client, operation: Operation, world: World, examples: int) -> None:
    @settings(FUZZ, max_examples=examples)
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        url = _path(operation, world, data)
        body = _body(operation, world, data)
        send(client, operation.method, url, encode(body), "application/json")

    fuzz()


token_field = st.one_of(st.sampled_from(NASTY_STRINGS), st.text(max_size=30))


def test_the_token_endpoint_does_not_crash(world):
    import base64

    def request(form: dict[str, str], basic: tuple[str, str] | None, as_json: bool) -> None:
        headers: dict[str, str] = {}
        if basic is not None:
            pair = f"{basic[0]}:{basic[1]}".encode("utf-8", "surrogatepass")
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        client = Client(headers=headers)
        client.raise_request_exception = True
        if as_json:
            send(client, "post", TOKEN_URL, encode(form), "application/json")
        else:
            body = urlencode(form, encoding="utf-8", errors="surrogatepass").encode()
            send(client, "post", TOKEN_URL, body, "application/x-www-form-urlencoded")

    strategy: Callable[..., None] = given(
        form=st.dictionaries(
            st.sampled_from(["grant_type", "client_id", "client_secret", "scope", "x"]),
            st.one_of(token_field, st.sampled_from(["client_credentials", "taalhuis-test"])),
        ),
        basic=st.one_of(
            st.none(),
            st.tuples(token_field, token_field),
            st.just(("taalhuis-test", "geheim-voor-tests")),
        ),
        as_json=st.booleans(),
    )(settings(FUZZ, max_examples=EXAMPLES * 4)(request))
    strategy()


# Who may send each valid-looking body: it must be accepted, or the fuzz would never get
# past the first check of the serializer.
ACCEPTED_BY = {
    "/api/v1/partner/referrals/": "partner",
    "/api/v1/families/": "specialist",
    "/api/v1/families/{id}/": "specialist",
    "/api/v1/families/{id}/caregivers/": "specialist",
    "/api/v1/families/{id}/children/": "specialist",
    "/api/v1/families/{id}/consents/": "specialist",
    "/api/v1/families/search/": "specialist",
    "/api/v1/boekstart/contacts/": "coach",
    "/api/v1/boekstart/sessions/": "coach",
    "/api/v1/boekstart/vouchers/redeem/": "coordinator",
    "/api/v1/partner/received/{id}/report/": "partner",
    "/api/v1/placements/{id}/visits/": "volunteer",
}


def test_the_valid_looking_bodies_are_accepted(world):
    operations = {o.path: o for o in write_operations() if o.body is not None}
    assert set(world.templates) == set(ACCEPTED_BY) <= set(operations)
    for path, caller in ACCEPTED_BY.items():
        operation = operations[path]
        url = _path(operation, world, None)
        response = world.callers[caller].generic(
            operation.method.upper(), url, encode(world.templates[path]), "application/json"
        )
        assert 200 <= response.status_code < 300, (url, response.content[:300])


# --- a lone surrogate in every choice and id field (issue 20, "Must show") ------------------
# Such a value used to be a 500: the field's error message echoed it and the JSON renderer
# could not encode it. Each field of each write body whose schema has an enum or a uuid
# format (a choice, a related object) gets "\ud800", from a caller whose template body is
# accepted (so nothing but that field is wrong): a 400 in the JSON error body, not echoed.

SURROGATE = "\ud800"


def _is_choice_or_id(schema: dict[str, Any]) -> bool:
    if "enum" in schema or schema.get("format") == "uuid":
        return True
    return any(
        _is_choice_or_id(part)
        for combinator in ("allOf", "oneOf", "anyOf")
        for part in schema.get(combinator, [])
    )


def _choice_and_id_fields(
    schema: dict[str, Any] | None, prefix: tuple[str | int, ...] = ()
) -> list[tuple[str | int, ...]]:
    """Where in a body a choice or an id goes: ("purpose",), ("home_languages", 0), ..."""
    found: list[tuple[str | int, ...]] = []
    for name, field_schema in (schema or {}).get("properties", {}).items():
        if field_schema.get("readOnly"):
            continue
        path = (*prefix, name)
        if _is_choice_or_id(field_schema):
            found.append(path)
        items = field_schema.get("items")
        if isinstance(items, dict):
            if _is_choice_or_id(items):
                found.append((*path, 0))
            found += _choice_and_id_fields(items, (*path, 0))
    return found


def _with_value(body: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of ``body`` with ``value`` at ``path``, making the lists and objects on the way."""
    copy: Any = json.loads(json.dumps(body))
    target = copy
    for key, after in itertools.pairwise(path):
        if isinstance(key, int):
            while len(target) <= key:
                target.append({})
        elif not isinstance(target.get(key), (list, dict)):
            target[key] = [] if isinstance(after, int) else {}
        target = target[key]
    last = path[-1]
    if isinstance(last, int):
        del target[last:]
        target.append(value)
    else:
        target[last] = value
    return dict(copy)


def test_a_lone_surrogate_in_any_choice_or_id_field_is_a_400(world):
    operations = {o.path: o for o in write_operations() if o.body is not None}
    tried: set[tuple[str, tuple[str | int, ...]]] = set()
    for path, caller in ACCEPTED_BY.items():
        operation = operations[path]
        url = _path(operation, world, None)
        for field_path in _choice_and_id_fields(operation.body):
            body = _with_value(world.templates[path], field_path, SURROGATE)
            response = world.callers[caller].generic(
                operation.method.upper(), url, encode(body), "application/json"
            )
            what = (operation.method, url, field_path)
            assert response.status_code == 400, (what, response.content[:300])
            assert_no_crash(response, url)
            assert b"\\ud800" not in response.content, what
            tried.add((path, field_path))
    # The fields of the 500s are among them; a schema change cannot empty the list.
    assert {
        ("/api/v1/partner/referrals/", ("reason_code",)),
        ("/api/v1/families/", ("municipality",)),
        ("/api/v1/families/", ("home_languages", 0)),
        ("/api/v1/families/{id}/consents/", ("purpose",)),
        ("/api/v1/families/{id}/consents/", ("given_by",)),
        ("/api/v1/families/search/", ("kind",)),
        ("/api/v1/placements/{id}/visits/", ("status",)),
        ("/api/v1/partner/received/{id}/report/", ("status",)),
    } <= tried, sorted(tried)
