"""One way to page a list: Django's Paginator, 50 a page, over a query that is never cut.

Selectors page their query here, build read models of that page only, and log those.
Lists do not stop at a limit: the next page holds the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class PageNumberError(ValueError):
    """A page number that is not a whole number of at least 1."""


def page_of(
    items: QuerySet[Any] | Sequence[Any],
    number: int | str | None = 1,
    *,
    size: int = PAGE_SIZE,
    strict: bool = False,
) -> Page[Any]:
    """Page ``number`` of ``items`` (an ordered query, or a list already in order).

    ``strict`` (the API): a number that is not a whole number raises
    :class:`PageNumberError`, a page past the end is not found. Otherwise (the pages)
    a bad number shows the first page and one past the end the last.
    """
    paginator = Paginator(items, max(1, min(size, MAX_PAGE_SIZE)))
    if not strict:
        return paginator.get_page(number)
    text = "1" if number is None else str(number)
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise PageNumberError(text)
    try:
        return paginator.page(int(text))
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None
