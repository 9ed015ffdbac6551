from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import template

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
