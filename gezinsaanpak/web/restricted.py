"""A restricted file refused a write that no page caught: a Dutch message, never a 500.

Every page that writes catches :class:`~gezinsaanpak.services.errors.ServiceError` (and so
:class:`ProcessingRestrictedError`) and shows its message by the form. This middleware is
the net below them: a page that did not, answers 409 with the message on a plain page; an
API path answers the JSON error body (DRF views already do so themselves).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gezinsaanpak.api.errors import error_body
from gezinsaanpak.services.errors import ProcessingRestrictedError

TEMPLATE = "gezinsaanpak/restricted.html"
STATUS = 409


class ProcessingRestrictedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ProcessingRestrictedError):
            return None
        if request.path.startswith("/api/"):
            body = error_body("client_error", ProcessingRestrictedError.code, exception.message)
            return JsonResponse(body, status=STATUS)
        return render(request, TEMPLATE, {"message": exception.message}, status=STATUS)
