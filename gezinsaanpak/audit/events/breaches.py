"""Access-log events of the breach register: ids and field names, never what was written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from accounts.models import User
    from gezinsaanpak.models.breach import Breach

OBJECT_TYPE = "breach"


def breach_created(actor: User, breach: Breach, *, fields: Sequence[str]) -> None:
    log.record(
        actor=actor,
        action=Action.CREATE,
        object_type=OBJECT_TYPE,
        object_id=breach.pk,
        fields=fields,
    )


def breach_updated(actor: User, breach: Breach, *, fields: Sequence[str]) -> None:
    log.record(
        actor=actor,
        action=Action.UPDATE,
        object_type=OBJECT_TYPE,
        object_id=breach.pk,
        fields=fields,
    )


def breaches_listed(actor: User, *, fields: Sequence[str]) -> None:
    log.record(actor=actor, action=Action.LIST, object_type=OBJECT_TYPE, fields=fields)


def breach_read(actor: User, breach: Breach, *, fields: Sequence[str]) -> None:
    log.record(
        actor=actor,
        action=Action.READ,
        object_type=OBJECT_TYPE,
        object_id=breach.pk,
        fields=fields,
    )


def breach_scoped(actor: User, breach: Breach, *, filters: Sequence[str]) -> None:
    """The access log was searched for an actor and a period to scope the incident."""
    log.record(
        actor=actor,
        action=Action.SEARCH,
        object_type="access_log",
        object_id=breach.pk,
        details={"filters": sorted(filters), "breach": str(breach.pk)},
    )
