"""The library's programmes, and the children's ages each one is for.

One age rule for the whole service: the waiting list, the partner intake and the referral
form all ask :func:`age_ranges`. The range is per organisation (``ProgrammeAgeRange``); an
organisation without one gets ``settings.PROGRAMME_AGE_RANGES`` and then the national
default. Both bounds are whole years and both are included: (2, 8) admits a child from
their 2nd birthday until the day before their 9th.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.TextChoices):
    VOORLEESEXPRESS = "voorleesexpress", _("VoorleesExpress")
    BOEKSTART = "boekstart", _("BoekStart")
    GEZINSAANPAK = "gezinsaanpak", _("Gezinsaanpak (family approach)")


# The national defaults, (youngest, oldest) in whole years, both included.
DEFAULT_AGE_RANGES: dict[str, tuple[int, int]] = {
    Programme.VOORLEESEXPRESS: (2, 8),
    Programme.BOEKSTART: (0, 4),
    Programme.GEZINSAANPAK: (0, 4),
}


def age_in_years(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class AgeRange:
    minimum: int
    maximum: int  # included: a child of exactly this many years still takes part

    def admits_age(self, years: int | None) -> bool:
        return years is not None and self.minimum <= years <= self.maximum

    def admits(self, born: datetime.date, on: datetime.date) -> bool:
        return self.admits_age(age_in_years(born, on))


class ProgrammeAgeRange(models.Model):
    """Which children's ages make a family eligible, per organisation and programme."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, verbose_name=_("organisation")
    )
    programme = models.CharField(_("programme"), max_length=30, choices=Programme.choices)
    min_age = models.PositiveSmallIntegerField(
        _("youngest age (years)"), help_text=_("In whole years. Children of this age take part.")
    )
    max_age = models.PositiveSmallIntegerField(
        _("oldest age (years)"),
        help_text=_(
            "In whole years, included: with 8, a child takes part until the day before "
            "their 9th birthday."
        ),
    )

    class Meta:
        verbose_name = _("programme age range")
        verbose_name_plural = _("programme age ranges")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "programme"], name="age_range_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()}: {self.min_age}-{self.max_age}"

    def clean(self) -> None:
        if self.min_age > self.max_age:
            raise ValidationError({"max_age": _("The oldest age is lower than the youngest.")})


def default_age_range(programme: str) -> AgeRange:
    overrides: dict[str, tuple[int, int]] = getattr(settings, "PROGRAMME_AGE_RANGES", {})
    low, high = overrides.get(programme, DEFAULT_AGE_RANGES[programme])
    return AgeRange(low, high)


def age_ranges(organisation_id: uuid.UUID | str | None) -> dict[str, AgeRange]:
    """Every programme's range for one organisation, in one query."""
    ranges = {code: default_age_range(code) for code in Programme.values}
    if organisation_id is None:
        return ranges
    own = ProgrammeAgeRange.objects.filter(organisation_id=organisation_id)
    for row in own.only("programme", "min_age", "max_age"):
        ranges[row.programme] = AgeRange(row.min_age, row.max_age)
    return ranges


def age_range(organisation_id: uuid.UUID | str | None, programme: str) -> AgeRange:
    return age_ranges(organisation_id)[programme]
