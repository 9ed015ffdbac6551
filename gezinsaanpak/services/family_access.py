"""Who works on a file: giving colleagues access, taking it away, handing the case over.

A grant is logged as ``share`` with the grantee, a revocation as ``update`` with who lost
access and why (``audit.events.families``); the file's timeline tells both in words.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.audit.events import families as events
from gezinsaanpak.models import Family

from .errors import ServiceError


def _require_grant_access(actor: User, family: Family) -> None:
    if not access.may(actor, Capability.GRANT_ACCESS, family):
        raise Http404


@transaction.atomic
def family_grant_colleague(
    *, actor: User, family: Family, colleague: User, change: bool = False
) -> None:
    """Give a colleague of the same organisation access to a file."""
    _require_grant_access(actor, family)
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


@transaction.atomic
def family_assign_owner(*, actor: User, family: Family, owner: User) -> Family:
    """Hand a file to another specialist: the new owner gains access, the old one loses it."""
    if not access.may(actor, Capability.ASSIGN_CASE_OWNER, family):
        raise Http404
    if owner.organisation_id != family.organisation_id or not access.can(
        owner, Capability.OWN_CASES
    ):
        raise ServiceError(_("The case owner is a specialist of your own organisation."))
    previous = family.case_owner
    family.case_owner = owner
    family.save(update_fields=["case_owner", "updated_at"])
    if previous is not None and previous != owner:
        access.families.revoke(previous, family)
    access.families.grant(owner, family, change=True)
    events.case_owner_assigned(actor, family, previous)
    return family
