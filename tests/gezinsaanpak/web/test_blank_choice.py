"""The empty choice of a drop-down is `— Kies —` (Django 6.1's own label has no Dutch)."""

from __future__ import annotations

from django import forms
from django.utils import translation

from accounts.models import Municipality, User


def test_a_model_choice_field_offers_kies(db):
    field = forms.ModelChoiceField(queryset=Municipality.objects.all())
    with translation.override("nl"):
        assert str(next(iter(field.choices))[1]) == "— Kies —"
    with translation.override("en"):
        assert str(next(iter(field.choices))[1]) == "— Choose —"


def test_a_model_fields_blank_choice_is_dutch_too():
    with translation.override("nl"):
        labels = [str(label) for _, label in User._meta.get_field("role").get_choices()]
    assert labels[0] == "— Kies —"
    assert "- Select an option -" not in labels
