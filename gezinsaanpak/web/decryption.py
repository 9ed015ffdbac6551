"""A value that does not decrypt answers with a safe error, never a 500 page with data.

:class:`~gezinsaanpak.privacy.crypto.DecryptionError` is logged where it is raised (model,
field, row; never the value). Here it becomes a response without any of the page: JSON in
the API's error format under ``/api/``, a plain page elsewhere. DRF views need nothing
from here: the API's exception handler maps DecryptionError to
``{"type": "server_error", "errors": [{"code": "decryption_failed", ...}]}``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gezinsaanpak.api.errors import error_body
from gezinsaanpak.privacy.crypto import ERROR_CODE, DecryptionError, safe_detail

TEMPLATE = "gezinsaanpak/decryption_error.html"
STATUS = 500


def decryption_error_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error", ERROR_CODE, safe_detail()), status=STATUS)
    return render(request, TEMPLATE, status=STATUS)


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
