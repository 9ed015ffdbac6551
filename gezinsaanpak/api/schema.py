"""What the OpenAPI schema needs beyond what drf-standardized-errors works out by itself.

- Query parameters checked by a serializer inside a view answer 400 ``validation_error``
  too; :func:`query_validation_errors` declares those errors.
- A ``ViewSet`` that pages through a selector answers the page envelope; :func:`paged`
  says so.
- Errors inside lists are reported as ``children.0.given_name``, while the generated schema
  names them ``children.INDEX.given_name``; :func:`error_attr_patterns` (a postprocessing
  hook) turns those names into patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from drf_spectacular.plumbing import is_list_serializer
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_utils import (
    get_flat_serializer_fields,
    get_serializer_fields_with_error_codes,
)
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from drf_standardized_errors.settings import package_settings
from rest_framework import serializers
from rest_framework.settings import api_settings

from .pagination import PageNumberPagination

V = TypeVar("V")


def query_validation_errors(
    serializer_class: type[serializers.Serializer[Any]], *, actions: list[str] | None = None
) -> Callable[[V], V]:
    """Declare the validation errors of query parameters that ``serializer_class`` checks."""
    fields = get_serializer_fields_with_error_codes(get_flat_serializer_fields(serializer_class()))

    def decorate(view: V) -> V:
        for field in fields:
            view = extend_validation_errors(
                sorted(field.error_codes), field_name=field.name, actions=actions, methods=["get"]
            )(view)  # type: ignore[type-var]
        return view

    return decorate


def paged(*actions: str, methods: Sequence[str] = ("get",)) -> Callable[[V], V]:
    """Tell the schema that these actions of a ``ViewSet`` answer with the page envelope.

    The view pages through a selector (``page_of``) and :func:`page_response`; DRF's
    ``ViewSet`` knows nothing of that, so the schema would show a bare list. With the
    paginator named, the list's schema is the envelope with a ``page`` parameter and a
    404 past the end, and a ``page`` that is not a whole number is declared as its 400.
    The paginator is for the schema only: a ``ViewSet`` never calls it.
    """

    def decorate(view: V) -> V:
        view.pagination_class = PageNumberPagination  # type: ignore[attr-defined]
        declare = extend_validation_errors(
            ["invalid"], field_name="page", actions=list(actions), methods=list(methods)
        )
        return declare(view)  # type: ignore[type-var]

    return decorate


def error_attr_patterns(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: error ``attr`` names that the API fills in become patterns.

    - ``children.INDEX.given_name`` is ``children.0.given_name`` in a response.
    - A nested serializer's own ``required``/``null`` errors are reported on the field
      (``children``, ``children.0``), its other errors on ``children.non_field_errors``.
    """
    placeholder: str = package_settings.LIST_INDEX_IN_API_SCHEMA
    separator: str = package_settings.NESTED_FIELD_SEPARATOR
    nested_non_field = separator + api_settings.NON_FIELD_ERRORS_KEY

    def needs_pattern(attr: object) -> bool:
        return isinstance(attr, str) and (
            placeholder in attr.split(separator) or attr.endswith(nested_non_field)
        )

    def pattern(attr: str) -> str:
        optional = ""
        if attr.endswith(nested_non_field):
            attr = attr.removesuffix(nested_non_field)
            optional = f"(?:{re.escape(nested_non_field)})?"
        parts = (
            r"\d+" if part == placeholder else re.escape(part) for part in attr.split(separator)
        )
        return "^" + re.escape(separator).join(parts) + optional + "$"

    for schema in result.get("components", {}).get("schemas", {}).values():
        attr = schema.get("properties", {}).get("attr")
        if isinstance(attr, dict) and any(needs_pattern(value) for value in attr.get("enum") or []):
            values = [value for value in attr.pop("enum") if value is not None]
            attr["pattern"] = "|".join(pattern(value) for value in values)
            attr["description"] = f"{', '.join(values)} ({placeholder}: the position in a list)"
        discriminator = schema.get("discriminator") or {}
        if discriminator.get("propertyName") == "attr" and any(
            needs_pattern(value) for value in discriminator.get("mapping", {})
        ):
            # A mapping can only name exact values; the oneOf still tells the errors apart.
            del schema["discriminator"]
    return result


