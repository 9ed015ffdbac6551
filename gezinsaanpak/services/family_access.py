"""Who works on a file: giving colleagues access, taking it away, handing the case over.

A grant is logged as ``share`` with the grantee, a revocation as ``update`` with who lost
access and why (``audit.events.families``); the file's timeline tells both in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak import access, limits
from gezinsaanpak.access import Capability
from gezinsaanpak.audit.events import families as events
from gezinsaanpak.models import Family

from .errors import ServiceError
from .restriction import Refused, require_unrestricted


def _require_grant_access(actor: User, family: Family) -> None:
    if not access.may(actor, Capability.GRANT_ACCESS, family):
        raise Http404


@transaction.atomic
def family_grant_colleague(
    *, actor: User, family: Family, colleague: User, change: bool = False
) -> None:
    """Give a colleague of the same organisation access to a file."""
    _require_grant_access(actor, family)
    require_unrestricted(family, Refused.SHARE)
    if colleague.organisation_id != family.organisation_id or not colleague.is_active:
        raise ServiceError(_("You can only give access to colleagues of your own organisation."))
    if not access.families.may_receive_grant(colleague, family):
        raise ServiceError(_("You can give access to specialists and BoekStart coaches."))
    change = change and access.families.may_receive_change_grant(colleague)
    access.families.grant(colleague, family, change=change)
    events.access_granted(actor, family, colleague, change=change)


@transaction.atomic
def family_revoke_colleague(*, actor: User, family: Family, colleague_id: UUID | str) -> None:
    """Take a colleague's access away; the case owner keeps theirs until replaced."""
    _require_grant_access(actor, family)
    colleague = access.families.grantees(family).filter(pk=colleague_id).first()
    if colleague is None:
        raise Http404
    if family.case_owner_id == colleague.pk:
        raise ServiceError(_("Choose another case owner first."))
    access.families.revoke(colleague, family)
    events.access_revoked(actor, family, colleague)


def _owner_refused() -> ServiceError:
    return ServiceError(
        _("Choose an active specialist of your own organisation as case owner."),
        field="case_owner",
    )


def _require_owner_candidate(owner: User, organisation_id: UUID | None) -> None:
    if owner.organisation_id != organisation_id or not access.can(owner, Capability.OWN_CASES):
        raise _owner_refused()


def family_assign_owner_by_id(*, actor: User, family: Family, owner_id: UUID) -> Family:
    """:func:`family_assign_owner` with the owner's id, as the API sends it.

    A user who sees and changes the file but may not choose its owner is told so (the
    file itself is not hidden from them); an id that is nobody suitable in the
    organisation gets the same message whether the user exists elsewhere or not at all.
    """
    if not access.may(actor, Capability.ASSIGN_CASE_OWNER, family):
        raise ServiceError(_("Only a coordinator can choose the case owner."), field="case_owner")
    owner = access.families.case_owner_candidates(family.organisation_id).filter(pk=owner_id)
    found = owner.first()
    if found is None:
        raise _owner_refused()
    return family_assign_owner(actor=actor, family=family, owner=found)


@transaction.atomic
def family_assign_owner(*, actor: User, family: Family, owner: User) -> Family:
    """Hand a file to another specialist, with the grants, in one transaction.

    The new owner gains the case owner's grant; the previous owner loses it, and keeps
    access only through a grant given separately. The same owner again changes nothing.
    """
    if not access.may(actor, Capability.ASSIGN_CASE_OWNER, family):
        raise Http404
    _require_owner_candidate(owner, family.organisation_id)
    if family.case_owner_id == owner.pk:
        access.families.grant_case_owner(owner, family)
        return family
    previous = family.case_owner
    family.case_owner = owner
    family.save(update_fields=["case_owner", "updated_at"])
    access.families.grant_case_owner(owner, family)
    events.case_owner_assigned(actor, family, previous)
    if previous is not None and access.families.revoke_case_owner_grant(previous, family):
        events.access_revoked(actor, family, previous, why=events.CASE_OWNER_CHANGED)
    return family


@transaction.atomic
def families_assign_owner(
    *, actor: User, family_ids: Iterable[UUID | str], owner: User
) -> list[Family]:
    """:func:`family_assign_owner` for many files: all of them, or none.

    A file the actor may not change (or that does not exist) refuses the whole batch
    with a 404, before anything is written.
    """
    if not access.can(actor, Capability.ASSIGN_CASE_OWNER):
        raise Http404
    ids = _distinct_ids(family_ids)
    if not ids:
        raise ServiceError(_("Choose at least one file."), field="families")
    if len(ids) > limits.CASE_OWNER_BATCH_MAX:
        message = _("Choose at most %(max)d files at once.") % {"max": limits.CASE_OWNER_BATCH_MAX}
        raise ServiceError(message, field="families")
    families = list(
        access.families_visible_to(actor).filter(pk__in=ids).select_for_update().order_by("pk")
    )
    if len(families) != len(ids):
        raise Http404
    _require_owner_candidate(owner, actor.organisation_id)
    return [family_assign_owner(actor=actor, family=f, owner=owner) for f in families]


def _distinct_ids(values: Iterable[UUID | str]) -> list[UUID]:
    """The ids once each; a value that is not a UUID is a file that does not exist."""
    ids: list[UUID] = []
    for value in values:
        try:
            family_id = value if isinstance(value, UUID) else UUID(str(value))
        except ValueError:
            raise Http404 from None
        if family_id not in ids:
            ids.append(family_id)
    return ids
