"""Access-log events of erasure, retention and the replay of erasures after a restore.

Each anonymised file gets one ``delete`` line naming the kinds of records that went (field
names such as ``caregivers`` or ``visit_notes``), with the reason, the certificate and the
request or retention rule in ``details``: ids and codes, never a value. Pages of the
privacy officer log the files they name (their ids and dates, never contents).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from uuid import UUID

from gezinsaanpak.audit import log
from gezinsaanpak.audit.log import Details, Entry
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from accounts.models import User

FAMILY = "family"
CERTIFICATE = "erasure_certificate"
RETENTION = "retention"
# Who the scheduled and command-line work is, in the log's actor column.
RETENTION_ACTOR = "apply_retention"
REPLAY_ACTOR = "replay_erasures"


def _anonymised_line(family_id: UUID, removed: Sequence[str], details: Details) -> Entry:
    return Entry(FAMILY, family_id, family_id, sorted(removed), details)


def family_erased(
    actor: User,
    family_id: UUID,
    *,
    removed: Sequence[str],
    certificate_id: UUID,
    request_id: UUID,
) -> None:
    """The privacy officer erased a file on an erasure request (art. 17)."""
    details: Details = {
        "reason": "erasure",
        "certificate": str(certificate_id),
        "request": str(request_id),
    }
    log.record_many(
        actor=actor,
        action=Action.DELETE,
        entries=[_anonymised_line(family_id, removed, details)],
    )


def family_anonymised_by_retention(
    organisation_id: UUID, family_id: UUID, *, removed: Sequence[str], rule: str
) -> None:
    """The retention job anonymised a file whose period had passed."""
    log.record_many(
        actor=None,
        actor_label=RETENTION_ACTOR,
        organisation_id=organisation_id,
        action=Action.DELETE,
        entries=[_anonymised_line(family_id, removed, {"reason": "retention", "rule": rule})],
    )


def family_erased_again(
    organisation_id: UUID, family_id: UUID, *, removed: Sequence[str], ledger_id: UUID
) -> None:
    """``replay_erasures`` erased a file again that a restored backup had brought back."""
    log.record_many(
        actor=None,
        actor_label=REPLAY_ACTOR,
        organisation_id=organisation_id,
        action=Action.DELETE,
        entries=[
            _anonymised_line(family_id, removed, {"reason": "replay", "ledger": str(ledger_id)})
        ],
    )


def erasure_previewed(actor: User, family_id: UUID, *, request_id: UUID) -> None:
    """The confirmation page showed what would go: counts per kind of record, no values."""
    log.record(
        actor=actor,
        action=Action.READ,
        object_type=FAMILY,
        object_id=family_id,
        family_id=family_id,
        fields=["family.id", "erasure.counts"],
        details={"via": "erasure_confirm", "request": str(request_id)},
    )


CERTIFICATE_FIELDS = (
    "erasure_certificate.family_id",
    "erasure_certificate.request",
    "erasure_certificate.erased_at",
    "erasure_certificate.erased_by",
    "erasure_certificate.counts",
)


def certificates_viewed(
    actor: User, certificates: Sequence[tuple[UUID, UUID]], *, action: str = Action.LIST
) -> None:
    """``certificates`` are (certificate id, family id) pairs: one line per certificate."""
    entries = [
        Entry(CERTIFICATE, certificate_id, family_id, CERTIFICATE_FIELDS)
        for certificate_id, family_id in certificates
    ]
    if not entries:
        entries = [Entry(CERTIFICATE)]
    log.record_many(actor=actor, action=action, entries=entries)


REQUEST_FIELDS = (
    "data_subject_request.id",
    "data_subject_request.family",
    "data_subject_request.received_on",
    "data_subject_request.deadline",
)


def erasure_requests_listed(actor: User, requests: Sequence[tuple[UUID, UUID | None]]) -> None:
    """The open erasure requests offered for erasing: one line per request (ids, dates)."""
    entries = [
        Entry("data_subject_request", request_id, family_id, REQUEST_FIELDS)
        for request_id, family_id in requests
    ]
    if entries:
        log.record_many(actor=actor, action=Action.LIST, entries=entries)


RETENTION_FIELDS = ("family.id", "retention.rule", "retention.due_on")


def retention_viewed(actor: User, family_ids: Sequence[UUID]) -> None:
    """The coming retention: one line per file named (its id, rule and date)."""
    entries = [Entry(RETENTION, family_id, family_id, RETENTION_FIELDS) for family_id in family_ids]
    log.record_many(actor=actor, action=Action.LIST, entries=entries or [Entry(RETENTION)])
