"""The access log's vocabulary: one typed function per kind of event (Saleor's ``events.py``).

One module per domain (``families``, ``placements``, ``referrals``, ``boekstart``,
``access_log``, ``accounts``). Each function names the action, the object, the family, the
exact field names and structured ``details`` (ids and kinds, never values), and writes
through :mod:`gezinsaanpak.audit.log` in the caller's transaction. Services and selectors
call these, never the writer itself.

- A write logs the write: ``family_updated(actor, family, fields=[…changed…])``.
- A page logs what it shows: ``families_viewed(actor, records)`` takes the read models the
  page renders and logs each one's own field names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from uuid import UUID

from gezinsaanpak.audit.log import Entry


class Shown(Protocol):
    """What a page showed of one object: a selector's read model."""

    entity: str
    pk: Any
    family_id: UUID | None

    def field_names(self) -> list[str]: ...


def shown_entries(shown: Iterable[Shown], *, object_type: str | None = None) -> list[Entry]:
    """One line per object shown, naming exactly the fields its read model holds."""
    return [
        Entry(
            object_type=object_type or item.entity,
            object_id=item.pk,
            family_id=item.family_id,
            fields=item.field_names(),
        )
        for item in shown
    ]


def ids(objects: Sequence[Any]) -> list[str]:
    return [str(obj.pk) for obj in objects]
