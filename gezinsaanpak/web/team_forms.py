"""Forms of the team pages: invite, change role, deactivate (with the new case owner)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User, role_label
from gezinsaanpak import limits
from gezinsaanpak.access import team as team_access


def _role_choices(actor: User, organisation: Organisation) -> list[tuple[str, str]]:
    return [(r, role_label(r)) for r in team_access.assignable_roles(actor, organisation)]


class OrganisationChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Name"), max_length=limits.NAME_MAX)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: User, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(actor, organisation)  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"))

    def __init__(self, *args: Any, actor: User, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(actor, organisation)  # type: ignore[attr-defined]


class OwnerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class DeactivateForm(forms.Form):
    new_owner = OwnerChoiceField(
        label=_("New case owner of their open files"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Needed when this person is case owner of open files."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, deactivate: they cannot log in any more and lose all access at once."),
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        new_owner = self.fields["new_owner"]
        assert isinstance(new_owner, forms.ModelChoiceField)  # noqa: S101 - form wiring
        if member.organisation_id is not None:
            new_owner.queryset = team_access.case_owner_candidates(
                member.organisation_id, besides=member
            )
