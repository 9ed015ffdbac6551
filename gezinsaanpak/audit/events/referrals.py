"""Access-log events of referrals, by staff and by partner API clients.

Every line names the referral, its family, the fields that travelled or changed, and in
``details`` the direction, the partner organisation's id and, for a change, the new status.
A partner API client's lines are written as that client, in the library's own chain; a
partner's own login (the web form) is named as that user, also in the library's chain, on
behalf of the partner organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from uuid import UUID

from accounts.models import PartnerClient, User
from gezinsaanpak.audit import log
from gezinsaanpak.audit.events import Shown, shown_entries
from gezinsaanpak.models import Family, Referral
from gezinsaanpak.models.audit import Action, ActorKind

# Who acts for a partner organisation: its software, or one of its people.
PartnerActor = PartnerClient | User


def _details(referral: Referral, **more: str) -> log.Details:
    details: log.Details = {"direction": referral.direction, "partner": str(referral.partner_id)}
    details.update(more)
    return details


def _entry(referral: Referral, fields: Iterable[str], **more: str) -> log.Entry:
    return log.Entry(
        "referral", referral.pk, referral.family_id, sorted(fields), _details(referral, **more)
    )


def _as_user(user: User, action: str, entries: Sequence[log.Entry]) -> None:
    log.record_many(actor=user, action=action, entries=entries)


def _as_client(client: PartnerClient, action: str, entries: Sequence[log.Entry]) -> None:
    log.record_many(
        actor=None,
        action=action,
        entries=entries,
        actor_label=client.log_label,
        actor_kind=ActorKind.API_CLIENT,
        organisation_id=client.library_id,
        on_behalf_of=client.organisation.name,
    )


def _as_partner(
    actor: PartnerActor, library_id: UUID, action: str, entries: Sequence[log.Entry]
) -> None:
    """A partner's line in the library's chain: as its API client, or as its person."""
    if isinstance(actor, PartnerClient):
        _as_client(actor, action, entries)
        return
    organisation = actor.organisation
    log.record_many(
        actor=actor,
        action=action,
        entries=entries,
        organisation_id=library_id,
        on_behalf_of=organisation.name if organisation is not None else "",
    )


def referral_sent(actor: User, referral: Referral, fields: Iterable[str]) -> None:
    """The library shared a family's details with a partner (an outbound referral)."""
    _as_user(actor, Action.SHARE, [_entry(referral, fields)])


def referral_handled(actor: User, referral: Referral, fields: Iterable[str]) -> None:
    """Staff moved a referral on (accepted, declined, contact made, …)."""
    _as_user(actor, Action.UPDATE, [_entry(referral, fields, status=referral.status)])


def referrals_viewed(actor: User, shown: Iterable[Shown], *, action: str = Action.LIST) -> None:
    """One line per referral a staff page or response showed, naming its read model's fields."""
    _as_user(actor, action, shown_entries(shown, object_type="referral"))


def referral_received(
    sender: PartnerActor,
    referral: Referral,
    family: Family,
    *,
    referral_fields: Sequence[str],
    family_fields: Sequence[str],
    caregiver_fields: Sequence[str],
    child_fields: Sequence[str],
) -> None:
    """A partner's referral came in: the records it created (with the referral's id in
    details), then one SHARE line naming everything the partner shared."""
    intake: log.Details = {"referral": str(referral.pk)}
    created = [
        log.Entry("family", family.pk, family.pk, family_fields, intake),
        *[
            log.Entry("caregiver", c.pk, family.pk, caregiver_fields, intake)
            for c in family.caregivers.all()
        ],
        *[log.Entry("child", c.pk, family.pk, child_fields, intake) for c in family.children.all()],
    ]
    _as_partner(sender, referral.organisation_id, Action.CREATE, created)
    shared = [
        *referral_fields,
        *(f"family.{n}" for n in family_fields),
        *(f"caregiver.{n}" for n in caregiver_fields),
        *(f"child.{n}" for n in child_fields),
    ]
    _as_partner(sender, referral.organisation_id, Action.SHARE, [_entry(referral, shared)])


def referral_reported(reporter: PartnerActor, referral: Referral, fields: Iterable[str]) -> None:
    """The receiving partner reported back (status, feedback)."""
    entry = _entry(referral, fields, status=referral.status)
    _as_partner(reporter, referral.organisation_id, Action.UPDATE, [entry])


def referrals_read_by_client(
    client: PartnerClient, shown: Sequence[Referral], fields: Sequence[str], *, action: str
) -> None:
    _as_client(client, action, [_entry(r, fields) for r in shown])


def referrals_viewed_by_partner(
    user: User, shown: Sequence[tuple[UUID, Shown]], *, action: str = Action.LIST
) -> None:
    """One line per referral a partner login's page showed, in each library's own chain.

    ``shown`` pairs each read model with the id of the library the referral is between.
    """
    by_library: dict[UUID, list[Shown]] = defaultdict(list)
    for library_id, item in shown:
        by_library[library_id].append(item)
    for library_id, items in by_library.items():
        entries = shown_entries(items, object_type="referral")
        _as_partner(user, library_id, action, entries)
