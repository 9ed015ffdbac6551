"""One age rule for the waiting list: whole years, the maximum included, no query per row."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gezinsaanpak.models import Placement, ProgrammeAgeRange
from gezinsaanpak.selectors import placements as selectors
from tests.factories import ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _years_ago(years: int) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years, day=1)


def _signed_up(library, born: datetime.date):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library)
    ChildFactory(family=family, date_of_birth=born)
    return Placement.objects.create(organisation=library, family=family)


def test_a_child_of_exactly_the_maximum_age_is_eligible_and_one_year_older_is_not(
    coordinator, library
):
    ProgrammeAgeRange.objects.create(
        organisation=library, programme="voorleesexpress", min_age=2, max_age=6
    )
    six = _signed_up(library, _years_ago(6))
    seven = _signed_up(library, _years_ago(7))
    two = _signed_up(library, _years_ago(2))
    eligible = {row.placement.pk: row.eligible for row in selectors.waiting_list(coordinator)}
    assert eligible == {six.pk: True, seven.pk: False, two.pk: True}


def test_the_waiting_list_runs_no_query_per_row(coordinator, library):
    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.waiting_list(coordinator)
        return len(queries)

    for _ in range(2):
        _signed_up(library, _years_ago(4))
    statements()  # the first line of the organisation's log also starts its chain
    few = statements()
    for _ in range(5):
        _signed_up(library, _years_ago(4))
    assert statements() == few
