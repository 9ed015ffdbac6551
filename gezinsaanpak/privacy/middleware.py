"""A value that does not decrypt answers with a safe error, never a 500 page with data.

:class:`~gezinsaanpak.privacy.crypto.DecryptionError` is logged where it is raised (model,
field, row; never the value). Here it becomes a response without any of the page: JSON in
the API's error format under ``/api/``, a plain page elsewhere. DRF views reach the same
answer through :class:`DecryptionAwareExceptionHandler`, because drf-standardized-errors
would otherwise turn the exception into its generic 500 before any middleware sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions, status

from gezinsaanpak.api.errors import error_body
from gezinsaanpak.privacy.crypto import DecryptionError

ERROR_CODE = "decryption_failed"
TEMPLATE = "gezinsaanpak/decryption_error.html"


def _detail() -> str:
    return _("This information cannot be shown right now. The problem has been recorded.")


def decryption_error_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body("server_error", ERROR_CODE, _detail())
        return JsonResponse(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return render(request, TEMPLATE, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


class DecryptionErrorMiddleware:
    """Turns a DecryptionError raised by a view or while rendering into a safe response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DecryptionError):
            return decryption_error_response(request)
        return None


class DecryptionFailed(exceptions.APIException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    default_code = ERROR_CODE

    def __init__(self) -> None:
        super().__init__(detail=_detail(), code=ERROR_CODE)


class DecryptionAwareExceptionHandler(ExceptionHandler):
    """drf-standardized-errors' handler, answering a DecryptionError as ``decryption_failed``."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, DecryptionError):
            return DecryptionFailed()
        return super().convert_known_exceptions(exc)

    def report_exception(self, exc: Any, response: Any) -> None:
        if isinstance(exc, DecryptionFailed):
            return  # already logged, with model/field/row, where it was raised
        super().report_exception(exc, response)
