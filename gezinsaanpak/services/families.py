"""Writes to family files: check ``access.may``, validate, save, grant and log at once.

Each write logs the write and nothing else: the target is fetched with the unlogged
``access.family_for_change`` (by the caller), and one line per object changed names the
fields that changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.access.fields import (
    CAREGIVER_INPUT_FIELDS,
    CHILD_INPUT_FIELDS,
    FAMILY_INPUT_FIELDS,
)
from gezinsaanpak.audit.events import families as events
from gezinsaanpak.models import Caregiver, Child, Family

from . import family_access
from .errors import ServiceError
from .restriction import Refused, require_unrestricted

__all__ = ["CAREGIVER_INPUT_FIELDS", "CHILD_INPUT_FIELDS", "FAMILY_INPUT_FIELDS"]


def _assign(instance: Any, data: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Copy allowed keys onto ``instance``; return the names whose value changed."""
    changed = []
    for name in allowed:
        if name in data and getattr(instance, name, None) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


def _require_change(actor: User, family: Family) -> None:
    """The check before every change to a file: 404 when not allowed, refused when restricted."""
    if not access.may(actor, Capability.CHANGE_FAMILY, family):
        raise Http404
    require_unrestricted(family, Refused.CHANGE)


@transaction.atomic
def family_create(
    *,
    actor: User,
    data: Mapping[str, Any],
    caregivers: Iterable[Mapping[str, Any]] = (),
    children: Iterable[Mapping[str, Any]] = (),
    status: str = Family.Status.INTAKE,
) -> Family:
    """Register a family in the actor's organisation; a specialist becomes its case owner."""
    if not access.may(actor, Capability.CREATE_FAMILY):
        raise Http404
    return family_create_unchecked(
        actor=actor, data=data, caregivers=caregivers, children=children, status=status
    )


def family_create_unchecked(
    *,
    actor: User,
    data: Mapping[str, Any],
    caregivers: Iterable[Mapping[str, Any]],
    children: Iterable[Mapping[str, Any]],
    status: str,
) -> Family:
    """Validate, save and log a new file. NO permission check: the caller decided who may.

    Shared by :func:`family_create` and the BoekStart coach's follow-up contact, which
    has its own rule for who may register a family. Runs inside the caller's transaction.
    """
    if actor.organisation_id is None:
        raise Http404
    family = Family(organisation_id=actor.organisation_id, status=status)
    if access.can(actor, Capability.OWN_CASES):
        family.case_owner = actor
    _assign(family, data, FAMILY_INPUT_FIELDS)
    family.full_clean()
    family.save()
    events.family_created(actor, family, [n for n in FAMILY_INPUT_FIELDS if n in data])
    if family.case_owner is not None:
        access.families.grant_case_owner(family.case_owner, family)
    for caregiver_data in caregivers:
        _save_member(actor, Caregiver(family=family), caregiver_data, CAREGIVER_INPUT_FIELDS)
    for child_data in children:
        _save_member(actor, Child(family=family), child_data, CHILD_INPUT_FIELDS)
    return family


def _save_member[M: Caregiver | Child](
    actor: User, member: M, data: Mapping[str, Any], allowed: Iterable[str]
) -> M:
    """Save a caregiver or child if it is new or changed, and log the field names."""
    adding = member._state.adding
    changed = _assign(member, data, allowed)
    if changed or adding:
        member.full_clean()
        member.save()
        if adding:
            events.member_created(actor, member, changed)
        else:
            events.member_updated(actor, member, changed)
    return member


@transaction.atomic
def family_update(
    *,
    actor: User,
    family: Family,
    data: Mapping[str, Any],
    case_owner_id: UUID | None = None,
) -> list[str]:
    """Change the file's own fields; one UPDATE line naming them. Returns what changed.

    ``case_owner_id`` (a coordinator) hands the file to that case owner in the same
    transaction: all of the change, or none of it.
    """
    _require_change(actor, family)
    changed = _assign(family, data, FAMILY_INPUT_FIELDS)
    if changed:
        family.full_clean()
        family.save()
        events.family_updated(actor, family, changed)
    if case_owner_id is not None and case_owner_id != family.case_owner_id:
        family_access.family_assign_owner_by_id(actor=actor, family=family, owner_id=case_owner_id)
        changed.append("case_owner")
    return changed


@transaction.atomic
def caregiver_save(
    *, actor: User, family: Family, data: Mapping[str, Any], caregiver_id: UUID | None = None
) -> Caregiver:
    """Add a caregiver to the file, or change one (looked up within this family only)."""
    _require_change(actor, family)
    if caregiver_id is None:
        caregiver = Caregiver(family=family)
    else:
        caregiver = access.one_or_404(family.caregivers.all(), caregiver_id)
    return _save_member(actor, caregiver, data, CAREGIVER_INPUT_FIELDS)


@transaction.atomic
def child_save(
    *, actor: User, family: Family, data: Mapping[str, Any], child_id: UUID | None = None
) -> Child:
    """Add a child to the file, or change one (looked up within this family only)."""
    _require_change(actor, family)
    child = (
        Child(family=family)
        if child_id is None
        else access.one_or_404(family.children.all(), child_id)
    )
    return _save_member(actor, child, data, CHILD_INPUT_FIELDS)


@transaction.atomic
def member_delete(*, actor: User, family: Family, kind: str, member_id: UUID) -> None:
    """Remove a caregiver or child (``kind``) from the file."""
    _require_change(actor, family)
    member: Caregiver | Child
    if kind == "caregiver":
        member = access.one_or_404(family.caregivers.all(), member_id)
    else:
        member = access.one_or_404(family.children.all(), member_id)
    events.member_deleted(actor, member)
    member.delete()


@transaction.atomic
def family_edit(
    *,
    actor: User,
    family: Family,
    data: Mapping[str, Any],
    members: Iterable[tuple[str, UUID | None, Mapping[str, Any] | None]],
) -> None:
    """The edit page at once: the file's fields, then each member (``None`` data: delete)."""
    family_update(actor=actor, family=family, data=data)
    for kind, member_id, member_data in members:
        if member_data is None:
            if member_id is not None:
                member_delete(actor=actor, family=family, kind=kind, member_id=member_id)
        elif kind == "caregiver":
            caregiver_save(actor=actor, family=family, data=member_data, caregiver_id=member_id)
        else:
            child_save(actor=actor, family=family, data=member_data, child_id=member_id)


@transaction.atomic
def family_set_status(
    *,
    actor: User,
    family: Family,
    status: str,
    close_reason: str = "",
    on: datetime.date | None = None,
) -> Family:
    """Move a family along its lifecycle: referred → intake → active → closed."""
    _require_change(actor, family)
    if not family.can_move_to(status):
        raise ServiceError(_("A file cannot go from this status to the chosen one."))
    family.status = status
    if status == Family.Status.CLOSED:
        family.closed_on = on or timezone.localdate()
        family.close_reason = close_reason
    else:
        family.closed_on = None
        family.close_reason = ""
    family.full_clean()
    family.save()
    events.family_status_changed(actor, family)
    return family
