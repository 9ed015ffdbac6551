"""The library's own BoekStart tables come from the registry's figures (one definition)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F

from gezinsaanpak.reports.compute import own_table

from . import world


def test_figures_of_different_rows_cannot_share_a_table(db):
    with pytest.raises(ValueError, match="do not count the same rows"):
        own_table(
            ["bs_sessions", "bs_pickup_rate"],
            None,
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 12, 31),
            by="month",
            group=None,
        )


def test_own_table_counts_small_numbers_exactly(db):
    """Hand-counted from ``world``: in 2025 Kerkrade issued A1, A2 (A1 redeemed), Brunssum A3
    (redeemed); A4 was issued in 2024. No ``<5``: the table stays inside the library."""
    made = world.build()
    lines = own_table(
        ["bs_pickup_rate"],
        made["library"].pk,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        by="year",
        group=F("location__municipality__name"),
    )
    year = datetime.date(2025, 1, 1)
    assert lines == [
        {"period": year, "group": "Brunssum", "bs_pickup_rate": 1, "bs_pickup_rate_base": 1},
        {"period": year, "group": "Kerkrade", "bs_pickup_rate": 1, "bs_pickup_rate_base": 2},
    ]
