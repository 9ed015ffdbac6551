"""Writes to family files. Each one checks access, validates, saves, grants and logs at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from gezinsaanpak import access
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import Caregiver, Child, Family
from gezinsaanpak.models.audit import Action

from .errors import ServiceError

M = TypeVar("M", bound=models.Model)

# The fields a family file, caregiver or child takes as input: forms, serializers and
# services share these lists.
FAMILY_INPUT_FIELDS = (
    "municipality",
    "postcode",
    "house_number",
    "street",
    "city",
    "phone",
    "email",
    "home_languages",
    "reading_languages",
    "second_participation",
    "notes",
)
CAREGIVER_INPUT_FIELDS = (
    "given_name",
    "family_name",
    "relation",
    "legal_authority",
    "languages",
    "literacy_concern",
)
CHILD_INPUT_FIELDS = ("given_name", "date_of_birth", "development_concern")


def may_create_family(user: User) -> bool:
    return user.is_active and user.role in access.CASE_WORKERS and user.organisation_id is not None


def _log(actor: User, action: str, obj: Family | Caregiver | Child, fields: Iterable[str]) -> None:
    family_id = obj.pk if isinstance(obj, Family) else obj.family_id
    access_log.record(
        actor=actor,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        family_id=family_id,
        fields=sorted(fields),
    )


def _assign(instance: Any, data: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Copy allowed keys onto ``instance``; return the names whose value changed."""
    changed = []
    for name in allowed:
        if name in data and getattr(instance, name, None) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


def _require_change(actor: User, family: Family) -> None:
    if not access.may_change(actor, family):
        raise Http404
    if family.restricted_processing:
        raise ServiceError(_("Processing of this file is restricted. It cannot be changed now."))


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
    if not may_create_family(actor):
        raise Http404
    return create_family_file(
        actor=actor, data=data, caregivers=caregivers, children=children, status=status
    )


def create_family_file(
    *,
    actor: User,
    data: Mapping[str, Any],
    caregivers: Iterable[Mapping[str, Any]],
    children: Iterable[Mapping[str, Any]],
    status: str,
) -> Family:
    """Validate, save and log a new file. No permission check: callers decide who may.

    Shared by :func:`family_create` and the BoekStart coach's follow-up contact, which
    has its own rule for who may register a family. Runs inside the caller's transaction.
    """
    if actor.organisation_id is None:  # the callers checked this already
        raise Http404
    family = Family(organisation_id=actor.organisation_id, status=status)
    if actor.role == Role.SPECIALIST:
        family.case_owner = actor
    _assign(family, data, FAMILY_INPUT_FIELDS)
    family.full_clean()
    family.save()
    _log(actor, Action.CREATE, family, [n for n in FAMILY_INPUT_FIELDS if n in data])
    if family.case_owner is not None:
        access.grant(family.case_owner, family, change=True)
    for caregiver_data in caregivers:
        _save_member(actor, Caregiver(family=family), caregiver_data, CAREGIVER_INPUT_FIELDS)
    for child_data in children:
        _save_member(actor, Child(family=family), child_data, CHILD_INPUT_FIELDS)
    return family


def _save_member[M: models.Model](
    actor: User, member: M, data: Mapping[str, Any], allowed: Iterable[str]
) -> M:
    """Save a caregiver or child if it is new or changed, and log the field names."""
    adding = member._state.adding
    changed = _assign(member, data, allowed)
    if changed or adding:
        member.full_clean()
        member.save()
        _log(actor, Action.CREATE if adding else Action.UPDATE, member, changed)  # type: ignore[arg-type]
    return member


@transaction.atomic
def family_update(*, actor: User, family: Family, data: Mapping[str, Any]) -> Family:
    _require_change(actor, family)
    changed = _assign(family, data, FAMILY_INPUT_FIELDS)
    if changed:
        family.full_clean()
        family.save()
        _log(actor, Action.UPDATE, family, changed)
    return family


@transaction.atomic
def caregiver_save(
    *, actor: User, family: Family, data: Mapping[str, Any], caregiver_id: UUID | None = None
) -> Caregiver:
    """Add a caregiver to the file, or change one (looked up within this family only)."""
    _require_change(actor, family)
    if caregiver_id is None:
        caregiver = Caregiver(family=family)
    else:
        caregiver = _member(family.caregivers.all(), caregiver_id)
    return _save_member(actor, caregiver, data, CAREGIVER_INPUT_FIELDS)


@transaction.atomic
def child_save(
    *, actor: User, family: Family, data: Mapping[str, Any], child_id: UUID | None = None
) -> Child:
    """Add a child to the file, or change one (looked up within this family only)."""
    _require_change(actor, family)
    child = Child(family=family) if child_id is None else _member(family.children.all(), child_id)
    return _save_member(actor, child, data, CHILD_INPUT_FIELDS)


def _member[M: models.Model](members: QuerySet[M], member_id: UUID) -> M:
    try:
        return members.get(pk=member_id)
    except (ObjectDoesNotExist, ValidationError, ValueError):
        raise Http404 from None


@transaction.atomic
def member_delete(*, actor: User, family: Family, kind: str, member_id: UUID) -> None:
    """Remove a caregiver or child (``kind``) from the file."""
    _require_change(actor, family)
    member: Caregiver | Child
    if kind == "caregiver":
        member = _member(family.caregivers.all(), member_id)
    else:
        member = _member(family.children.all(), member_id)
    _log(actor, Action.DELETE, member, [])
    member.delete()


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
    _log(actor, Action.UPDATE, family, ["status", "closed_on", "close_reason"])
    return family


@transaction.atomic
def family_grant_colleague(
    *, actor: User, family: Family, colleague: User, change: bool = False
) -> None:
    """Give a colleague of the same organisation access to a file."""
    if not access.may_change(actor, family):
        raise Http404
    if colleague.organisation_id != family.organisation_id or not colleague.is_active:
        raise ServiceError(_("You can only give access to colleagues of your own organisation."))
    if colleague.role not in (Role.SPECIALIST, Role.COACH):
        raise ServiceError(_("You can give access to specialists and BoekStart coaches."))
    access.grant(colleague, family, change=change and colleague.role == Role.SPECIALIST)
    access_log.record(
        actor=actor,
        action=Action.SHARE,
        object_type="family",
        object_id=family.pk,
        family_id=family.pk,
        reason=f"grant:{colleague.pk}",
    )


@transaction.atomic
def family_revoke_colleague(*, actor: User, family: Family, colleague: User) -> None:
    if not access.may_change(actor, family):
        raise Http404
    if family.case_owner_id == colleague.pk:
        raise ServiceError(_("Choose another case owner first."))
    access.revoke(colleague, family)
    access_log.record(
        actor=actor,
        action=Action.UPDATE,
        object_type="family",
        object_id=family.pk,
        family_id=family.pk,
        reason=f"revoke:{colleague.pk}",
    )


@transaction.atomic
def family_assign_owner(*, actor: User, family: Family, owner: User) -> Family:
    """Hand a file to another specialist: the new owner gains access, the old one loses it."""
    if actor.role != Role.COORDINATOR or family.organisation_id != actor.organisation_id:
        raise Http404
    if owner.organisation_id != family.organisation_id or owner.role != Role.SPECIALIST:
        raise ServiceError(_("The case owner is a specialist of your own organisation."))
    previous = family.case_owner
    family.case_owner = owner
    family.save(update_fields=["case_owner", "updated_at"])
    if previous is not None and previous != owner:
        access.revoke(previous, family)
    access.grant(owner, family, change=True)
    _log(actor, Action.UPDATE, family, ["case_owner"])
    return family
