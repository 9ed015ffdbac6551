"""Writing the breach register: record an incident, change it, store its scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.http import Http404

from gezinsaanpak.audit.events import breaches as events
from gezinsaanpak.models.breach import Breach
from gezinsaanpak.selectors.breaches import Scope, organisation_of

if TYPE_CHECKING:
    from accounts.models import User

EDITABLE = (
    "found_at",
    "what_happened",
    "which_data",
    "cause",
    "measures",
    "report_to_authority",
    "report_reason",
    "reported_at",
    "subjects_informed",
    "subjects_informed_at",
)


def _check(actor: User, breach: Breach | None = None) -> UUID:
    organisation_id = organisation_of(actor)
    if breach is not None and breach.organisation_id != organisation_id:
        raise Http404
    return organisation_id


def breach_create(*, actor: User, data: dict[str, Any]) -> Breach:
    organisation_id = _check(actor)
    values = {name: data[name] for name in EDITABLE if name in data and data[name] is not None}
    breach = Breach(organisation_id=organisation_id, recorded_by=actor, **values)
    breach.full_clean()
    with transaction.atomic():
        breach.save()
        events.breach_created(actor, breach, fields=sorted(values))
    return breach


def breach_update(*, actor: User, breach: Breach, data: dict[str, Any]) -> Breach:
    _check(actor, breach)
    changed = []
    for name in EDITABLE:
        if name in data and getattr(breach, name) != data[name]:
            setattr(breach, name, data[name])
            changed.append(name)
    if not changed:
        return breach
    breach.full_clean()
    with transaction.atomic():
        breach.save(update_fields=changed)
        events.breach_updated(actor, breach, fields=changed)
    return breach


def breach_store_scope(*, actor: User, breach: Breach, scope: Scope) -> Breach:
    """Keep the family ids the scoping found (ids only) in the incident."""
    _check(actor, breach)
    breach.scoped_family_ids = list(scope.family_ids)
    breach.full_clean()
    with transaction.atomic():
        breach.save(update_fields=["scoped_family_ids"])
        events.breach_updated(actor, breach, fields=["scoped_family_ids"])
    return breach
