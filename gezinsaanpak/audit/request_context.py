"""Who is asking, from where: the IP address and request id that access-log lines carry.

The middleware puts them in a context variable for the length of one request, so the writer
can stamp every line without each view passing the request down. Outside a request
(management commands, cron) both are empty.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only when it is a plain token: never free text in the log.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True, slots=True)
class RequestContext:
    ip: str | None = None
    request_id: str = ""


_EMPTY = RequestContext()
_current: ContextVar[RequestContext] = ContextVar("gezinsaanpak_request_context", default=_EMPTY)


def current() -> RequestContext:
    """The context of the request being handled, or an empty one outside a request."""
    return _current.get()


def request_id_from(request: HttpRequest) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _SANE_REQUEST_ID.fullmatch(given) else str(uuid.uuid4())


def ip_from(request: HttpRequest) -> str | None:
    """The client address as the server saw it; ``None`` when it is not an IP address."""
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).compressed
    except ValueError:
        return None


class RequestContextMiddleware:
    """Sets the request context for the access log and echoes the request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(ip=ip_from(request), request_id=request_id_from(request))
        token = _current.set(context)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[REQUEST_ID_HEADER] = context.request_id
        return response
