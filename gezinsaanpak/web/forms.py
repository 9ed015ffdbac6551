"""Forms of the family case file. Validation messages are Dutch through gettext."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation, User
from gezinsaanpak import access, limits
from gezinsaanpak.access.fields import (
    CAREGIVER_INPUT_FIELDS,
    CHILD_INPUT_FIELDS,
    FAMILY_INPUT_FIELDS,
    SPECIAL_CATEGORY,
    FieldSet,
)
from gezinsaanpak.models import Caregiver, Child, Consent, Family
from gezinsaanpak.models.languages import LANGUAGE_CHOICES
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.validation import clean_phone, clean_postcode


class LanguagesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"class": "choices"}))
        super().__init__(choices=LANGUAGE_CHOICES, **kwargs)


class FamilyForm(forms.ModelForm[Family]):
    home_languages = LanguagesField(label=_("Languages spoken at home"))
    reading_languages = LanguagesField(label=_("Languages read aloud in"))
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)

    class Meta:
        model = Family
        fields = list(FAMILY_INPUT_FIELDS)
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ModelChoiceField)  # noqa: S101 - form wiring
        municipality.queryset = Municipality.objects.filter(organisations=organisation)
        self.instance.organisation = organisation

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))


class _MemberForm[M: Caregiver | Child](forms.ModelForm[M]):
    """A caregiver or child form; special-category fields only where the user may see them.

    ``allowed`` is the user's field set for this entity on this file (``None``: a new
    file, whose special categories the person registering it enters).
    """

    def __init__(self, *args: Any, allowed: FieldSet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is None:
            return
        for name in SPECIAL_CATEGORY[allowed.entity]:
            if name not in allowed:
                self.fields.pop(name, None)


class CaregiverForm(_MemberForm[Caregiver]):
    languages = LanguagesField(label=_("Languages"))

    class Meta:
        model = Caregiver
        fields = list(CAREGIVER_INPUT_FIELDS)
        widgets = {"literacy_concern": forms.Textarea(attrs={"rows": 2})}


class ChildForm(_MemberForm[Child]):
    class Meta:
        model = Child
        fields = list(CHILD_INPUT_FIELDS)
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "development_concern": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_date_of_birth(self) -> Any:
        born = self.cleaned_data.get("date_of_birth")
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return born


CaregiverFormSet = forms.modelformset_factory(
    Caregiver,
    form=CaregiverForm,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=limits.CAREGIVERS_MAX,
    validate_max=True,
    can_delete=True,
)
ChildFormSet = forms.modelformset_factory(
    Child,
    form=ChildForm,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=limits.CHILDREN_MAX,
    validate_max=True,
    can_delete=True,
)


class DuplicateConfirmForm(forms.Form):
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label=_("I checked this: it is a different family. Register it anyway."),
    )


class SearchForm(forms.Form):
    KINDS = [
        ("postcode", _("Postcode")),
        ("phone", _("Phone number")),
        ("family_name", _("Family name")),
    ]
    kind = forms.ChoiceField(label=_("Search by"), choices=KINDS, initial="postcode")
    term = forms.CharField(label=_("Search term"), max_length=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "postcode" and data.get("term"):
            data["term"] = clean_postcode(data["term"])
        return data


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Family.Status.choices[:4]]
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Family.Status.choices[:4])
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", "—"), *Family.CloseReason.choices],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Family.Status.CLOSED and not data.get("close_reason"):
            self.add_error("close_reason", _("Choose why the file is closed."))
        return data


class CaregiverChoiceField(forms.ModelChoiceField[Caregiver]):
    def label_from_instance(self, obj: Caregiver) -> str:
        return f"{obj.given_name} {obj.family_name}"


class ColleagueChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name} ({obj.get_role_display()})"


class ConsentForm(forms.Form):
    given_by = CaregiverChoiceField(label=_("Given by"), queryset=Caregiver.objects.none())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"),
        required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER),
        help_text=_("Only when the consent is for sharing with a partner."),
    )
    text_version = forms.CharField(label=_("Version of the consent text"), max_length=30)
    method = forms.ChoiceField(label=_("How was it given?"), choices=Consent.Method.choices)
    expires_on = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, family_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given_by = self.fields["given_by"]
        assert isinstance(given_by, forms.ModelChoiceField)  # noqa: S101 - form wiring
        given_by.queryset = Caregiver.objects.filter(family_id=family_id, legal_authority=True)


class GrantForm(forms.Form):
    colleague = ColleagueChoiceField(label=_("Colleague"), queryset=User.objects.none())
    may_change = forms.BooleanField(label=_("May also change the file"), required=False)

    def __init__(self, *args: Any, organisation_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        colleague = self.fields["colleague"]
        assert isinstance(colleague, forms.ModelChoiceField)  # noqa: S101 - form wiring
        colleague.queryset = access.families.grant_candidates(organisation_id).order_by("name")
