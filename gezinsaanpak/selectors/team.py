"""The organisation's team as its coordinator sees it: who works here, in which role.

Staff names and roles are not a family's data: the access log records reads of family
files, so reading the team writes no line. The case owner drop-downs come from here too.
"""

from __future__ import annotations

from uuid import UUID

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access import Capability

from .paging import page_of


def team_members_for(user: User, *, may_own_cases: bool = False) -> QuerySet[User]:
    """The users of ``user``'s organisation, by name; 404 for anyone but its coordinator.

    ``may_own_cases``: only the active users who may be a file's case owner (the
    drop-downs), the same as ``access.can(member, Capability.OWN_CASES)``.
    """
    if not access.can(user, Capability.LIST_TEAM) or user.organisation_id is None:
        raise Http404
    if may_own_cases:
        members = access.families.case_owner_candidates(user.organisation_id)
    else:
        members = User.objects.filter(organisation_id=user.organisation_id)
    return members.order_by("name", "id")


def team_page(user: User, *, page: int | str | None, strict: bool = False) -> Page[User]:
    return page_of(team_members_for(user), page, strict=strict)


def case_owner_for(user: User, owner_id: UUID | str) -> User | None:
    """The member who may own cases with this id, or ``None`` (not found or not suitable)."""
    return team_members_for(user, may_own_cases=True).filter(pk=owner_id).first()


def case_owner_filter_choices(user: User) -> QuerySet[User]:
    """The owners to filter the family list by: who may own cases now, and whoever still
    owns a file (a colleague who left keeps theirs until they are handed over)."""
    owning = access.families_visible_to(user).filter(case_owner__isnull=False)
    candidates = access.families.case_owner_candidates(user.organisation_id)
    return team_members_for(user).filter(
        Q(pk__in=owning.values("case_owner_id")) | Q(pk__in=candidates.values("pk"))
    )
