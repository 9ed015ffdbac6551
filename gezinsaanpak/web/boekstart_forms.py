"""Forms of the BoekStart pages. The session form is made to be filled in on a phone."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from gezinsaanpak import limits
from gezinsaanpak.models import BoekStartSession, Caregiver, Location
from gezinsaanpak.models.boekstart import COUNT_FIELDS, TOPIC_FIELDS
from gezinsaanpak.validation import clean_phone, clean_postcode

from .forms import LanguagesField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT_LABELS = {
    "conversations": _("Conversations"),
    **TOPIC_FIELDS,
    "vouchers_handed_out": _("BoekStart vouchers (waardebonnen) handed out"),
    "koffertjes": _("Koffertjes handed out"),
    "invited_to_library": _("Parents invited to the library"),
}


def split_numbers(text: str) -> list[str]:
    """Voucher numbers typed one per line, or separated by commas or spaces."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def clean_voucher_numbers(text: str) -> str:
    """At most ``VOUCHERS_PER_SESSION_MAX`` numbers of at most 30 characters each."""
    numbers = split_numbers(text)
    if len(numbers) > limits.VOUCHERS_PER_SESSION_MAX:
        raise forms.ValidationError(
            _("Enter at most %(max)d voucher numbers at a time.")
            % {"max": limits.VOUCHERS_PER_SESSION_MAX}
        )
    if any(len(number) > 30 for number in numbers):
        raise forms.ValidationError(_("A voucher number has at most 30 characters."))
    return text


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=500,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count", "min": 0}),
    )


def _limit(field: forms.Field, queryset: QuerySet[Any]) -> None:
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - form wiring
    field.queryset = queryset


class SessionForm(forms.Form):
    """Date, place and tallies: one screen, one submit."""

    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    location = forms.ModelChoiceField(
        label=_("Consultatiebureau"), queryset=Location.objects.none()
    )
    voucher_numbers = forms.CharField(
        label=_("Voucher numbers (if numbered)"),
        required=False,
        max_length=2000,
        help_text=_("Separate the numbers with a space or a comma."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, locations: QuerySet[Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["location"], locations)
        for name in COUNT_FIELDS:
            self.fields[name] = _count_field(COUNT_LABELS[name])
        # Keep the voucher numbers last, after the tallies.
        self.fields["voucher_numbers"] = self.fields.pop("voucher_numbers")

    def clean_voucher_numbers(self) -> str:
        return clean_voucher_numbers(self.cleaned_data.get("voucher_numbers", ""))

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name in COUNT_FIELDS}


class SessionChoiceField(forms.ModelChoiceField[BoekStartSession]):
    def label_from_instance(self, obj: BoekStartSession) -> str:
        return f"{obj.date:%d-%m-%Y} · {obj.location.name}"


class ContactForm(forms.Form):
    """A parent who wants follow-up: just enough to call them back."""

    given_name = forms.CharField(label=_("First name of the parent"), max_length=limits.NAME_MAX)
    family_name = forms.CharField(label=_("Family name of the parent"), max_length=limits.NAME_MAX)
    relation = forms.ChoiceField(
        label=_("Relation to the child"), choices=Caregiver.Relation.choices, initial="mother"
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    house_number = forms.CharField(label=_("House number"), max_length=10, required=False)
    languages = LanguagesField(label=_("Languages spoken at home"))
    child_given_name = forms.CharField(
        label=_("First name of the baby"), max_length=limits.NAME_MAX, required=False
    )
    child_date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    session = SessionChoiceField(
        label=_("During session"), required=False, queryset=BoekStartSession.objects.none()
    )
    consent = forms.BooleanField(
        label=_("The parent agrees that the library contacts them for follow-up."),
        help_text=_("Ask it out loud. Without this, do not register the parent."),
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label=_("I checked this: it is a different family. Register it anyway."),
    )
    link_family = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        sessions: QuerySet[BoekStartSession],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["municipality"], organisation.municipalities.all())
        _limit(self.fields["session"], sessions)

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_child_date_of_birth(self) -> Any:
        born = self.cleaned_data.get("child_date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return born


class LocationForm(forms.ModelForm[Location]):
    class Meta:
        model = Location
        fields = ["name", "municipality", "partner", "active"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["municipality"], organisation.municipalities.all())
        _limit(self.fields["partner"], Organisation.objects.filter(kind=Organisation.Kind.PARTNER))
        self.instance.organisation = organisation


class VoucherIssueForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Consultatiebureau"), queryset=Location.objects.none()
    )
    issued_on = forms.DateField(label=_("Handed out on"), widget=DATE, initial=timezone.localdate)
    voucher_numbers = forms.CharField(
        label=_("Voucher numbers"),
        max_length=5000,
        help_text=_("Separate the numbers with a space or a comma."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, locations: QuerySet[Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["location"], locations)

    def clean_voucher_numbers(self) -> str:
        return clean_voucher_numbers(self.cleaned_data.get("voucher_numbers", ""))


class VoucherRedeemForm(forms.Form):
    number = forms.CharField(label=_("Voucher number"), max_length=30)
    redeemed_on = forms.DateField(
        label=_("Redeemed on"), widget=DATE, initial=timezone.localdate, required=False
    )


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class TaalhuisReferralForm(forms.Form):
    """The coach refers a parent to the Taalhuis, with their spoken consent."""

    taalhuis = forms.ModelChoiceField(
        label=_("Taalhuis"),
        queryset=Organisation.objects.filter(
            kind=Organisation.Kind.PARTNER, partner_type=Organisation.PartnerType.TAALHUIS
        ),
    )
    parent_agrees = forms.BooleanField(
        label=_("The parent agrees that we give their name and phone number to this Taalhuis."),
        required=False,
    )
    reason_text = forms.CharField(
        label=_("Note for the Taalhuis (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No details about health or family problems."),
    )
