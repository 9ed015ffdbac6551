"""A JSON request body, decoded so that no input can crash the decoder or what comes after.

Shared by the body guard (middleware, before authentication) and the DRF parser (the second
line). A body is refused, with a message that never repeats the input, when it:

- is not UTF-8 (RFC 8259 allows nothing else);
- nests arrays and objects deeper than ``API_MAX_JSON_DEPTH``. That is found by counting
  brackets outside strings, without recursion, so a million levels cost no more than reading
  them, and Python's recursive decoder only ever sees shallow bodies;
- is not JSON, or holds ``NaN``/``Infinity`` or a number too large for a float or an int;
- holds a key or string with NUL (PostgreSQL cannot store it) or a lone UTF-16 surrogate such
  as ``"\\ud800"`` (no encoder can write it back out, so error messages would crash).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A JSON string: a quote, then anything but a quote or a backslash, or any escaped character.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_FORBIDDEN_CHARACTER = re.compile("[\x00\ud800-\udfff]")


class BodyRefused(Exception):  # noqa: N818 - a refusal, not a failure of ours
    """The body cannot be taken: answer ``status`` with ``code`` and ``detail``."""

    def __init__(self, detail: str | Promise, *, status: int = 400, code: str = "parse_error"):
        super().__init__(str(detail))
        self.detail = detail
        self.status = status
        self.code = code


NOT_UTF8 = _("The request body is not valid UTF-8.")
TOO_DEEP = _("The JSON is nested too deeply.")
NOT_JSON = _("The request body is not valid JSON.")
UNREADABLE = _("The request body could not be read.")
FORBIDDEN_CHARACTER = _("The request contains a character that is not allowed.")


def nested_deeper_than(text: str, limit: int) -> bool:
    """Whether arrays and objects in JSON ``text`` nest more than ``limit`` levels deep."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    depth = 0
    for bracket in brackets:
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def has_forbidden_character(data: Any) -> bool:
    """Whether any key or string in decoded JSON ``data`` holds NUL or a lone surrogate."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if _FORBIDDEN_CHARACTER.search(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def is_forbidden_text(value: str) -> bool:
    """Whether ``value`` (a query or form value, say) holds NUL or a lone surrogate."""
    return _FORBIDDEN_CHARACTER.search(value) is not None


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("number out of range")
    return number


def _no_constant(text: str) -> Any:
    raise ValueError("not a JSON value")


def load(raw: bytes, *, max_depth: int) -> Any:
    """The decoded JSON of body ``raw``, or :class:`BodyRefused`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyRefused(NOT_UTF8) from None
    if nested_deeper_than(text, max_depth):
        raise BodyRefused(TOO_DEEP)
    try:
        data = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # RecursionError: should the bracket count miss
        raise BodyRefused(NOT_JSON) from None
    if has_forbidden_character(data):
        raise BodyRefused(FORBIDDEN_CHARACTER)
    return data
