"""Read models hold only their field set's values, with the labels Django would show."""

from __future__ import annotations

import pytest
from django.utils import translation

from gezinsaanpak.access.fields import FieldSet
from gezinsaanpak.models import Family
from gezinsaanpak.selectors.read_models import record
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("status", [s.value for s in Family.Status])
def test_a_choice_label_is_the_one_django_shows_in_the_active_language(library, status, language):
    family = FamilyFactory.build(organisation=library, status=status)
    with translation.override(language):
        shown = record(family, FieldSet("family", frozenset({"status"})))
        assert shown["status_display"] == family.get_status_display()
    assert set(shown) == {"status", "status_display"}
    assert shown.field_names() == ["family.status"]


def test_a_value_outside_the_choices_shows_as_itself(library):
    family = FamilyFactory.build(organisation=library, status="unheard_of")
    assert record(family, FieldSet("family", frozenset({"status"})))["status_display"] == (
        "unheard_of"
    )
