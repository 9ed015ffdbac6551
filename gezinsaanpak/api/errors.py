"""One JSON error body for every API failure.

drf-standardized-errors shapes the errors DRF views raise::

    {"type": "validation_error", "errors": [{"code": "...", "detail": "...", "attr": "field"}]}

The handlers here give the same shape to what never reaches a DRF view: an unknown
``/api/`` URL and an unexpected server error.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import defaults
from drf_standardized_errors.handler import ExceptionHandler as BaseExceptionHandler
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail

from gezinsaanpak.privacy.crypto import ERROR_CODE, DecryptionError, safe_detail
from gezinsaanpak.selectors.paging import PageNumberError
from gezinsaanpak.services.errors import (
    DownloadGoneError,
    ProcessingRestrictedError,
    ServiceError,
)


def error_body(error_type: str, code: str, detail: str, attr: str | None = None) -> dict[str, Any]:
    return {"type": error_type, "errors": [{"code": code, "detail": detail, "attr": attr}]}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("client_error", "not_found", _("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refused before any view (a bad Host header, a suspicious path)."""
    if _is_api(request):
        body = error_body("client_error", "bad_request", _("The request could not be handled."))
        return JsonResponse(body, status=400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        body = error_body("server_error", "error", _("Something went wrong on our side."))
        return JsonResponse(body, status=500)
    return defaults.server_error(request)


class DecryptionFailed(exceptions.APIException):
    """A value did not decrypt: a 500 that says so, and nothing of the value."""

    status_code = 500
    default_code = ERROR_CODE

    def __init__(self) -> None:
        super().__init__(detail=safe_detail(), code=ERROR_CODE)


class RequestTooLarge(exceptions.APIException):
    """A body over ``API_MAX_BODY_BYTES`` (or ``DATA_UPLOAD_MAX_MEMORY_SIZE``): not read."""

    status_code = 413
    default_code = "request_too_large"
    default_detail = _lazy("The request is too large.")


# Error codes of a request the schema allows but a rule of the service refuses: an object
# that does not exist (or is not yours), a birth date in the future, a phone number that is
# well formed but not a number, a consent withdrawn twice (every ``ServiceError``).
RULE = "rule"
RULE_CODES = frozenset({RULE, "does_not_exist"})


def rule(message: Any) -> exceptions.ValidationError:
    """A refusal by a rule of the service (a 422), not by the schema (a 400)."""
    return exceptions.ValidationError(message, code=RULE)


class ProcessingRestricted(exceptions.APIException):
    """409: the file's processing is restricted (AVG art. 18); the same error body."""

    status_code = 409
    default_code = ProcessingRestrictedError.code


class DownloadGone(exceptions.APIException):
    """410: a one-time download was taken already, or expired; the same error body."""

    status_code = 410
    default_code = DownloadGoneError.code


class RuleViolation(exceptions.ValidationError):
    """422: the request matches the schema; a rule refuses it. Same error body as a 400."""

    status_code = 422
    default_code = RULE


def _codes(detail: Any) -> set[str]:
    if isinstance(detail, dict):
        return set().union(*(_codes(value) for value in detail.values()))
    if isinstance(detail, list):
        return set().union(*(_codes(value) for value in detail))
    return {getattr(detail, "code", "invalid")}


def _without_rules(detail: Any) -> Any:
    """``detail`` with the rule errors left out (empty branches removed)."""
    if isinstance(detail, dict):
        kept = {key: _without_rules(value) for key, value in detail.items()}
        return {key: value for key, value in kept.items() if value not in ({}, [], None)}
    if isinstance(detail, list):
        kept_items = [_without_rules(value) for value in detail]
        if all(not isinstance(value, dict | list) for value in detail):
            return [value for value in kept_items if value is not None]
        return kept_items  # positions in a list of objects stay where they are
    return None if getattr(detail, "code", None) in RULE_CODES else detail


def split_rules(exc: exceptions.ValidationError) -> exceptions.ValidationError:
    """400 for what breaks the schema, 422 when only rules refuse the request.

    A request with both gets the 400 with the schema errors alone: the rules are checked
    again, and reported, once the request has the right form.
    """
    codes = _codes(exc.detail)
    if codes and codes <= RULE_CODES:
        return RuleViolation(detail=exc.detail)
    if codes & RULE_CODES:
        return exceptions.ValidationError(detail=_without_rules(exc.detail))
    return exc


class ExceptionHandler(BaseExceptionHandler):
    """drf-standardized-errors, plus the domain's own refusals: a 400 when a request breaks
    the schema, a 422 when it has the right form and a rule refuses it."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        exc = self._convert(exc)
        if isinstance(exc, exceptions.ValidationError) and not isinstance(exc, RuleViolation):
            return split_rules(exc)
        return exc

    def _convert(self, exc: Exception) -> Exception:
        if isinstance(exc, DjangoValidationError):
            # Raised by a service or a model after the request passed its serializer: the
            # request had the right form, a rule refused it.
            if hasattr(exc, "error_dict"):
                rules: Any = {
                    field: [ErrorDetail(m, code=RULE) for m in messages]
                    for field, messages in exc.message_dict.items()
                }
            else:
                rules = [ErrorDetail(m, code=RULE) for m in exc.messages]
            return RuleViolation(detail=rules)
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, UnreadablePostError):
            return exceptions.ParseError(_("The request body could not be read."))
        if isinstance(exc, PageNumberError):
            return exceptions.ValidationError({"page": [_("Give a page number, such as 2.")]})
        if isinstance(exc, DecryptionError):
            return DecryptionFailed()
        if isinstance(exc, DownloadGoneError):
            return DownloadGone(detail=exc.message, code=DownloadGoneError.code)
        if isinstance(exc, ProcessingRestrictedError):
            return ProcessingRestricted(detail=exc.message, code=ProcessingRestrictedError.code)
        if isinstance(exc, ServiceError):
            field = exc.field or "non_field_errors"
            return RuleViolation({field: [ErrorDetail(exc.message, code=RULE)]})
        return super().convert_known_exceptions(exc)