RULE_ERROR_COMPONENT = "RuleErrorResponse"
RULE_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "The request has the right form (it matches this schema), but a rule of the service "
        "refuses it: an object that does not exist or is not yours, a birth date in the "
        "future, a phone number that is not a number, a consent withdrawn twice. The same "
        "body as a 400; `detail` says what to change."
    ),
    "properties": {
        "type": {"type": "string", "enum": ["validation_error"]},
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                    "attr": {"type": "string", "nullable": True},
                },
                "required": ["code", "detail", "attr"],
            },
        },
    },
    "required": ["type", "errors"],
}
WRITE_METHODS = {"post", "put", "patch"}

RESTRICTED_ERROR_COMPONENT = "ProcessingRestrictedErrorResponse"
RESTRICTED_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Processing of the family's data is restricted (AVG art. 18): the file cannot be "
        "changed, shared or exported (other than to the family itself) until the privacy "
        "officer lifts the restriction. Code `processing_restricted`."
    ),
    "properties": {
        "type": {"type": "string", "enum": ["client_error"]},
        "errors": RULE_ERROR_SCHEMA["properties"]["errors"],
    },
    "required": ["type", "errors"],
}


GONE_ERROR_COMPONENT = "DownloadGoneErrorResponse"
GONE_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "A one-time download (a family's data export) was downloaded already, or its time "
        "ran out. Code `download_gone`; `detail` says which, and when."
    ),
    "properties": {
        "type": {"type": "string", "enum": ["client_error"]},
        "errors": RULE_ERROR_SCHEMA["properties"]["errors"],
    },
    "required": ["type", "errors"],
}


def rule_errors_and_pages(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: every operation that checks input declares the 422 of a rule,
    every write the 409 of a restricted file, and every ``page`` parameter says it starts
    at 1."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[RULE_ERROR_COMPONENT] = RULE_ERROR_SCHEMA
    schemas[RESTRICTED_ERROR_COMPONENT] = RESTRICTED_ERROR_SCHEMA
    schemas[GONE_ERROR_COMPONENT] = GONE_ERROR_SCHEMA
    restricted_response = {
        "description": "Processing of the family's data is restricted (AVG art. 18).",
        "content": {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{RESTRICTED_ERROR_COMPONENT}"}
            }
        },
    }
    rule_response = {
        "description": "A rule refuses the request (it has the right form).",
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{RULE_ERROR_COMPONENT}"}}
        },
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if method in WRITE_METHODS or "400" in operation["responses"]:
                operation["responses"].setdefault("422", rule_response)
            if method in WRITE_METHODS:
                operation["responses"].setdefault("409", restricted_response)
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") == "page":
                    parameter["schema"] = {"type": "integer", "minimum": 1}
    return result


class AutoSchema(StandardizedErrorsAutoSchema):
    """drf-standardized-errors' schema, with the item limits of nested lists published
    (drf-spectacular leaves a ``many=True`` serializer's ``min_length``/``max_length`` out)."""

    def _map_serializer_field(self, field: Any, direction: Any, *args: Any, **kwargs: Any) -> Any:
        schema = super()._map_serializer_field(  # type: ignore[no-untyped-call]
            field, direction, *args, **kwargs
        )
        if is_list_serializer(field) and isinstance(schema, dict) and direction == "request":
            limits: Any = field
            minimum = limits.min_length or (0 if limits.allow_empty else 1)
            if minimum:
                schema["minItems"] = minimum
            if limits.max_length is not None:
                schema["maxItems"] = limits.max_length
        return schema
