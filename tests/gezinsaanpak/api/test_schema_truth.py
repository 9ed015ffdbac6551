"""The published OpenAPI schema says what the API does (issue 20, point 3).

openapi-spec-validator checks the document itself; the other tests check that what the
schema promises (required fields, limits, patterns, ``page`` from 1) matches the serializers
and ``gezinsaanpak.limits``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate
from rest_framework import serializers

from gezinsaanpak import limits
from gezinsaanpak.api import (
    access_log,
    boekstart_serializers,
    family_serializers,
    partner_serializers,
    placement_serializers,
    privacy_search,
)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def components(schema: dict[str, Any]) -> dict[str, Any]:
    return schema["components"]["schemas"]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_no_empty_default_where_a_value_is_required(schema):
    for node in walk(schema):
        if node.get("default") == "" and node.get("minLength", 0) >= 1:
            raise AssertionError(f"default '' with minLength {node['minLength']}: {node}")


def test_every_page_parameter_starts_at_one(schema):
    pages = [
        parameter
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter.get("name") == "page"
    ]
    assert len(pages) >= 8
    assert all(parameter["schema"] == {"type": "integer", "minimum": 1} for parameter in pages)


def test_a_new_family_requires_one_to_four_caregivers(schema):
    create = components(schema)["FamilyWriteRequest"]
    assert "caregivers" in create["required"]
    caregivers = create["properties"]["caregivers"]
    assert (caregivers["minItems"], caregivers["maxItems"]) == (1, limits.CAREGIVERS_MAX)
    assert create["properties"]["children"]["maxItems"] == limits.CHILDREN_MAX
    assert create["properties"]["home_languages"]["maxItems"] == limits.LANGUAGES_MAX
    assert create["properties"]["notes"]["maxLength"] == limits.LONG_TEXT_MAX
    # A change (PATCH) does not take caregivers: they change one by one.
    assert "caregivers" not in components(schema)["PatchedFamilyChangeRequest"]["properties"]


def test_the_partner_api_publishes_the_same_limits(schema):
    referral = components(schema)["ReferralInRequest"]["properties"]
    assert referral["caregivers"]["maxItems"] == limits.CAREGIVERS_MAX
    assert referral["children"]["maxItems"] == limits.CHILDREN_MAX
    assert referral["home_languages"]["maxItems"] == limits.LANGUAGES_MAX


def test_required_names_must_hold_more_than_spaces(schema):
    caregiver = components(schema)["CaregiverWriteRequest"]["properties"]
    for name in ("given_name", "family_name"):
        assert caregiver[name]["minLength"] == 1
        assert caregiver[name]["maxLength"] == limits.NAME_MAX
        pattern = caregiver[name]["pattern"]
        assert not re.search(pattern, " \t\u00a0\u3000 ")
        # The same in Python as in JSON Schema (ECMA-262): U+0085 is not white space there.
        assert re.search(pattern, "\u0085") and re.search(pattern, "Ayla")


def test_dates_carry_their_range(schema):
    child = components(schema)["ChildWriteRequest"]["properties"]["date_of_birth"]
    assert child["format"] == "date"
    assert re.search(child["pattern"], "2024-05-01")
    assert not re.search(child["pattern"], "9999-12-31")
    assert not re.search(child["pattern"], "0001-01-01")


def test_every_operation_that_checks_input_declares_the_rule_422(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in {"post", "patch", "put"}:
                assert "422" in operation["responses"], f"{method.upper()} {path}"


INPUT_SERIALIZERS = [
    family_serializers.FamilyWriteSerializer,
    family_serializers.FamilyChangeSerializer,
    family_serializers.CaregiverWriteSerializer,
    family_serializers.ChildWriteSerializer,
    family_serializers.ConsentWriteSerializer,
    family_serializers.FamilySearchSerializer,
    family_serializers.FamilyFilterSerializer,
    boekstart_serializers.SessionWriteSerializer,
    boekstart_serializers.ContactWriteSerializer,
    boekstart_serializers.VoucherRedeemSerializer,
    boekstart_serializers.PeriodSerializer,
    placement_serializers.VisitSerializer,
    placement_serializers.PlacementFilterSerializer,
    partner_serializers.ReferralInSerializer,
    partner_serializers.ReportSerializer,
    access_log.AccessLogQuerySerializer,
    privacy_search.PrivacySearchSerializer,
]
ECHO = re.compile(r"\{(input|pk_value|value)\}")


def fields_of(serializer: Any) -> Iterator[serializers.Field[Any, Any, Any, Any]]:
    for field in serializer.fields.values():
        if field.read_only:
            continue
        yield field
        if isinstance(field, serializers.ListSerializer):
            yield from fields_of(field.child)
        elif isinstance(field, serializers.Serializer):
            yield from fields_of(field)
        elif isinstance(field, serializers.ListField):
            yield field.child


@pytest.mark.django_db
@pytest.mark.parametrize("serializer_class", INPUT_SERIALIZERS, ids=lambda s: s.__name__)
def test_input_fields_are_strict_and_never_echo_the_input(serializer_class, rf):
    serializer = serializer_class(context={"user": None, "request": rf.get("/")})
    for field in fields_of(serializer):
        for code, message in field.error_messages.items():
            assert not ECHO.search(str(message)), f"{field.field_name}: {code} repeats the input"
        if isinstance(field, serializers.CharField):
            assert not field.trim_whitespace, field.field_name
        assert not type(field).__module__.startswith("rest_framework.fields") or isinstance(
            field, serializers.ListField
        ), f"{serializer_class.__name__}.{field.field_name} is DRF's lenient {type(field).__name__}"


def test_the_schema_is_generated_without_warnings():
    """``check --deploy`` fails on drf-spectacular's warnings, such as two choice sets that
    share a field name and get a hashed enum name ("KindDacEnum")."""
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, sorted(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, sorted(GENERATOR_STATS._error_cache)
