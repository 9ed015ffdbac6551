"""Family selectors: read models hold only the permitted values; the row is read once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gezinsaanpak import access
from gezinsaanpak.selectors import families as selectors
from gezinsaanpak.selectors.read_models import Record
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory


@pytest.fixture
def family(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist, notes="Geheim")
    CaregiverFactory(family=family)
    ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    return family


def _family_row_reads(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "gezinsaanpak_family"."id"')
        and "gezinsaanpak_referral" not in q["sql"]  # the file's referrals, not the row
    ]


@pytest.mark.django_db
def test_the_family_row_is_read_once(specialist, family):
    with CaptureQueriesContext(connection) as queries:
        selectors.family_file_get(specialist, family.pk)
    assert len(_family_row_reads(queries.captured_queries)) == 1


@pytest.mark.django_db
def test_the_file_is_a_read_model_holding_only_the_permitted_fields(volunteer, family):
    access.families.grant(volunteer, family)
    file = selectors.family_file_get(volunteer, family.pk)
    assert isinstance(file.family, Record)
    assert "notes" not in file.family
    assert "postcode" in file.family
    assert all(isinstance(c, Record) for c in file.family["caregivers"])
    assert "family_name" not in file.family["caregivers"][0]
    assert file.timeline == []
    assert file.viewers == []
    assert file.may_change is False


@pytest.mark.django_db
def test_the_file_page_line_says_it_showed_the_story_to_case_workers_only(
    specialist, volunteer, family
):
    from gezinsaanpak.models import AccessEvent

    access.families.grant(volunteer, family)
    selectors.family_file_get(specialist, family.pk)
    selectors.family_file_get(volunteer, family.pk)
    lines = AccessEvent.objects.filter(action="read", family_id=family.pk)
    assert lines.get(actor_id=specialist.pk).details == {"timeline": True, "viewers": True}
    assert lines.get(actor_id=volunteer.pk).details == {}
