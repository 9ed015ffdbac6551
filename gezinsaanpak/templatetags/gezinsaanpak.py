from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html

from gezinsaanpak import dates
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


@register.simple_tag(takes_context=True)
def form_token(context: Mapping[str, Any]) -> str:
    """The hidden idempotency token of a form that creates a record (``web.once``); a form
    shown again with errors keeps the token it was sent with."""
    request = context.get("request")
    posted = request.POST.get("form_token", "") if request is not None else ""
    try:
        token = uuid.UUID(posted)
    except ValueError:
        token = uuid.uuid4()
    return format_html('<input type="hidden" name="form_token" value="{}">', token)


@register.filter
def field_anchor(field: Any) -> str:
    """The id an error-summary link jumps to: the input, or a radio group's first choice."""
    return str(field.id_for_label or f"{field.auto_id}_0")


@register.filter
def day(value: Any) -> str:
    """``2 december 2026`` — the one long date format (``gezinsaanpak.dates``)."""
    return dates.format_day(value)


@register.filter
def day_short(value: Any) -> str:
    """``2 dec. 2026``."""
    return dates.format_day(value, short=True)


@register.filter
def clock(value: Any) -> str:
    """``14:05``."""
    return dates.format_time(value)


@register.filter
def day_time(value: Any) -> str:
    """``2 december 2026 om 14:05``."""
    return dates.format_day_time(value)


@register.filter
def day_time_short(value: Any) -> str:
    """``2 dec. 2026 om 14:05``."""
    return dates.format_day_time(value, short=True)


@dataclasses.dataclass(frozen=True)
class SummaryLine:
    text: str
    anchor: str = ""


def _form_lines(form: Any, prefix: str = "") -> list[SummaryLine]:
    lines = [SummaryLine(f"{prefix}{error}") for error in form.non_field_errors()]
    for field in form:
        # A label that is a question ("Wat hebt u gedaan?") reads badly before a colon.
        label = "" if str(field.label).endswith("?") else f"{field.label}: "
        lines += [
            SummaryLine(f"{prefix}{label}{error}", field_anchor(field)) for error in field.errors
        ]
    return lines


def _formset_lines(formset: Any, row_label: str) -> list[SummaryLine]:
    lines = [SummaryLine(str(error)) for error in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        lines += _form_lines(form, f"{row_label} {number}: ")
    return lines


@register.inclusion_tag("_error_summary.html")
def error_summary(form: Any = None, *formsets: Any) -> dict[str, Any]:
    """The error summary of a form and its formsets: a line with a link per field in error.

    Formsets are passed as pairs: ``{% error_summary form caregivers row_label ... %}``.
    """
    lines = _form_lines(form) if form is not None and form.is_bound else []
    for formset, row_label in zip(formsets[::2], formsets[1::2], strict=True):
        if formset.is_bound:
            lines += _formset_lines(formset, str(row_label))
    # One id per form class: two forms of one page each get their own summary heading.
    name = type(form).__name__.lower() if form is not None else "formset"
    return {"lines": lines, "summary_id": f"error-summary-{name}"}
