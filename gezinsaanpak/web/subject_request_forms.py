"""Forms of the privacy officer's requests: record one, and each step on its page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gezinsaanpak import limits
from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.services.subject_requests import EDITABLE
from gezinsaanpak.validation import sane_date_validators

Request = DataSubjectRequest


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        validators=sane_date_validators(),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _text(label: Any, *, required: bool = True, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limits.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class RequestForm(forms.ModelForm[Request]):
    """What came in: the kind, the day it was received, what was asked, the purposes."""

    received_on = _date(_("Received on"), initial=timezone.localdate)
    objected_purposes = forms.MultipleChoiceField(
        label=_("Purposes the family objects to"),
        choices=Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        help_text=_("Only for an objection. Applying it stops these purposes for this family."),
    )

    class Meta:
        model = Request
        fields = list(EDITABLE)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": _(
                "What the parent asks, in your own words. Write down no more than you need."
            ),
        }

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in EDITABLE}


class IdentityForm(forms.Form):
    identity_method = forms.ChoiceField(
        label=_("How did you check who is asking?"), choices=Request.IdentityMethod.choices
    )
    identity_checked_on = _date(_("Checked on"), initial=timezone.localdate)


class ExtendForm(forms.Form):
    extended_until = _date(_("New deadline"))
    extension_reason = _text(
        _("Reason for the extension"),
        help_text=_("Tell the parent this reason within the first month (AVG art. 12(3))."),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Request.Outcome.choices)
    outcome_note = _text(_("Note on the outcome"), required=False)
    closed_on = _date(_("Closed on"), initial=timezone.localdate)


class LinkFamilyForm(forms.Form):
    family_id = forms.UUIDField(required=False, widget=forms.HiddenInput)


class RestrictForm(forms.Form):
    reason = _text(
        _("Why is processing restricted?"),
        help_text=_("For example: the parent disputes that the data is correct."),
    )


class UnrestrictForm(forms.Form):
    reason = _text(
        _("Why is the restriction lifted?"),
        help_text=_("Tell the parent before you lift it (AVG art. 18(3))."),
    )


class StateFilterForm(forms.Form):
    STATES = [("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))]
    state = forms.ChoiceField(label=_("Show"), choices=STATES, required=False)

    def chosen(self) -> str:
        if self.is_valid():
            return self.cleaned_data.get("state") or "open"
        return "open"
