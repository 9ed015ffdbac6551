"""Forms of a partner's own login: refer a family (the partner API's fields) and report back.

The referral form asks for exactly what ``POST /api/v1/partner/referrals/`` takes and
builds the same ``data`` for ``services.referral_intake.referral_receive``; the rules the
API checks in its serializer (postcode, phone, lengths, dates) come from the same helpers
(``gezinsaanpak.validation``, ``gezinsaanpak.limits``), and the rest (consent, municipality,
ages) the service checks for both. Caregivers and children are fixed rows (formsets), so
the form works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation
from gezinsaanpak import limits
from gezinsaanpak.models import Caregiver, ReasonCode
from gezinsaanpak.models.programme import Programme
from gezinsaanpak.models.referral import FEEDBACK_MAX, REASON_TEXT_MAX
from gezinsaanpak.validation import (
    PARTNER_REFERENCE_PATTERN,
    clean_phone,
    clean_postcode,
    sane_date_validators,
)

from .forms import LanguagesField

YES, NO = "yes", "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]
# The family fields the API leaves out when they are empty (so the same payload results).
OPTIONAL_FAMILY_FIELDS = ("street", "city", "phone", "email")


class PartnerReferralForm(forms.Form):
    """The family's address and the referral; caregivers and children are formsets."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose a municipality"),
        help_text=_("Where the family lives. The library there receives the referral."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7)
    house_number = forms.CharField(label=_("House number"), max_length=10)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    home_languages = LanguagesField(label=_("Languages spoken at home"))
    reason_code = forms.ChoiceField(label=_("Reason"), choices=ReasonCode.choices)
    reason_text = forms.CharField(
        label=_("Explanation for the library"),
        max_length=REASON_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the library needs to know."),
    )
    requested_programme = forms.ChoiceField(
        label=_("Requested programme"), choices=Programme.choices
    )
    referrer_name = forms.CharField(label=_("Your name"), max_length=200)
    referrer_role = forms.CharField(
        label=_("Your role"),
        max_length=200,
        required=False,
        help_text=_("For example: teacher, pedagogical employee or youth nurse."),
    )
    partner_reference = forms.CharField(
        label=_("Your own reference"),
        max_length=64,
        required=False,
        validators=[
            RegexValidator(
                PARTNER_REFERENCE_PATTERN,
                _("Use only letters, digits, dots, dashes and underscores."),
            )
        ],
        help_text=_("A number or code of your own, to find the referral back. No names."),
    )
    parent_consent = forms.ChoiceField(
        label=_("Did the parents agree to sharing these details with the library?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer whether the parents agreed.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ModelChoiceField)  # noqa: S101 - form wiring
        # Every municipality a library serves (the service picks that library).
        municipality.queryset = (
            Municipality.objects.filter(organisations__kind=Organisation.Kind.LIBRARY)
            .distinct()
            .order_by("name")
        )

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_parent_consent(self) -> bool:
        return self.cleaned_data.get("parent_consent") == YES


class PartnerCaregiverForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=limits.NAME_MAX)
    family_name = forms.CharField(label=_("Family name"), max_length=limits.NAME_MAX)
    relation = forms.ChoiceField(
        label=_("Relation to the child"),
        choices=Caregiver.Relation.choices,
        initial=Caregiver.Relation.PARENT,
    )
    legal_authority = forms.ChoiceField(
        label=_("Parental authority"), choices=YES_NO, initial=YES, widget=forms.RadioSelect
    )
    languages = LanguagesField(label=_("Languages"))

    def has_changed(self) -> bool:
        """A row counts as filled in by its names, not by the preset choices."""
        return any(self.data.get(self.add_prefix(n)) for n in ("given_name", "family_name"))

    def clean_legal_authority(self) -> bool:
        return self.cleaned_data.get("legal_authority") == YES


class PartnerChildForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=limits.NAME_MAX)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        validators=sane_date_validators(),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_date_of_birth(self) -> Any:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return born


class PartnerCaregiverRows(forms.BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "too_few_forms": _("Fill in at least one parent or caregiver."),
        "too_many_forms": _("Fill in at most %(num)d parents or caregivers."),
    }


class PartnerChildRows(forms.BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "too_few_forms": _("Fill in at least one child."),
        "too_many_forms": _("Fill in at most %(num)d children."),
    }


PartnerCaregiverFormSet = forms.formset_factory(
    PartnerCaregiverForm,
    formset=PartnerCaregiverRows,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=limits.CAREGIVERS_MAX,
    validate_max=True,
)
PartnerChildFormSet = forms.formset_factory(
    PartnerChildForm,
    formset=PartnerChildRows,
    extra=2,
    min_num=1,
    validate_min=True,
    max_num=limits.CHILDREN_MAX,
    validate_max=True,
)


def referral_data(
    form: PartnerReferralForm,
    caregivers: forms.BaseFormSet[Any],
    children: forms.BaseFormSet[Any],
) -> dict[str, Any]:
    """The valid forms as the payload the partner API's serializer would have validated."""
    data = dict(form.cleaned_data)
    for name in OPTIONAL_FAMILY_FIELDS:
        if not data.get(name):
            data.pop(name, None)
    if not data.get("partner_reference"):
        data.pop("partner_reference", None)
    data["caregivers"] = [f.cleaned_data for f in caregivers.forms if f.cleaned_data]
    data["children"] = [f.cleaned_data for f in children.forms if f.cleaned_data]
    return data


class PartnerReportForm(forms.Form):
    """Report back on a referral a library sent: contact made, no contact, …"""

    status = forms.ChoiceField(
        label=_("What happened?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    feedback = forms.CharField(
        label=_("Message to the library"),
        required=False,
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The library sees this. Write no more than needed."),
    )

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)  # noqa: S101 - form wiring
        status.choices = statuses
