"""Request counters of the API's rate limits, shared by every app server (the database).

One row per limit and client (``user_burst:<user id>``, ``anon:<address>``): the requests in
the current window and in the one before it. ``gezinsaanpak.services.rate_limits`` counts a
request against all its limits in one statement.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    key = models.CharField(_("limit and client"), max_length=200, primary_key=True)
    period = models.FloatField(_("window in seconds"))
    window_start = models.FloatField(_("window start (seconds since 1970)"))
    hits = models.PositiveIntegerField(_("requests in this window"), default=0)
    previous_hits = models.PositiveIntegerField(_("requests in the window before"), default=0)

    objects: ClassVar[models.Manager[RateCounter]] = models.Manager()

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        default_permissions = ()
        indexes = [models.Index(fields=["window_start"], name="rate_counter_window")]

    def __str__(self) -> str:
        return self.key
