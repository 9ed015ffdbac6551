"""Access-log events about the access log itself: reading it is logged, and so is a refusal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from gezinsaanpak.audit import log
from gezinsaanpak.models.audit import Action, Outcome

if TYPE_CHECKING:
    from accounts.models import User

OBJECT_TYPE = "access_log"


def _line(
    actor: User, action: str, outcome: str, family_id: UUID | None, filters: Sequence[str]
) -> None:
    # ``details["filters"]`` names the filters used (family, actor, since, until), never
    # their values; the family filter's id is the line's family.
    entry = log.Entry(OBJECT_TYPE, None, family_id, (), {"filters": sorted(filters)})
    log.record_many(actor=actor, action=action, entries=[entry], outcome=outcome)


def access_log_read(actor: User, *, family_id: UUID | None, filters: Sequence[str]) -> None:
    _line(actor, Action.READ, Outcome.SUCCESS, family_id, filters)


def access_log_denied(actor: User, *, family_id: UUID | None, filters: Sequence[str]) -> None:
    _line(actor, Action.DENIED, Outcome.DENIED, family_id, filters)


def access_log_read_in_admin(actor: User, *, line_id: str | None = None) -> None:
    """A superuser opened the admin's list of lines, or one line (``line_id``)."""
    entry = log.Entry(OBJECT_TYPE, line_id, None, (), {"via": "admin"})
    log.record_many(actor=actor, action=Action.READ, entries=[entry])


def access_log_pruned(
    *, chain: str, checkpoint_id: UUID, through_sequence: int, removed: int, by: str
) -> None:
    """Lines of ``chain`` up to ``through_sequence`` were removed after their retention
    period, behind the checkpoint ``checkpoint_id``. A line of the system chain, whatever
    chain was pruned: so a chain nobody writes to any more can be pruned empty."""
    details: log.Details = {
        "chain": chain,
        "through_sequence": through_sequence,
        "removed": removed,
        "by": by,
    }
    log.record(
        actor=None,
        actor_label="prune_access_log",
        action=Action.DELETE,
        object_type=OBJECT_TYPE,
        object_id=checkpoint_id,
        details=details,
    )
