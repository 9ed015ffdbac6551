"""Every figure of the registry against the hand-counted world of ``world.py`` (2025)."""

from __future__ import annotations

import datetime

import pytest

from gezinsaanpak.access.reports import report_scope_for, scope_for_municipality
from gezinsaanpak.reports.compute import REGISTRY, compute

from . import world

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)

# key -> the total for the library in 2025, counted by hand
TOTALS = {
    "families_new": 2,
    "families_active": 3,
    "referrals_in": 3,
    "ve_signups": 3,
    "ve_waiting": 2,
    "ve_waiting_median_days": 228,  # 60 and 395 days
    "ve_started": 2,
    "ve_completed": 1,
    "ve_stopped": 1,
    "ve_visits": 5,
    "ve_visits_per_completed": 4.0,  # all 4 held visits of p1, also the one of 2024
    "ve_nazorg_started": 1,
    "ve_active_volunteers": 2,
    "ve_vog_expiring": 1,
    "bs_sessions": 3,
    "bs_conversations": 22,
    "bs_vouchers_handed_out": 9,
    "bs_koffertjes": 3,
    "bs_invited_to_library": 4,
    "bs_topic_reading_aloud": 6,
    "bs_topic_multilingual": 0,
    "bs_topic_media": 0,
    "bs_topic_membership": 0,
    "bs_topic_taalhuis": 0,
    "bs_vouchers_redeemed": 2,
    "bs_pickup_rate": 66.7,
    "bs_contacts": 2,
    "bs_handovers": 1,
    "referrals_out": 4,
}

# (key, breakdown) -> {column: value} in Kerkrade only
KERKRADE = {
    ("ve_signups", "source"): {"school": 1, "jgz": 1, "taalhuis": 0},
    ("referrals_in", "outcome"): {"accepted": 1, "declined": 1, "open": 0},
    ("referrals_out", "contact"): {"contact_made": 2, "no_contact": 1, "not_checked": 0},
    ("bs_conversations", "location"): {"CB Kerkrade": 17},
    ("families_active", None): {"": 2},
}


@pytest.fixture
def scope(db):  # type: ignore[no-untyped-def]
    made = world.build()
    return report_scope_for(made["coordinator"])


def test_every_figure_has_a_hand_counted_total():
    assert set(TOTALS) == set(REGISTRY)


@pytest.mark.parametrize("key", sorted(TOTALS))
def test_figure_total_matches_the_hand_count(scope, key):
    report = compute(REGISTRY[key], scope, start=START, end=END, disclose=False)
    assert report.total.value == TOTALS[key]


@pytest.mark.parametrize(("key", "breakdown"), sorted(KERKRADE, key=str))
def test_figure_breakdown_in_one_municipality(scope, key, breakdown):
    kerkrade = scope_for_municipality(scope, "GM0928")
    report = compute(
        REGISTRY[key], kerkrade, start=START, end=END, breakdown=breakdown, disclose=False
    )
    found = {code: report.column_totals[i].value for i, (code, _l) in enumerate(report.columns)}
    for column, expected in KERKRADE[(key, breakdown)].items():
        assert found.get(column, 0) == expected, column


def test_by_month_puts_each_event_in_its_month(scope):
    report = compute(REGISTRY["ve_visits"], scope, start=START, end=END, by="month", disclose=False)
    per_month = {
        code: cell.value for (code, _l), cell in zip(report.rows, report.row_totals, strict=True)
    }
    assert len(report.rows) == 12
    assert per_month["2025-03-01"] == 1 and per_month["2025-04-01"] == 2
    assert per_month["2025-05-01"] == 1 and per_month["2025-09-01"] == 1
    assert per_month["2025-01-01"] == 0


def test_stopped_placements_by_reason(scope):
    report = compute(
        REGISTRY["ve_stopped"], scope, start=START, end=END, breakdown="stop_reason", disclose=False
    )
    found = {
        code: c.value for (code, _l), c in zip(report.columns, report.column_totals, strict=True)
    }
    assert found["moved"] == 1 and found["family"] == 0


def test_published_report_hides_small_numbers_and_keeps_zero(scope):
    report = compute(REGISTRY["referrals_in"], scope, start=START, end=END, breakdown="outcome")
    assert report.total.display == "<5" and report.total.value is None
    assert all(cell.suppressed for cell in report.column_totals if cell.display != "0")


def test_averages_and_percentages_over_a_small_base_are_hidden(scope):
    report = compute(REGISTRY["bs_pickup_rate"], scope, start=START, end=END)
    assert report.total.value is None and report.total.suppressed
    median = compute(REGISTRY["ve_waiting_median_days"], scope, start=START, end=END)
    assert median.total.value is None


def test_visits_per_completed_placement_counts_a_placement_without_visits(scope):
    """p1 (4 held visits, Kerkrade) and a second completed placement without visits
    (Brunssum): 4 visits over 2 placements is 2.0; per municipality 4.0 and 0.0."""
    from gezinsaanpak.models import Family, Placement

    p1 = Placement.objects.get(visits__date=datetime.date(2025, 3, 3))
    brunssum = Family.objects.get(municipality__code="GM0899", opened_on=datetime.date(2024, 6, 1))
    Placement.objects.create(
        organisation=p1.organisation,
        family=brunssum,
        sign_up_date=datetime.date(2025, 1, 2),
        referral_source="school",
        status="completed",
        volunteer=p1.volunteer,
        start_date=datetime.date(2025, 2, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    report = compute(
        REGISTRY["ve_visits_per_completed"],
        scope,
        start=START,
        end=END,
        breakdown="municipality",
        disclose=False,
    )
    assert report.total.value == 2.0
    found = {
        c: cell.value for (c, _l), cell in zip(report.columns, report.column_totals, strict=True)
    }
    assert found == {"GM0899": 0.0, "GM0928": 4.0}
