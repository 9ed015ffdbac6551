"""Forms for referrals: sending one to a partner, and handling one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from gezinsaanpak.choices import CHOOSE
from gezinsaanpak.models import Caregiver, DeclineReason, Family, ReasonCode, Referral
from gezinsaanpak.models.referral import FEEDBACK_MAX, REASON_TEXT_MAX

from .forms import CaregiverChoiceField

HANDLING_CHOICES = [
    (Referral.Status.ACCEPTED, _("Accept")),
    (Referral.Status.DECLINED, _("Decline")),
    (Referral.Status.IN_PROGRESS, _("In progress")),
    (Referral.Status.COMPLETED, _("Completed")),
]
CONTACT_CHOICES = [
    (Referral.Status.CONTACT_MADE, _("Yes, there was contact")),
    (Referral.Status.NO_CONTACT, _("No, there was no contact")),
]


class ReferralSendForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER),
    )
    caregiver = CaregiverChoiceField(
        label=_("Parent or caregiver"),
        queryset=Caregiver.objects.none(),
        required=False,
        help_text=_("Who the partner will contact. Leave empty for the whole family."),
    )
    reason_code = forms.ChoiceField(label=_("Reason"), choices=ReasonCode.choices)
    reason_text = forms.CharField(
        label=_("Explanation for the partner"),
        required=False,
        max_length=REASON_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the partner needs. This is shared."),
    )
    requested_programme = forms.CharField(
        label=_("Requested course or programme"), required=False, max_length=100
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        caregiver = self.fields["caregiver"]
        assert isinstance(caregiver, forms.ModelChoiceField)  # noqa: S101 - form wiring
        caregiver.queryset = family.caregivers.all()


class ReferralHandleForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=HANDLING_CHOICES)
    decline_reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=[("", CHOOSE), *DeclineReason.choices],
        required=False,
    )
    feedback = forms.CharField(
        label=_("Feedback to the partner"),
        required=False,
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The partner sees this. Write no details about the family."),
    )

    def __init__(self, *args: Any, statuses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = set(statuses)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)  # noqa: S101 - form wiring
        status.choices = [(v, label) for v, label in HANDLING_CHOICES if v in allowed]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Referral.Status.DECLINED and not data.get("decline_reason"):
            self.add_error("decline_reason", _("Choose why the referral is declined."))
        return data


class ContactForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Did the partner reach the family?"),
        choices=CONTACT_CHOICES,
        widget=forms.RadioSelect,
    )
