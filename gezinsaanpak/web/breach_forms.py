"""Forms of the breach register: the incident, and the scoping by actor and period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.models.breach import Breach
from gezinsaanpak.services.breaches import EDITABLE
from gezinsaanpak.validation import sane_date_validators

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DECISIONS = [("", _("Not decided yet")), ("yes", _("Yes, report")), ("no", _("No, do not report"))]


def _decision(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class BreachForm(forms.ModelForm[Breach]):
    report_to_authority = forms.TypedChoiceField(
        label=_("Report to the Autoriteit Persoonsgegevens?"),
        choices=DECISIONS,
        coerce=_decision,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Breach
        fields = list(EDITABLE)
        widgets = {
            "found_at": _DATETIME,
            "reported_at": _DATETIME,
            "subjects_informed_at": _DATETIME,
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "which_data": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "report_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "found_at": _("The 72 hours to report start here."),
            "which_data": _("Describe the kinds of data, not the data itself."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if not self.is_bound and instance.report_to_authority is not None:
            self.initial["report_to_authority"] = "yes" if instance.report_to_authority else "no"

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in EDITABLE}


class ScopeForm(forms.Form):
    actor = forms.CharField(
        label=_("Who (user id, API client id or e-mail address)"), max_length=254
    )
    since = forms.DateField(
        label=_("From date"),
        validators=sane_date_validators(),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("To date"),
        validators=sane_date_validators(),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned
