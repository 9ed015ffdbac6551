"""The staff API's rate per user: a burst rate and a sustained rate, both must allow.

A person working fast makes bursts (a coordinator's screen and a volunteer's phone at once,
a page polling a job's progress every second) and then pauses; a script keeps going. So a
short window allows a burst no person makes (``user_burst``), and a long one holds a script
to an average no person keeps up (``user_sustained``). Rates take a period of several units,
``"120/10s"`` or ``"3000/10m"`` (DRF's own take one: ``"600/minute"``).
"""

from __future__ import annotations

import re

from rest_framework.throttling import UserRateThrottle

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


class UserBurstThrottle(UserRateThrottle):
    scope = "user_burst"

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        return parse_rate(rate)


class UserSustainedThrottle(UserRateThrottle):
    scope = "user_sustained"

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        return parse_rate(rate)
