"""One way to write dates and times, in Dutch and in English: ``2 december 2026``, short
``2 dec. 2026``, time ``14:05``. Templates use the filters ``day``, ``day_short``,
``clock`` and ``day_time`` (``gezinsaanpak`` template tags), Python code these helpers.
"""

from __future__ import annotations

import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

LONG = "j F Y"
TIME = "H:i"
# Django's own short months are "dec" in Dutch and "Sept." in English: these follow the
# Taalunie ("dec.", "mrt.", "mei") and plain English ("Dec", "Sep").
SHORT_MONTHS = (
    pgettext_lazy("short month", "Jan"),
    pgettext_lazy("short month", "Feb"),
    pgettext_lazy("short month", "Mar"),
    pgettext_lazy("short month", "Apr"),
    pgettext_lazy("short month", "May"),
    pgettext_lazy("short month", "Jun"),
    pgettext_lazy("short month", "Jul"),
    pgettext_lazy("short month", "Aug"),
    pgettext_lazy("short month", "Sep"),
    pgettext_lazy("short month", "Oct"),
    pgettext_lazy("short month", "Nov"),
    pgettext_lazy("short month", "Dec"),
)

Moment = datetime.date | datetime.datetime


def _local(value: Moment) -> Moment:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value: Moment | None, *, short: bool = False) -> str:
    """``2 december 2026`` (short: ``2 dec. 2026``); empty for no date."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if short:
        return f"{value.day} {SHORT_MONTHS[value.month - 1]} {value.year}"
    return dateformat.format(value, LONG)


def format_time(value: datetime.datetime | datetime.time | None) -> str:
    """``14:05``."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value)  # type: ignore[assignment]
    return dateformat.time_format(value, TIME)


def format_day_time(value: datetime.datetime | None, *, short: bool = False) -> str:
    """``2 december 2026 om 14:05`` (English: ``2 December 2026 at 14:05``)."""
    if value is None or value == "":
        return ""
    return _("%(day)s at %(time)s") % {
        "day": format_day(value, short=short),
        "time": format_time(value),
    }
