"""Every request to the API is read and checked before sessions, authentication or a view.

DRF parses a body lazily, inside the view and after authentication, so a hostile body used
to reach the partner API's view before its token was checked, and a crash there was a 500.
This middleware, early in ``MIDDLEWARE``, answers a 4xx in the API's one JSON error body
(:func:`gezinsaanpak.api.errors.error_body`) for requests to ``/api/`` and ``/oauth/`` whose

- body is larger than ``API_MAX_BODY_BYTES`` (413), whether its ``Content-Length`` says so
  or the body read turns out larger (a chunked body on ASGI); or cannot be read (400);
- JSON body is not UTF-8, not JSON, nested deeper than ``API_MAX_JSON_DEPTH``, or holds NUL
  or a lone surrogate (400; see :mod:`gezinsaanpak.api.json_body`), or names a charset other
  than UTF-8 (415);
- form body has too many fields, cannot be parsed, or holds NUL (400: the token endpoint);
- query string, ``Authorization`` header or HTTP Basic credentials (as the token endpoint
  decodes them) hold NUL or a lone surrogate (400: PostgreSQL cannot compare with NUL).

The body is read once, through ``request.body``, so DRF and the token endpoint read it again
from memory. Nothing of the input is repeated in an answer.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _

from . import json_body
from .errors import RequestTooLarge, error_body

API_PATHS = ("/api/", "/oauth/")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NOT_A_FORM = _("The form in the request body could not be read.")
NOT_UTF8_CHARSET = _("Send JSON in UTF-8.")


def is_json(content_type: str) -> bool:
    media_type = content_type.lower()
    return media_type == "application/json" or media_type.endswith("+json")


class BodyGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PATHS):
            try:
                check_request(request)
            except json_body.BodyRefused as refusal:
                body = error_body("client_error", refusal.code, str(refusal.detail))
                return JsonResponse(body, status=refusal.status)
        return self.get_response(request)


def check_request(request: HttpRequest) -> None:
    """Raise :class:`json_body.BodyRefused` for a request the API must not handle."""
    if _has_forbidden_character(request.GET) or _has_forbidden_credentials(request):
        raise json_body.BodyRefused(json_body.FORBIDDEN_CHARACTER)
    raw = read_body(request)
    if not raw:
        return
    if is_json(request.content_type or ""):
        charset = (request.content_params or {}).get("charset", "utf-8").lower()
        if charset not in {"utf-8", "utf8"}:
            raise json_body.BodyRefused(NOT_UTF8_CHARSET, status=415, code="unsupported_media_type")
        json_body.load(raw, max_depth=settings.API_MAX_JSON_DEPTH)
    elif (request.content_type or "").lower() in FORM_TYPES:
        _check_form(request)


def read_body(request: HttpRequest) -> bytes:
    """The whole body, at most ``API_MAX_BODY_BYTES``, or :class:`json_body.BodyRefused`."""
    limit: int = settings.API_MAX_BODY_BYTES
    too_large = json_body.BodyRefused(
        RequestTooLarge.default_detail, status=413, code=RequestTooLarge.default_code
    )
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise too_large
    try:
        raw = request.body
    except RequestDataTooBig:
        raise too_large from None
    except (UnreadablePostError, OSError):
        raise json_body.BodyRefused(json_body.UNREADABLE) from None
    if len(raw) > limit:
        raise too_large
    return raw


def _check_form(request: HttpRequest) -> None:
    try:
        form = request.POST
    except (SuspiciousOperation, MultiPartParserError, UnreadablePostError, OSError):
        # SuspiciousOperation: too many fields or files (TooManyFieldsSent, TooManyFilesSent).
        raise json_body.BodyRefused(NOT_A_FORM) from None
    if _has_forbidden_character(form):
        raise json_body.BodyRefused(json_body.FORBIDDEN_CHARACTER)


def _has_forbidden_credentials(request: HttpRequest) -> bool:
    """NUL in the header, or in Basic credentials decoded as django-oauth-toolkit does."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if json_body.is_forbidden_text(header):
        return True
    scheme, _space, credentials = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(credentials).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False  # the token endpoint refuses these itself
    return json_body.is_forbidden_text(unquote_plus(decoded))


def _has_forbidden_character(query: QueryDict) -> bool:
    return any(
        json_body.is_forbidden_text(key) or any(json_body.is_forbidden_text(v) for v in values)
        for key, values in query.lists()
    )
