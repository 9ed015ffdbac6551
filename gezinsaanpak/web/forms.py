"""Forms of the family case file. Validation messages are Dutch through gettext."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.db.models import QuerySet
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
from gezinsaanpak.choices import CHOOSE
from gezinsaanpak.models import Caregiver, Child, Consent, Family
from gezinsaanpak.models.languages import LANGUAGE_CHOICES
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.selectors.families import FamilyFilters
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


class CaregiverRows(forms.BaseModelFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "too_few_forms": _("Fill in at least one parent or caregiver."),
        "too_many_forms": _("Fill in at most %(num)d parents or caregivers."),
    }


class ChildRows(forms.BaseModelFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "too_few_forms": _("Fill in at least one child."),
        "too_many_forms": _("Fill in at most %(num)d children."),
    }


CaregiverFormSet = forms.modelformset_factory(
    Caregiver,
    form=CaregiverForm,
    formset=CaregiverRows,
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
    formset=ChildRows,
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


OPEN = "open"  # the status filter's "every status but closed"
NO_CASE_OWNER = "none"
ORDER_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("status", _("Status")),
    ("family_name", _("Family name")),
]


class ListFilterForm(forms.Form):
    """The family list's filters and order, from the query string (they page along).

    ``municipalities`` (those who browse files) adds the municipality and the order,
    ``owners`` (the coordinator) the case owner. A bad value shows the field's Dutch
    error and the list without that filter.
    """

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (OPEN, _("Open (not closed)")), *Family.Status.choices[:4]],
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("All"),
    )
    case_owner = forms.ChoiceField(label=_("Case owner"), required=False)
    order = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDER_CHOICES)

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality] | None = None,
        owners: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if municipalities is None:
            del self.fields["municipality"], self.fields["order"]
        else:
            municipality = self.fields["municipality"]
            assert isinstance(municipality, forms.ModelChoiceField)  # noqa: S101 - form wiring
            municipality.queryset = municipalities.order_by("name")
        if owners is None:
            del self.fields["case_owner"]
        else:
            case_owner = self.fields["case_owner"]
            assert isinstance(case_owner, forms.ChoiceField)  # noqa: S101 - form wiring
            case_owner.choices = [
                ("", _("All")),
                (NO_CASE_OWNER, _("No case owner")),
                *((str(owner.pk), owner.name) for owner in owners),
            ]

    def family_filters(self) -> FamilyFilters:
        """The valid part of the filters (call after ``is_valid()``)."""
        data = getattr(self, "cleaned_data", {})
        status = data.get("status") or None
        owner = data.get("case_owner") or None
        municipality = data.get("municipality")
        return FamilyFilters(
            status=None if status == OPEN else status,
            open_only=status == OPEN,
            municipality_id=municipality.pk if municipality else None,
            case_owner_id=UUID(owner) if owner and owner != NO_CASE_OWNER else None,
            no_case_owner=owner == NO_CASE_OWNER,
            order=data.get("order") or ORDER_CHOICES[0][0],
        )


class OwnerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.name


OWNER_REFUSED = _("Choose an active specialist of your own organisation as case owner.")


class CaseOwnerForm(forms.Form):
    """A coordinator chooses a file's case owner among the organisation's specialists."""

    owner = OwnerChoiceField(
        label=_("New case owner"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": OWNER_REFUSED, "required": OWNER_REFUSED},
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # noqa: S101 - form wiring
        owner.queryset = owners


class FamilyIdsField(forms.Field):
    """The ticked files of a list (checkboxes named ``families``), as UUIDs."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Choose at least one file."),
        "invalid": _("One of the chosen files was not found. Try again."),
    }

    def to_python(self, value: Any) -> list[UUID]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return list(dict.fromkeys(UUID(str(item)) for item in value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > limits.CASE_OWNER_BATCH_MAX:
            message = _("Choose at most %(max)d files at once.")
            raise forms.ValidationError(message, params={"max": limits.CASE_OWNER_BATCH_MAX})


class BulkCaseOwnerForm(CaseOwnerForm):
    """Many files to one case owner: the list's checkboxes, the owner, where to go back."""

    families = FamilyIdsField()
    back = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Family.Status.choices[:4])
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", CHOOSE), *Family.CloseReason.choices],
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
