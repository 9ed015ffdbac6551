"""Access-log events of the family case file: its families, caregivers, children, consents.

Writes name the fields they changed (unqualified: the line's object says whose); reads
name the qualified fields of the read models the page or response showed. Grants and
revocations are one action family: a grant is ``share`` with ``{"grantee", "change"}``,
a revocation ``update`` with ``{"revoked", "why"}``; the timeline reads those details.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.audit.events import Shown, shown_entries
from gezinsaanpak.models import Caregiver, Child, Consent, Family
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from uuid import UUID

    from accounts.models import User

Member = Caregiver | Child

# Why a grant ended: short codes in ``details["why"]``.
REVOKED_BY_COLLEAGUE = "revoked"
CASE_OWNER_CHANGED = "case_owner_changed"


def _family_line(
    actor: User,
    action: str,
    family: Family,
    fields: Iterable[str] = (),
    details: log.Details | None = None,
) -> None:
    entry = log.Entry("family", family.pk, family.pk, sorted(fields), details)
    log.record_many(actor=actor, action=action, entries=[entry])


def family_created(actor: User, family: Family, fields: Iterable[str]) -> None:
    _family_line(actor, Action.CREATE, family, fields)


def family_updated(actor: User, family: Family, fields: Sequence[str]) -> None:
    """One UPDATE line naming the changed fields; nothing when nothing changed."""
    if fields:
        _family_line(actor, Action.UPDATE, family, fields)


def family_status_changed(actor: User, family: Family) -> None:
    fields = ("status", "closed_on", "close_reason")
    _family_line(actor, Action.UPDATE, family, fields, {"status": family.status})


def _member_line(actor: User, action: str, member: Member, fields: Iterable[str]) -> None:
    kind = member._meta.model_name or ""
    entry = log.Entry(kind, member.pk, member.family_id, sorted(fields))
    log.record_many(actor=actor, action=action, entries=[entry])


def member_created(actor: User, member: Member, fields: Iterable[str]) -> None:
    _member_line(actor, Action.CREATE, member, fields)


def member_updated(actor: User, member: Member, fields: Sequence[str]) -> None:
    if fields:
        _member_line(actor, Action.UPDATE, member, fields)


def member_deleted(actor: User, member: Member) -> None:
    _member_line(actor, Action.DELETE, member, ())


def families_viewed(actor: User, shown: Iterable[Shown], *, action: str = Action.LIST) -> None:
    """One line per family shown (LIST, READ or SEARCH), naming its read model's fields."""
    if action not in (Action.LIST, Action.READ, Action.SEARCH):
        raise ValueError(f"Not a way of viewing families: {action!r}.")
    log.record_many(actor=actor, action=action, entries=shown_entries(shown, object_type="family"))


def family_file_viewed(actor: User, shown: Shown, *, with_story: bool) -> None:
    """The file page: its read model's fields; ``with_story`` when the page also showed
    the file's timeline and "who viewed this file" (case workers)."""
    entry = shown_entries([shown], object_type="family")[0]
    if with_story:
        entry = replace(entry, details={"timeline": True, "viewers": True})
    log.record_many(actor=actor, action=Action.READ, entries=[entry])


def family_access_viewed(actor: User, family_id: UUID) -> None:
    """The "who has access" page: it names colleagues, no field of the family."""
    entry = log.Entry("family", family_id, family_id, (), {"view": "grantees"})
    log.record_many(actor=actor, action=Action.READ, entries=[entry])


def family_viewers_viewed(actor: User, family_id: UUID) -> None:
    """The page of every access-log line about the file: staff and times, no family field."""
    entry = log.Entry("family", family_id, family_id, (), {"view": "viewers"})
    log.record_many(actor=actor, action=Action.READ, entries=[entry])


def access_granted(actor: User, family: Family, grantee: User, *, change: bool) -> None:
    details: log.Details = {"grantee": str(grantee.pk), "change": change}
    _family_line(actor, Action.SHARE, family, (), details)


def access_revoked(
    actor: User, family: Family, grantee: User, *, why: str = REVOKED_BY_COLLEAGUE
) -> None:
    _family_line(actor, Action.UNSHARE, family, (), {"revoked": str(grantee.pk), "why": why})


def case_owner_assigned(actor: User, family: Family, previous: User | None) -> None:
    details: log.Details = {
        "case_owner": str(family.case_owner_id),
        "previous": str(previous.pk) if previous is not None else None,
    }
    _family_line(actor, Action.UPDATE, family, ("case_owner",), details)


def _consent_line(actor: User, action: str, consent: Consent, fields: Sequence[str]) -> None:
    details: log.Details = {"purpose": consent.purpose}
    entry = log.Entry("consent", consent.pk, consent.family_id, list(fields), details)
    log.record_many(actor=actor, action=action, entries=[entry])


CONSENT_RECORDED_FIELDS = ("purpose", "partner", "given_by", "text_version", "method")


def consent_recorded(actor: User, consent: Consent) -> None:
    _consent_line(actor, Action.CREATE, consent, CONSENT_RECORDED_FIELDS)


def consent_withdrawn(actor: User, consent: Consent) -> None:
    _consent_line(actor, Action.UPDATE, consent, ("withdrawn_at",))
