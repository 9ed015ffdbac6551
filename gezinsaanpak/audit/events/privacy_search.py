"""Access-log events of the privacy officer's family search (issue 14, point 1).

One SEARCH line for the search itself, naming the kind of search and how many files were
found (never the term), and one SEARCH line per file found, naming the fields returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.audit.events import Shown, shown_entries
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from accounts.models import User

OBJECT_TYPE = "privacy_family_search"
VIA = "privacy_search"


def privacy_family_searched(actor: User, *, kind: str, found: Sequence[Shown]) -> None:
    search = log.Entry(OBJECT_TYPE, None, None, (), {"kind": kind, "found": len(found)})
    families = [
        log.Entry(e.object_type, e.object_id, e.family_id, e.fields, {"via": VIA})
        for e in shown_entries(found, object_type="family")
    ]
    log.record_many(actor=actor, action=Action.SEARCH, entries=[search, *families])
