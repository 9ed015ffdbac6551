"""Who may see which family, and which of its fields (ARCHITECTURE.md §4).

The organisation boundary always holds. Inside it a coordinator sees the whole
organisation; everyone else sees only the families they hold a django-guardian grant on
(stored in the direct foreign-key table ``FamilyUserObjectPermission``). Lists are filtered
with one ``EXISTS`` on that table's (user, permission, family) index, with the branch
chosen per role in Python — never with ``get_objects_for_user``, which scans the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Role, User
from gezinsaanpak.models import Family, FamilyUserObjectPermission

VIEW = "gezinsaanpak.view_family"
CHANGE = "gezinsaanpak.change_family"


@dataclass(frozen=True)
class FieldSet:
    """The fields of a family file one role may see."""

    family: frozenset[str]
    caregiver: frozenset[str]
    child: frozenset[str]

    def names(self) -> list[str]:
        """Field names for the access log, qualified by the record they belong to."""
        return sorted(
            [f"family.{name}" for name in self.family]
            + [f"caregiver.{name}" for name in self.caregiver]
            + [f"child.{name}" for name in self.child]
        )


_ADDRESS = {"postcode", "house_number", "street", "city"}
_CASE = {"status", "municipality", "opened_on", "closed_on", "close_reason", "case_owner"}
_LANGUAGES = {"home_languages", "reading_languages"}

FULL = FieldSet(
    family=frozenset(
        _ADDRESS
        | _CASE
        | _LANGUAGES
        | {"phone", "email", "notes", "second_participation", "restricted_processing"}
    ),
    caregiver=frozenset(
        {
            "given_name",
            "family_name",
            "relation",
            "legal_authority",
            "languages",
            "literacy_concern",
        }
    ),
    child=frozenset({"given_name", "date_of_birth", "birth_month", "development_concern"}),
)
CONTACT = FieldSet(
    family=frozenset(_ADDRESS | _LANGUAGES | {"status", "municipality", "phone", "email"}),
    caregiver=frozenset({"given_name", "family_name", "relation", "languages"}),
    child=frozenset({"given_name", "birth_month"}),
)
VISIT = FieldSet(
    family=frozenset(_ADDRESS | _LANGUAGES | {"phone"}),
    caregiver=frozenset({"given_name", "languages"}),
    child=frozenset({"given_name"}),
)
NOTHING = FieldSet(frozenset(), frozenset(), frozenset())

FIELD_SETS: dict[str, FieldSet] = {
    Role.COORDINATOR: FULL,
    Role.SPECIALIST: FULL,
    Role.COACH: CONTACT,
    Role.VOLUNTEER: VISIT,
}

# Roles that reach families through grants; the coordinator sees the organisation.
GRANTED_ROLES = frozenset({Role.SPECIALIST, Role.COACH, Role.VOLUNTEER})
# Roles that may open and edit a file (volunteers and coaches only see their field set).
CASE_WORKERS = frozenset({Role.COORDINATOR, Role.SPECIALIST})


def field_set(user: User) -> FieldSet:
    return FIELD_SETS.get(user.role, NOTHING)


def _permission_id(codename: str) -> int:
    app_label, name = codename.split(".")
    return Permission.objects.only("id").get(content_type__app_label=app_label, codename=name).id


def families_visible_to(user: User) -> QuerySet[Family]:
    """Every family ``user`` may see, as one indexed query; default deny."""
    if not user.is_active or user.organisation_id is None:
        return Family.objects.none()
    in_organisation = Family.objects.filter(organisation_id=user.organisation_id).exclude(
        status=Family.Status.ANONYMISED
    )
    if user.role == Role.COORDINATOR:
        return in_organisation
    if user.role in GRANTED_ROLES:
        grant = FamilyUserObjectPermission.objects.filter(
            user_id=user.pk, permission_id=_permission_id(VIEW), content_object_id=OuterRef("pk")
        )
        return in_organisation.filter(Exists(grant))
    return Family.objects.none()


def family_for(user: User, family_id: UUID | str) -> Family:
    """One family ``user`` may see; a family they may not see is simply not found."""
    try:
        return families_visible_to(user).get(pk=family_id)
    except (Family.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def may_change(user: User, family: Family) -> bool:
    if user.role == Role.COORDINATOR:
        return family.organisation_id == user.organisation_id
    if user.role == Role.SPECIALIST:
        return user.has_perm(CHANGE, family)
    return False


def grant(user: User, family: Family, *, change: bool = False) -> None:
    """Let ``user`` see (and optionally change) ``family``. Same organisation only."""
    if user.organisation_id != family.organisation_id:
        raise ValueError("Grants never cross the organisation boundary.")
    assign_perm(VIEW, user, family)
    if change:
        assign_perm(CHANGE, user, family)


def revoke(user: User, family: Family) -> None:
    remove_perm(VIEW, user, family)
    remove_perm(CHANGE, user, family)


def grantees(family: Family) -> QuerySet[User]:
    """Users holding a view grant on ``family`` (for the file page)."""
    holders = FamilyUserObjectPermission.objects.filter(
        content_object=family, permission_id=_permission_id(VIEW)
    ).values("user_id")
    return User.objects.filter(pk__in=holders).select_related("organisation")
