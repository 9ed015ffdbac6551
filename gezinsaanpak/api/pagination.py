"""The one page envelope of every list endpoint: ``count``, ``next``, ``previous``, ``results``.

Selectors page (``selectors.paging.page_of(..., strict=True)``); views put the page in this
envelope with :func:`page_response`. A ``page`` that is not a whole number is a 400 in the
common error body, a page past the end a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from gezinsaanpak.selectors.keyset import CursorError, KeysetPage, keyset_page
from gezinsaanpak.selectors.paging import PAGE_SIZE, PageNumberError

from .errors import RULE, RuleViolation

# What a cursor looks like (the schema's pattern): URL-safe base64 without padding.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,300}$"


def page_number(request: Request) -> str:
    """The requested page number as given; :func:`page_response` reports a bad one."""
    return request.query_params.get("page", "1")


def bad_page_number() -> exceptions.ValidationError:
    return exceptions.ValidationError({"page": [_("Give a page number, such as 2.")]})


def page_response(request: Request, page: Page[Any], results: Any) -> Response:
    def url(number: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return Response(
        {
            "count": page.paginator.count,
            "next": url(page.next_page_number()) if page.has_next() else None,
            "previous": url(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        }
    )


class PageNumberPagination(pagination.PageNumberPagination):
    """The same envelope for views that let DRF page a queryset (strict numbers)."""

    page_size = PAGE_SIZE  # fixed, as on the selectors' pages: no ``page_size`` parameter

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        number = request.query_params.get(self.page_query_param)
        if number is not None and not (number.isascii() and number.isdigit()):
            raise bad_page_number()
        return super().get_page_number(request, paginator)


class KeysetPagination(pagination.BasePagination):
    """Newest first through a table that only grows: ``next``, ``previous``, ``results``.

    No ``count`` (it would cost a scan of the whole table); ``next`` is ``null`` on the
    oldest page. The cursor names a line, so lines added meanwhile never shift a page.
    """

    page: KeysetPage
    request: Request

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        try:
            self.page = keyset_page(queryset, request.query_params.get("cursor"))
        except CursorError:
            message = ErrorDetail(_("This cursor is not one of ours."), code=RULE)
            raise RuleViolation({"cursor": [message]}) from None
        return self.page.rows

    def _url(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        query = self.request.query_params.copy()
        query["cursor"] = cursor
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self._url(self.page.next),
                "previous": self._url(self.page.previous),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "Older lines; null on the oldest page."},
                "previous": {**link, "description": "Newer lines; null on the newest page."},
                "results": schema,
            },
        }


__all__ = [
    "CURSOR_PATTERN",
    "KeysetPagination",
    "PageNumberError",
    "PageNumberPagination",
    "bad_page_number",
    "page_response",
]
