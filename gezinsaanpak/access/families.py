"""Who may see and change which family file (ARCHITECTURE.md §4).

The organisation boundary always holds. Inside it a user who may see the organisation
(the coordinator) sees every file; everyone else sees only the files they hold a
django-guardian grant on (stored in the direct foreign-key table
``FamilyUserObjectPermission``). Lists are filtered with one ``EXISTS`` on that table's
(user, permission, family) index, with the branch chosen per role in Python — never with
``get_objects_for_user``, which scans the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from uuid import UUID

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from gezinsaanpak.models import Family, FamilyUserObjectPermission

from .fields import FAMILY_FIELDS, NOTHING, FamilyFields
from .lookup import one_or_404
from .roles import Capability, can, roles_with
from .rules import object_rule

VIEW = "gezinsaanpak.view_family"
CHANGE = "gezinsaanpak.change_family"


@cache
def permission_id(codename: str) -> int:
    """The id of a permission row; it never changes while the process runs."""
    app_label, name = codename.split(".")
    return Permission.objects.only("id").get(content_type__app_label=app_label, codename=name).id


def _grants(user: User, codename: str = VIEW) -> QuerySet[FamilyUserObjectPermission]:
    return FamilyUserObjectPermission.objects.filter(
        user_id=user.pk, permission_id=permission_id(codename)
    )


def families_visible_to(user: User) -> QuerySet[Family]:
    """Every family ``user`` may see, as one indexed query; default deny."""
    if not can(user, Capability.VIEW_FAMILY) or user.organisation_id is None:
        return Family.objects.none()
    in_organisation = Family.objects.filter(organisation_id=user.organisation_id).exclude(
        status=Family.Status.ANONYMISED
    )
    if can(user, Capability.SEE_ORGANISATION):
        return in_organisation
    return in_organisation.filter(Exists(_grants(user).filter(content_object_id=OuterRef("pk"))))


def family_for(user: User, family_id: UUID | str) -> Family:
    """One family ``user`` may see; a family they may not see is simply not found."""
    return visible_one_or_404(user, families_visible_to(user), family_id)


_SEEN_BY = "_visible_to_user_id"


def visible_one_or_404(user: User, visible: QuerySet[Family], family_id: UUID | str) -> Family:
    """The family of ``visible`` (a narrowing of ``families_visible_to(user)``), remembered as
    visible to ``user``, so a later rule on this instance in the same request needs no query."""
    family = one_or_404(visible, family_id)
    setattr(family, _SEEN_BY, user.pk)
    return family


def is_visible(user: User, family: Family) -> bool:
    """What ``families_visible_to(user)`` says about one family, with a query only when the
    answer depends on a grant that was not looked up in this request already."""
    if not can(user, Capability.VIEW_FAMILY) or family.organisation_id != user.organisation_id:
        return False
    if family.status == Family.Status.ANONYMISED:
        return False
    if can(user, Capability.SEE_ORGANISATION) or getattr(family, _SEEN_BY, None) == user.pk:
        return True
    return _grants(user).filter(content_object_id=family.pk).exists()


def family_for_change(user: User, family_id: UUID | str) -> Family:
    """A family ``user`` may change, to change it: not a read, so nothing is logged.

    404 for a family they may not see, and for one they may see but not change.
    """
    family = family_for(user, family_id)
    if not may_change(user, family):
        raise Http404
    return family


def may_change(user: User, family: Family) -> bool:
    if not can(user, Capability.CHANGE_FAMILY) or family.organisation_id != user.organisation_id:
        return False
    if can(user, Capability.SEE_ORGANISATION):
        return True
    return _grants(user, CHANGE).filter(content_object_id=family.pk).exists()


@object_rule(Family)
def may_on_family(user: User, capability: Capability, family: Family) -> bool:
    """Object rules for a family: the capability, inside the organisation, on a visible file."""
    if family.organisation_id != user.organisation_id:
        return False
    if capability == Capability.CHANGE_FAMILY:
        return may_change(user, family)
    if capability in (Capability.GRANT_ACCESS, Capability.RECORD_CONSENT):
        return may_change(user, family)
    return is_visible(user, family)


def granted_family_ids(user: User, family_ids: Iterable[UUID]) -> set[UUID]:
    """Which of ``family_ids`` ``user`` holds a view grant on (one query)."""
    ids = list(family_ids)
    if not ids:
        return set()
    return set(
        _grants(user).filter(content_object_id__in=ids).values_list("content_object_id", flat=True)
    )


def family_fields(user: User, family: Family) -> FamilyFields:
    """The fields of ``family`` that ``user`` may see, special categories included or not."""
    return family_fields_many(user, [family])[family.pk]


def family_fields_many(user: User, families: Iterable[Family]) -> dict[UUID, FamilyFields]:
    """:func:`family_fields` for a page of families, with one query for the grants."""
    families = list(families)
    base = FAMILY_FIELDS.get(user.role, NOTHING) if can(user, Capability.VIEW_FAMILY) else NOTHING
    if not base.is_full:
        return {f.pk: base for f in families}
    special = base.with_special_categories()
    granted = _special_category_holders(user, families)
    return {f.pk: special if f.pk in granted else base for f in families}


def _special_category_holders(user: User, families: list[Family]) -> set[UUID]:
    """Special categories need a grant on the file, or being its case owner (§4)."""
    owned = {f.pk for f in families if f.case_owner_id == user.pk}
    return owned | granted_family_ids(user, [f.pk for f in families if f.pk not in owned])


def _same_organisation(user: User, family: Family) -> None:
    if user.organisation_id != family.organisation_id:
        raise ValueError("Grants never cross the organisation boundary.")


def grant(user: User, family: Family, *, change: bool = False) -> None:
    """Let ``user`` see (and optionally change) ``family``. Same organisation only.

    A grant given separately: if the user already held it as the case owner, it now
    stays when the case is handed over (:func:`revoke_case_owner_grant`).
    """
    _same_organisation(user, family)
    codenames = (VIEW, CHANGE) if change else (VIEW,)
    for codename in codenames:
        assign_perm(codename, user, family)
    _rows(user, family, codenames).filter(as_case_owner=True).update(as_case_owner=False)


def grant_case_owner(user: User, family: Family) -> None:
    """The case owner's grant (see and change), marked as coming with the case.

    A view or change grant the user already holds separately is left as it is, so that
    handing the case over later takes away only what came with it.
    """
    _same_organisation(user, family)
    for codename in (VIEW, CHANGE):
        FamilyUserObjectPermission.objects.get_or_create(
            user=user,
            content_object=family,
            permission_id=permission_id(codename),
            defaults={"as_case_owner": True},
        )


def revoke_case_owner_grant(user: User, family: Family) -> bool:
    """Take away what came with the case; a separately given grant stays. ``True`` if any
    row went."""
    deleted, _counts = _rows(user, family, (VIEW, CHANGE)).filter(as_case_owner=True).delete()
    return deleted > 0


def _rows(
    user: User, family: Family, codenames: Iterable[str]
) -> QuerySet[FamilyUserObjectPermission]:
    return FamilyUserObjectPermission.objects.filter(
        user_id=user.pk,
        content_object_id=family.pk,
        permission_id__in=[permission_id(c) for c in codenames],
    )


def revoke(user: User, family: Family) -> None:
    """Take every grant ``user`` holds on ``family`` away, the case owner's too."""
    remove_perm(VIEW, user, family)
    remove_perm(CHANGE, user, family)


def grant_candidates(organisation_id: UUID) -> QuerySet[User]:
    """The colleagues a file of the organisation can be shared with: the one statement."""
    return User.objects.filter(
        organisation_id=organisation_id,
        role__in=roles_with(Capability.RECEIVE_GRANT),
        is_active=True,
    )


def case_owner_candidates(organisation_id: UUID | None) -> QuerySet[User]:
    """The users who may own the organisation's files: ``can(user, OWN_CASES)``, as a query."""
    if organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=organisation_id,
        role__in=roles_with(Capability.OWN_CASES),
        is_active=True,
    )


def may_receive_grant(colleague: User, family: Family) -> bool:
    """Whether ``colleague`` is someone a file can be shared with."""
    return grant_candidates(family.organisation_id).filter(pk=colleague.pk).exists()


def may_receive_change_grant(colleague: User) -> bool:
    return can(colleague, Capability.RECEIVE_CHANGE_GRANT)


def grantees(family: Family) -> QuerySet[User]:
    """Users holding a view grant on ``family`` (for the file page)."""
    holders = FamilyUserObjectPermission.objects.filter(
        content_object=family, permission_id=permission_id(VIEW)
    ).values("user_id")
    return User.objects.filter(pk__in=holders).select_related("organisation")
