"""The placeholder of every drop-down: ``— Kies —`` (English ``— Choose —``)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

CHOOSE = pgettext_lazy("select placeholder", "— Choose —")
