"""The one writer of the access log (architecture §5.3).

Code does not call this module directly: each kind of event has one typed function in
``gezinsaanpak.audit.events`` (``family_viewed``, ``access_granted``, …), and those call
:func:`record_many` inside the transaction of the work they describe: one line per object
touched, naming fields, never values, with structured ``details`` (ids and kinds). Lines
are chained per organisation: each line's hash covers the previous line's hash and the
line itself, so ``manage.py verify_access_log`` (``audit.verify``) sees a line that was
edited or removed afterwards.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from gezinsaanpak.audit import request_context
from gezinsaanpak.models.audit import AccessEvent, AccessLogChain, Action, ActorKind, Outcome

if TYPE_CHECKING:
    from accounts.models import User

GENESIS_HASH = "0" * 64
SYSTEM_CHAIN = "system"

# Field names look like ``postcode`` or ``caregivers.given_name``. Anything else (a space,
# an @, a leading digit) is probably a value passed by mistake, and values never go in.
_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")
_MAX_FIELD_NAME = 100
_MAX_REASON = 200
# Details hold ids and kinds: a UUID, a number, a flag, or a short code like ``nazorg``.
_DETAIL_TOKEN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_MAX_DETAILS = 20

Details = dict[str, "str | int | bool | list[str] | None"]

# The columns a line's hash covers, in this order. Adding a column means a new hash version.
HASHED_COLUMNS = (
    "id",
    "chain",
    "sequence",
    "at",
    "actor_id",
    "actor_label",
    "actor_kind",
    "role",
    "organisation_id",
    "on_behalf_of",
    "action",
    "object_type",
    "object_id",
    "family_id",
    "fields",
    "outcome",
    "ip",
    "request_id",
    "reason",
    "details",
)


# Why a whole batch of writes happens (``import``): every line written inside
# :func:`because` carries it in ``details["reason"]``, so the services need no extra argument.
_batch_reason: ContextVar[str] = ContextVar("gezinsaanpak_audit_reason", default="")


@contextmanager
def because(reason: str) -> Iterator[None]:
    """Mark every line written inside with ``details["reason"] = reason`` (a short code)."""
    if not _DETAIL_TOKEN.fullmatch(reason):
        raise ValueError("A batch reason is a short code.")
    token = _batch_reason.set(reason)
    try:
        yield
    finally:
        _batch_reason.reset(token)


def _details(entry: Entry) -> Details:
    details = dict(entry.details or {})
    reason = _batch_reason.get()
    if reason:
        details["reason"] = reason
    return details


@dataclass(frozen=True, slots=True)
class Entry:
    """One object touched: becomes one line of the log."""

    object_type: str
    object_id: str | UUID | None = None
    family_id: UUID | None = None
    fields: Sequence[str] = ()
    details: Details | None = None


@dataclass(frozen=True, slots=True)
class _Actor:
    actor_id: UUID | None
    label: str
    kind: str
    role: str
    organisation_id: UUID | None


def record(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: str | UUID | None = None,
    family_id: UUID | None = None,
    fields: Sequence[str] = (),
    details: Details | None = None,
    outcome: str = Outcome.SUCCESS,
    reason: str = "",
    on_behalf_of: str = "",
    actor_label: str | None = None,
    actor_kind: str | None = None,
    organisation_id: UUID | None = None,
) -> AccessEvent:
    """Write one line and return it; see :func:`record_many`."""
    (line,) = record_many(
        actor=actor,
        action=action,
        entries=[Entry(object_type, object_id, family_id, fields, details)],
        outcome=outcome,
        reason=reason,
        on_behalf_of=on_behalf_of,
        actor_label=actor_label,
        actor_kind=actor_kind,
        organisation_id=organisation_id,
    )
    return line


def record_many(
    *,
    actor: User | None,
    action: str,
    entries: Sequence[Entry],
    outcome: str = Outcome.SUCCESS,
    reason: str = "",
    on_behalf_of: str = "",
    actor_label: str | None = None,
    actor_kind: str | None = None,
    organisation_id: UUID | None = None,
) -> list[AccessEvent]:
    """Write one line per entry with one INSERT, in the caller's transaction; return them.

    Role and organisation come from ``actor``; ``actor_label``, ``actor_kind`` and
    ``organisation_id`` override them (an API client, a command acting for an
    organisation). IP address and request id come from the current request.

    No savepoint: if the log cannot be written, the caller's transaction fails with it,
    so no change is ever committed without its line.
    """
    if not entries:
        return []
    _check(action, outcome, reason, entries)
    who = _actor(actor, actor_label, actor_kind, organisation_id)
    context = request_context.current()
    chain_key = str(who.organisation_id) if who.organisation_id else SYSTEM_CHAIN
    at = timezone.now()
    with transaction.atomic(savepoint=False):
        head = _lock_head(chain_key)
        lines = []
        for entry in entries:
            line = AccessEvent(
                at=at,
                actor_id=who.actor_id,
                actor_label=who.label,
                actor_kind=who.kind,
                role=who.role,
                organisation_id=who.organisation_id,
                on_behalf_of=on_behalf_of,
                action=action,
                object_type=entry.object_type,
                object_id="" if entry.object_id is None else str(entry.object_id),
                family_id=entry.family_id,
                fields=list(entry.fields),
                outcome=outcome,
                ip=context.ip,
                request_id=context.request_id,
                reason=reason,
                details=_details(entry),
                chain=chain_key,
                sequence=head.sequence + 1,
                prev_hash=head.hash,
            )
            line.hash = line_hash(line)
            head.sequence, head.hash = line.sequence, line.hash
            lines.append(line)
        AccessEvent.objects.bulk_create(lines)
        head.save(update_fields=["sequence", "hash"])
    return lines


def viewers_of_family(family_id: UUID, *, limit: int = 50) -> list[AccessEvent]:
    """Who touched this family's file, newest first: "who viewed this file".

    The caller decides whether the person asking may see the family at all.
    """
    lines = AccessEvent.objects.filter(family_id=family_id).order_by("-at", "-sequence")
    return list(lines[:limit])


def _check(action: str, outcome: str, reason: str, entries: Sequence[Entry]) -> None:
    if action not in Action.values:
        raise ValueError(f"Unknown access-log action {action!r}.")
    if outcome not in Outcome.values:
        raise ValueError(f"Unknown access-log outcome {outcome!r}.")
    if len(reason) > _MAX_REASON:
        raise ValueError(f"An access-log reason is at most {_MAX_REASON} characters.")
    for entry in entries:
        if isinstance(entry.fields, str):
            raise TypeError("Entry.fields is a sequence of field names, not one string.")
        for name in entry.fields:
            if len(name) > _MAX_FIELD_NAME or not _FIELD_NAME.fullmatch(name):
                raise ValueError("Access-log fields are field names, never values.")
        _check_details(entry.details or {})


def _check_details(details: Details) -> None:
    """Details are ids and kinds under field-like keys; anything else may be a value."""
    if len(details) > _MAX_DETAILS:
        raise ValueError(f"An access-log line has at most {_MAX_DETAILS} details.")
    for key, value in details.items():
        if not _FIELD_NAME.fullmatch(key):
            raise ValueError(f"Access-log detail key {key!r} is not a name.")
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item is None or isinstance(item, bool | int):
                continue
            if not isinstance(item, str) or not _DETAIL_TOKEN.fullmatch(item):
                raise ValueError("Access-log details are ids and kinds, never values.")


def _actor(
    user: User | None, label: str | None, kind: str | None, organisation_id: UUID | None
) -> _Actor:
    if user is None or not user.is_authenticated:
        return _Actor(None, label or "", kind or ActorKind.SYSTEM, "", organisation_id)
    return _Actor(
        actor_id=user.pk,
        label=user.email if label is None else label,
        kind=kind or ActorKind.USER,
        role=user.role,
        organisation_id=organisation_id or user.organisation_id,
    )


def _lock_head(key: str) -> AccessLogChain:
    """The chain head, locked until the transaction ends; created on a chain's first line."""
    head = AccessLogChain.objects.select_for_update().filter(key=key).first()
    if head is None:
        # ignore_conflicts: two first writers may race to create it; both then lock it.
        AccessLogChain.objects.bulk_create(
            [AccessLogChain(key=key, sequence=0, hash=GENESIS_HASH)], ignore_conflicts=True
        )
        head = AccessLogChain.objects.select_for_update().get(key=key)
    return head


def line_hash(line: AccessEvent) -> str:
    """sha256 over the previous line's hash and the canonical JSON of this line."""
    payload = {column: _canonical(getattr(line, column)) for column in HASHED_COLUMNS}
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((line.prev_hash + body).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    """The same text for a value whether it was just built or read back from the database."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value
