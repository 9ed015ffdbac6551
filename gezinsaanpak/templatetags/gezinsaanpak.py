from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import template
from django.http import QueryDict

from gezinsaanpak.models.languages import language_names

register = template.Library()


@register.filter
def languages(codes: list[str] | None) -> str:
    """Language names; a record without the field gives an empty value, so nothing shows."""
    return ", ".join(language_names(codes or []))


@register.filter
def age(child: Any) -> str:
    """Age in years, or months under two, from the birth month (of a record or a model)."""
    born: datetime.date | None = (
        child.get("birth_month")
        if isinstance(child, Mapping)
        else getattr(child, "birth_month", None)
    )
    if born is None:
        return "—"
    today = datetime.date.today()
    months = (today.year - born.year) * 12 + today.month - born.month
    if months < 24:
        return f"{months} mnd"
    return f"{months // 12} jr"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.inclusion_tag("gezinsaanpak/_pager.html", takes_context=True)
def pager(context: Mapping[str, Any], page: Any, param: str = "page") -> dict[str, Any]:
    """Previous/next links for ``page`` under ``?<param>=``, keeping the rest of the query
    (filters, the other lists' pages on the same screen). Nothing when there is one page."""
    request = context.get("request")

    def link(number: int) -> str:
        query = request.GET.copy() if request is not None else QueryDict(mutable=True)
        query[param] = str(number)
        return f"?{query.urlencode()}"

    if not page.has_other_pages():
        return {"page": None}
    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "next": link(page.next_page_number()) if page.has_next() else None,
    }
