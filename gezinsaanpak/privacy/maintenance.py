"""Walking every encrypted value: key rotation and verification (used by the commands).

Both walk each model in primary-key order, in batches (keyset pagination, so a rerun or a
concurrent insert never skips or repeats a row), and never print or log a value.
Rotation rewrites only envelopes whose key id is not the primary's, each batch in its own
transaction with its rows locked, so it can be stopped at any point and simply rerun.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Value, When

from gezinsaanpak.privacy import crypto
from gezinsaanpak.privacy.fields import EncryptedFieldMixin, encrypted_fields
from gezinsaanpak.privacy.keyring import Keyring, field_keyring

# Called after each batch with the model's label, the rows walked so far and its row count.
Progress = Callable[[str, int, int], None]


@dataclass
class FieldReport:
    """Counts for one model field; ``failures`` holds row ids only."""

    label: str
    values: int = 0
    rotated: int = 0
    by_key: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def models_with_encrypted_fields() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if encrypted_fields(m)]


def rows_with_encrypted_fields() -> int:
    """How many rows a rotation or verification walks (the total of its progress)."""
    return sum(m._base_manager.count() for m in models_with_encrypted_fields())


def _walk(
    model: type[models.Model],
    names: list[str],
    batch_size: int,
    handle: Callable[[list[tuple[Any, ...]]], None],
    *,
    lock: bool,
) -> Iterator[int]:
    """Call ``handle(rows)`` per batch of ``(pk, *values)`` in pk order; yield rows done.

    Each batch is read (FOR UPDATE when ``lock``) and handled inside its own transaction,
    so a batch is either fully written or not at all.
    """
    last_pk: Any = None
    manager = model._base_manager
    while True:
        with transaction.atomic():
            query = manager.order_by("pk")
            if last_pk is not None:
                query = query.filter(pk__gt=last_pk)
            if lock:
                query = query.select_for_update()
            rows = list(query.values_list("pk", *names)[:batch_size])
            if rows:
                handle(rows)
        if not rows:
            return
        last_pk = rows[-1][0]
        yield len(rows)


def _reseal(
    envelope: str, f: EncryptedFieldMixin, row_id: Any, keyring: Keyring
) -> crypto.Ciphertext:
    plaintext = crypto.decrypt(envelope, f.binding, row_id, keyring)
    return crypto.encrypt(plaintext, f.binding, row_id, keyring)


def _write(model: type[models.Model], f: EncryptedFieldMixin, new: dict[Any, Any]) -> None:
    """One UPDATE per field and batch, writing the envelopes directly (no save() hooks)."""
    if not new:
        return
    whens = [When(pk=pk, then=Value(value, output_field=f)) for pk, value in new.items()]
    model._base_manager.filter(pk__in=list(new)).update(**{f.attname: Case(*whens)})


def _resealed(
    rows: list[tuple[Any, ...]],
    position: int,
    f: EncryptedFieldMixin,
    report: FieldReport,
    keyring: Keyring,
) -> dict[Any, crypto.Ciphertext]:
    """New envelopes for the values in column ``position`` not under the primary key."""
    new = {}
    for row in rows:
        envelope = row[position]
        if not envelope:
            continue
        report.values += 1
        if crypto.envelope_key_id(envelope) == keyring.primary_id:
            continue
        try:
            new[row[0]] = _reseal(envelope, f, row[0], keyring)
        except crypto.DecryptionError:
            report.failures.append(str(row[0]))
    return new


def _verify(
    rows: list[tuple[Any, ...]],
    position: int,
    f: EncryptedFieldMixin,
    report: FieldReport,
    keyring: Keyring,
) -> None:
    for row in rows:
        envelope = row[position]
        if not envelope:
            continue
        report.values += 1
        try:
            crypto.decrypt(envelope, f.binding, row[0], keyring)
        except crypto.DecryptionError:
            report.failures.append(str(row[0]))
        else:
            report.by_key[crypto.envelope_key_id(envelope) or "?"] += 1


def _attnames(fields: list[EncryptedFieldMixin]) -> list[str]:
    return [f.attname for f in fields]


def _report_progress(model: type[models.Model], done: Iterator[int], progress: Progress) -> None:
    total, seen = model._base_manager.count(), 0
    for count in done:
        seen += count
        progress(model._meta.label, seen, total)


def rotate_model(
    model: type[models.Model], batch_size: int, progress: Progress
) -> list[FieldReport]:
    """Re-encrypt every value of ``model`` that is not under the primary key."""
    keyring = field_keyring()
    fields = encrypted_fields(model)
    reports = [FieldReport(f"{model._meta.label}.{f.name}") for f in fields]

    def handle(rows: list[tuple[Any, ...]]) -> None:
        for position, (f, report) in enumerate(zip(fields, reports, strict=True), start=1):
            new = _resealed(rows, position, f, report, keyring)
            _write(model, f, new)
            report.rotated += len(new)

    _report_progress(
        model, _walk(model, _attnames(fields), batch_size, handle, lock=True), progress
    )
    return reports


def verify_model(
    model: type[models.Model], batch_size: int, progress: Progress
) -> list[FieldReport]:
    """Decrypt every value of ``model``; count values per key id and collect failing rows."""
    keyring = field_keyring()
    fields = encrypted_fields(model)
    reports = [FieldReport(f"{model._meta.label}.{f.name}") for f in fields]

    def handle(rows: list[tuple[Any, ...]]) -> None:
        for position, (f, report) in enumerate(zip(fields, reports, strict=True), start=1):
            _verify(rows, position, f, report, keyring)

    _report_progress(
        model, _walk(model, _attnames(fields), batch_size, handle, lock=False), progress
    )
    return reports
