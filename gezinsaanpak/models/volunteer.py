"""Volunteers (voorlezers): what a coordinator checks before a match."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .languages import validate_language_list

VOG_VALID_YEARS = 3


def _years_ago(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class VolunteerProfile(models.Model):
    """What a coordinator needs to know before matching a volunteer with a family."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
        verbose_name=_("volunteer"),
    )
    vog_issued_on = models.DateField(_("VOG issued on"), null=True, blank=True)
    vog_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("VOG checked by"),
    )
    training_on = models.DateField(
        _("training Interactief Voorlezen completed on"), null=True, blank=True
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_list]
    )
    area = models.CharField(
        _("area (postcode digits)"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Enter the 4 digits of a postcode."))],
    )
    capacity = models.PositiveSmallIntegerField(
        _("number of families at the same time"),
        default=1,
        validators=[MaxValueValidator(6)],
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self) -> str:
        return f"{_('Volunteer')} {str(self.id)[:8]}"

    def clean(self) -> None:
        if self.vog_issued_on and self.vog_issued_on > timezone.localdate():
            raise ValidationError({"vog_issued_on": _("This date is in the future.")})
        if self.vog_issued_on and not self.vog_checked_by_id:
            raise ValidationError({"vog_checked_by": _("Say who checked the VOG.")})

    def vog_valid(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return bool(self.vog_issued_on and self.vog_issued_on > _years_ago(on, VOG_VALID_YEARS))

    def warnings(self, on: datetime.date | None = None) -> list[str]:
        """What stands between this volunteer and a match, for the coordinator."""
        found = []
        if not self.vog_issued_on:
            found.append(str(_("No VOG yet.")))
        elif not self.vog_valid(on):
            found.append(str(_("The VOG is older than 3 years.")))
        if not self.training_on:
            found.append(str(_("Training Interactief Voorlezen not done yet.")))
        if not self.active:
            found.append(str(_("Not active.")))
        return found

    def may_be_matched(self, on: datetime.date | None = None) -> bool:
        return not self.warnings(on)
