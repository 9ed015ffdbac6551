"""The API's rate limits, counted in the database with one statement per request.

Per staff user a burst rate and a sustained rate, both must allow. A person working fast makes
bursts (a coordinator's screen and a volunteer's phone at once, a page polling a job's
progress every second) and then pauses; a script keeps going. So a short window allows a
burst no person makes (``user_burst``), and a long one holds a script to an average no person
keeps up (``user_sustained``). Anonymous requests are limited per address (``anon``), partner
clients per client (``partner``). Rates take a period of several units, ``"120/10s"`` or
``"3000/10m"``; they are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``.

All limits of a request are counted together by ``services.rate_limits.count_request``, one
``INSERT … ON CONFLICT`` shared by every app server (no cache round trips, no read-then-write
race).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from accounts.models import PartnerClient
from gezinsaanpak.services.rate_limits import Limit, Verdict, count_request, retry_after

if TYPE_CHECKING:  # rest_framework.views imports this module (DEFAULT_THROTTLE_CLASSES)
    from rest_framework.request import Request
    from rest_framework.views import APIView

_RATE = re.compile(r"^(\d+)/(\d*)\s*([smhd])[a-z]*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str | None) -> tuple[int | None, int | None]:
    if rate is None:
        return None, None
    match = _RATE.fullmatch(rate.strip())
    if match is None:
        raise ValueError(f"Not a throttle rate: {rate!r} (e.g. '120/10s', '600/minute').")
    number, count, unit = match.groups()
    return int(number), int(count or 1) * _UNIT_SECONDS[unit]


class RateLimit(BaseThrottle):
    """Every limit that applies to the request, counted in one statement."""

    STAFF_SCOPES = ("user_burst", "user_sustained")
    clock: staticmethod[[], float] = staticmethod(time.time)
    THROTTLE_RATES: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES

    def __init__(self) -> None:
        self.verdict = Verdict(True, 0.0)

    def scopes(self, request: Request) -> tuple[tuple[str, str], ...]:
        """(scope, who) pairs for this request's client."""
        user = request.user
        if isinstance(user, PartnerClient):
            return (("partner", str(user.pk)),)
        if user is not None and user.is_authenticated:
            return tuple((scope, str(user.pk)) for scope in self.STAFF_SCOPES)
        return (("anon", self.get_ident(request)),)

    def limits(self, request: Request) -> list[Limit]:
        limits = []
        for scope, who in self.scopes(request):
            rate, period = parse_rate(self.THROTTLE_RATES.get(scope))
            if rate is not None and period is not None:
                limits.append(Limit(f"{scope}:{who}", rate, float(period)))
        return limits

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.verdict = count_request(self.limits(request), self.clock())
        return self.verdict.allowed

    def wait(self) -> float | None:
        return None if self.verdict.allowed else float(retry_after(self.verdict))
