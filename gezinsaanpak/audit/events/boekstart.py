"""Access-log events of BoekStart's follow-up contacts (tallies hold no personal data)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.audit.events import Shown, shown_entries
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from accounts.models import User
    from gezinsaanpak.models import Contact

# Where a coach hands a family over to; the family timeline reads ``details["handover"]``.
HANDOVER_TO_LIBRARY = "library"


def _line(
    actor: User, action: str, contact: Contact, fields: Iterable[str], details: log.Details
) -> None:
    entry = log.Entry("contact", contact.pk, contact.family_id, sorted(fields), details)
    log.record_many(actor=actor, action=action, entries=[entry])


def contact_registered(actor: User, contact: Contact) -> None:
    details: log.Details = {"session": str(contact.session_id) if contact.session_id else None}
    _line(actor, Action.CREATE, contact, ("family", "session"), details)


def contact_handed_over(actor: User, contact: Contact) -> None:
    """The coach's warm handover: the library takes the family up for intake."""
    _line(actor, Action.SHARE, contact, ("handed_over_at",), {"handover": HANDOVER_TO_LIBRARY})


def contacts_viewed(actor: User, shown: Iterable[Shown], *, action: str = Action.LIST) -> None:
    """One line per contact shown, naming its family fields (the read model's)."""
    log.record_many(actor=actor, action=action, entries=shown_entries(shown, object_type="contact"))
