"""The limits in ``gezinsaanpak.limits`` hold in the pages as in the API (issue 20, point 2)."""

from __future__ import annotations

import pytest
from django import forms

from gezinsaanpak import limits
from gezinsaanpak.models import Caregiver, Child, Concern, Family, Visit
from gezinsaanpak.web.boekstart_forms import clean_voucher_numbers
from gezinsaanpak.web.forms import CaregiverFormSet, ChildFormSet
from gezinsaanpak.web.placement_forms import ConcernForm, VisitForm


def formset_data(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def caregiver(n: int) -> dict[str, str]:
    return {"given_name": f"Ouder{n}", "family_name": "Jansen", "relation": "mother"}


@pytest.mark.django_db
def test_the_family_form_takes_at_most_four_caregivers():
    ok = CaregiverFormSet(
        formset_data("cg", [caregiver(n) for n in range(limits.CAREGIVERS_MAX)]),
        prefix="cg",
        queryset=Caregiver.objects.none(),
    )
    assert ok.is_valid(), ok.errors
    too_many = CaregiverFormSet(
        formset_data("cg", [caregiver(n) for n in range(limits.CAREGIVERS_MAX + 1)]),
        prefix="cg",
        queryset=Caregiver.objects.none(),
    )
    assert not too_many.is_valid()
    assert too_many.non_form_errors()


@pytest.mark.django_db
def test_the_family_form_takes_at_most_eight_children():
    rows = [{"given_name": f"Kind{n}"} for n in range(limits.CHILDREN_MAX + 1)]
    children = ChildFormSet(formset_data("ch", rows), prefix="ch", queryset=Child.objects.none())
    assert not children.is_valid()
    assert children.non_form_errors()


@pytest.mark.django_db
def test_whitespace_only_names_are_refused_in_the_form():
    formset = CaregiverFormSet(
        formset_data("cg", [{**caregiver(1), "given_name": "   "}]),
        prefix="cg",
        queryset=Caregiver.objects.none(),
    )
    assert not formset.is_valid()
    assert "given_name" in formset.errors[0]


def test_texts_have_the_same_limits_in_the_models_and_the_forms():
    assert Family._meta.get_field("notes").max_length == limits.LONG_TEXT_MAX
    assert Concern._meta.get_field("text").max_length == limits.LONG_TEXT_MAX
    assert Visit._meta.get_field("note").max_length == limits.NOTE_MAX
    assert Caregiver._meta.get_field("given_name").max_length == limits.NAME_MAX
    assert VisitForm().fields["note"].max_length == limits.NOTE_MAX
    assert ConcernForm().fields["text"].max_length == limits.LONG_TEXT_MAX
    too_long = ConcernForm({"text": "x" * (limits.LONG_TEXT_MAX + 1)})
    assert not too_long.is_valid()


def test_a_session_takes_at_most_200_voucher_numbers():
    assert clean_voucher_numbers(" ".join(str(n) for n in range(200)))
    with pytest.raises(forms.ValidationError):
        clean_voucher_numbers(" ".join(str(n) for n in range(201)))
    with pytest.raises(forms.ValidationError):
        clean_voucher_numbers("1" * 31)
