"""The BoekStart overview's tables, computed through the report registry (issue 15).

The sessions' tallies per location and month, and the voucher pickup per municipality and
month of issue, are the registry's BoekStart figures (``bs_sessions``, ``bs_<tally>``,
``bs_pickup_rate``) broken down for the library's own page: one definition of each number,
exact (no disclosure control) because the table stays inside the library.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import F

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.models.boekstart import COUNT_FIELDS

from .compute import own_table

ONE_DAY = datetime.timedelta(days=1)


def session_totals(
    user: User, *, start: datetime.date, end: datetime.date
) -> list[Mapping[str, object]]:
    """Sums of every tally per location and month (``start`` ≤ date < ``end``)."""
    organisation_id = access.boekstart.organisation_for(user, Capability.READ_BOEKSTART_FIGURES)
    keys = ["bs_sessions", *(f"bs_{name}" for name in COUNT_FIELDS)]
    lines = own_table(
        keys,
        organisation_id,
        start=start,
        end=end - ONE_DAY,
        by="month",
        group=F("location__name"),
    )
    return [
        {
            "location__name": line["group"],
            "month": line["period"],
            "sessions": line["bs_sessions"],
            **{name: line[f"bs_{name}"] for name in COUNT_FIELDS},
        }
        for line in lines
    ]


@dataclass(frozen=True)
class PickupRow:
    """Vouchers issued in one month in one municipality, and how many came to the library."""

    municipality: str
    month: datetime.date
    issued: int
    redeemed: int

    @property
    def rate(self) -> int:
        """Pickup in whole percent (the national figure is about 35%, the target 50%)."""
        return round(100 * self.redeemed / self.issued) if self.issued else 0


def voucher_pickup(user: User, *, start: datetime.date, end: datetime.date) -> list[PickupRow]:
    """Pickup by municipality of the location and month of issue (``start`` ≤ issue < ``end``).

    A voucher counts as picked up in the month it was issued, whenever it was redeemed: the
    registry's ``bs_pickup_rate`` (redeemed over issued).
    """
    organisation_id = access.boekstart.organisation_for(user, Capability.READ_BOEKSTART_FIGURES)
    lines = own_table(
        ["bs_pickup_rate"],
        organisation_id,
        start=start,
        end=end - ONE_DAY,
        by="month",
        group=F("location__municipality__name"),
    )
    return [
        PickupRow(
            municipality=line["group"],
            month=line["period"],
            issued=line["bs_pickup_rate_base"],
            redeemed=line["bs_pickup_rate"],
        )
        for line in lines
    ]
