"""Access-log lines for referral exchanges: who (user or partner API client), which
partner, which direction, and the names of the fields that travelled."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from accounts.models import PartnerClient, User
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import Referral
from gezinsaanpak.models.audit import ActorKind


def exchange_reason(referral: Referral, *, what: str) -> str:
    """``received from JGZ Demo`` / ``sent to Taalhuis Demo``: direction and partner."""
    preposition = "from" if referral.direction == Referral.Direction.IN else "to"
    return f"referral {what} {preposition} {referral.partner.name}"[:200]


def log_as_client(
    client: PartnerClient,
    *,
    action: str,
    entries: Sequence[access_log.Entry],
    reason: str,
) -> None:
    """A line per entry, written as the API client, in the library's own log chain."""
    access_log.record_many(
        actor=None,
        action=action,
        entries=entries,
        reason=reason,
        actor_label=client.log_label,
        actor_kind=ActorKind.API_CLIENT,
        organisation_id=client.library_id,
        on_behalf_of=client.organisation.name,
    )


def log_as_user(
    user: User, *, action: str, referral: Referral, fields: Iterable[str], reason: str
) -> None:
    access_log.record(
        actor=user,
        action=action,
        object_type="referral",
        object_id=referral.pk,
        family_id=referral.family_id,
        fields=sorted(fields),
        reason=reason,
        on_behalf_of="",
    )


def entry(referral: Referral, fields: Iterable[str]) -> access_log.Entry:
    return access_log.Entry(
        object_type="referral",
        object_id=referral.pk,
        family_id=referral.family_id,
        fields=sorted(fields),
    )
