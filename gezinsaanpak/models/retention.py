"""Retention periods per organisation (AVG art. 5(1)(e)); the defaults come from settings.

An empty period means the default (``RETENTION_*`` in the settings). The rules themselves,
and what "last activity" and "led to a programme" mean, are in ``selectors.retention``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# A period is at least a month and at most twenty years.
MONTHS_MIN = 1
MONTHS_MAX = 240


class RetentionRule(models.TextChoices):
    DECLINED = "declined", _("Declined referral, file never taken on")
    NO_PROGRAMME = "no_programme", _("Referral or BoekStart contact without a programme")
    CLOSED = "closed", _("Closed file")


def _months(label: StrOrPromise, help_text: StrOrPromise) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(MONTHS_MIN), MaxValueValidator(MONTHS_MAX)],
        help_text=help_text,
    )


class RetentionPolicy(models.Model):
    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="retention_policy",
        verbose_name=_("organisation"),
    )
    months_after_closure = _months(
        _("anonymise a closed file after"),
        _("In months after the closing date. Empty: the default (normally 24 months)."),
    )
    months_without_programme = _months(
        _("anonymise a file without a programme after"),
        _(
            "For a file opened by a referral or a BoekStart contact that never led to a "
            "programme: in months after its last activity. Empty: the default (normally 12 months)."
        ),
    )
    months_after_decline = _months(
        _("anonymise a declined referral's file after"),
        _("In months after the referral was declined. Empty: the default (normally 3 months)."),
    )

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return str(self.organisation)

    def months(self) -> dict[str, int]:
        """The period of each rule, the organisation's own or the default."""
        return {
            RetentionRule.DECLINED: self.months_after_decline or settings.RETENTION_DECLINED_MONTHS,
            RetentionRule.NO_PROGRAMME: self.months_without_programme
            or settings.RETENTION_NO_PROGRAMME_MONTHS,
            RetentionRule.CLOSED: self.months_after_closure or settings.RETENTION_CLOSED_MONTHS,
        }
