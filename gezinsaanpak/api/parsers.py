"""The API's JSON parser: the second line behind :mod:`gezinsaanpak.api.body_guard`.

The body guard refuses hostile bodies before authentication; this parser applies the same
rules (:mod:`gezinsaanpak.api.json_body`) wherever DRF parses a body the guard did not see,
so the answers are the same: 413 over ``API_MAX_BODY_BYTES``, 400 ``parse_error`` for a
body that is not UTF-8 (whatever charset it names), not JSON, too deeply nested, or holds
NUL or a lone surrogate.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import exceptions, parsers

from . import json_body


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        limit: int = settings.API_MAX_BODY_BYTES
        try:
            raw = stream.read(limit + 1)
        except OSError:  # UnreadablePostError: the client went away mid-body
            raise exceptions.ParseError(json_body.UNREADABLE) from None
        if len(raw) > limit:
            raise RequestDataTooBig  # the exception handler answers 413 request_too_large
        try:
            return json_body.load(raw, max_depth=settings.API_MAX_JSON_DEPTH)
        except json_body.BodyRefused as refusal:
            raise exceptions.ParseError(str(refusal.detail), code=refusal.code) from None
