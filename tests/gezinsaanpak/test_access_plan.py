"""Plan shape of the volunteer's family list (ARCHITECTURE.md §4, issue 4).

The list must start from the volunteer's grants (one index lookup) and fetch those
families by key; a sequential scan of the families table is what makes guardian's
``get_objects_for_user`` slow at national scale. PostgreSQL only: the plan is its plan.
The table holds a few thousand families so the planner's choice is a real one (on a
handful of rows a sequential scan is legitimately cheapest); timings live in bench/.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from accounts.models import Organisation, User
from gezinsaanpak import access
from gezinsaanpak.models import Family, FamilyUserObjectPermission

FAMILY_TABLE = Family._meta.db_table
FAMILIES = 4000
ORDER = ("-opened_on", "id")


@pytest.fixture
def postgresql(db: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("plan shape is checked on PostgreSQL only")


def _families(organisation: Organisation, count: int) -> list[Family]:
    municipality = organisation.municipalities.get()
    first_day = datetime.date(2020, 1, 1)
    return Family.objects.bulk_create(
        Family(
            organisation=organisation,
            municipality=municipality,
            status=Family.Status.ACTIVE,
            opened_on=first_day + datetime.timedelta(days=n % 1500),
        )
        for n in range(count)
    )


@pytest.fixture
def placed_families(
    postgresql: None, library: Organisation, specialist: User, volunteer: User
) -> list[Family]:
    """Thousands of families; a specialist holds every tenth, the volunteer three."""
    families = _families(library, FAMILIES)
    view = Permission.objects.get(content_type__app_label="gezinsaanpak", codename="view_family")
    FamilyUserObjectPermission.objects.bulk_create(
        FamilyUserObjectPermission(user=specialist, permission=view, content_object=family)
        for family in families[::10]
    )
    placed = [families[7], families[1999], families[3501]]
    for family in placed:
        access.families.grant(volunteer, family)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {FAMILY_TABLE}")
        cursor.execute(f"ANALYZE {FamilyUserObjectPermission._meta.db_table}")
    return placed


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _scans_of_families(queryset: QuerySet[Family]) -> list[str]:
    """The node types that read the families table in the plan of ``queryset``."""
    plan = json.loads(queryset.explain(format="json"))[0]["Plan"]
    return [n["Node Type"] for n in _nodes(plan) if n.get("Relation Name") == FAMILY_TABLE]


def test_volunteer_list_reads_families_by_key_not_by_scanning(
    volunteer: User, placed_families: list[Family]
) -> None:
    page = access.families_visible_to(volunteer).order_by(*ORDER)[:50]

    scans = _scans_of_families(page)

    assert {f.pk for f in page} == {f.pk for f in placed_families}
    assert scans, "the families table should appear in the plan"
    assert not [s for s in scans if "Seq Scan" in s], scans


def test_the_check_catches_guardians_shortcut_scanning_the_table(
    volunteer: User, placed_families: list[Family]
) -> None:
    """The same check on ``get_objects_for_user`` fails, so it can fail on ours too."""
    page = get_objects_for_user(
        volunteer, access.families.VIEW, klass=Family, accept_global_perms=False
    ).order_by(*ORDER)[:50]

    assert {f.pk for f in page} == {f.pk for f in placed_families}
    assert "Seq Scan" in _scans_of_families(page)
