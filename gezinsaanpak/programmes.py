"""The library's programmes a family can be referred to, with their age ranges.

Age ranges differ per place (VoorleesExpress is 2-8 nationally, 4-8 in some towns), so
they are settings: ``PROGRAMME_AGE_RANGES = {"voorleesexpress": (4, 8)}`` overrides one.
A range (2, 8) means from the 2nd birthday until the 8th.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.TextChoices):
    VOORLEESEXPRESS = "voorleesexpress", _("VoorleesExpress")
    BOEKSTART = "boekstart", _("BoekStart")
    GEZINSAANPAK = "gezinsaanpak", _("Gezinsaanpak (family approach)")


DEFAULT_AGE_RANGES: dict[str, tuple[int, int]] = {
    Programme.VOORLEESEXPRESS: (2, 8),
    Programme.BOEKSTART: (0, 4),
    Programme.GEZINSAANPAK: (0, 4),
}


@dataclass(frozen=True)
class AgeRange:
    minimum: int
    maximum: int  # exclusive: the birthday on which a child leaves the programme

    def admits(self, born: datetime.date, on: datetime.date) -> bool:
        years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return self.minimum <= years < self.maximum


def age_range(programme: str) -> AgeRange:
    overrides: dict[str, tuple[int, int]] = getattr(settings, "PROGRAMME_AGE_RANGES", {})
    low, high = overrides.get(programme, DEFAULT_AGE_RANGES[programme])
    return AgeRange(low, high)
