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
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import defaults
from drf_standardized_errors.handler import ExceptionHandler as BaseExceptionHandler
from rest_framework import exceptions

from gezinsaanpak.privacy.crypto import ERROR_CODE, DecryptionError, safe_detail
from gezinsaanpak.selectors.paging import PageNumberError
from gezinsaanpak.services.errors import ServiceError


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
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: refused before it is read."""

    status_code = 413
    default_code = "request_too_large"
    default_detail = _lazy("The request is too large.")


class ExceptionHandler(BaseExceptionHandler):
    """drf-standardized-errors, plus the domain's own refusals as 400s."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, DjangoValidationError):
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            return exceptions.ValidationError(detail=detail)
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, PageNumberError):
            return exceptions.ValidationError({"page": [_("Give a page number, such as 2.")]})
        if isinstance(exc, DecryptionError):
            return DecryptionFailed()
        if isinstance(exc, ServiceError):
            return exceptions.ValidationError({exc.field or "non_field_errors": [exc.message]})
        return super().convert_known_exceptions(exc)
