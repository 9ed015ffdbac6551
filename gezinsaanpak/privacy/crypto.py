"""AES-256-GCM envelopes for personal values (ARCHITECTURE.md §5.1).

An envelope is ``v1:<key-id>:<base64(nonce || ciphertext || tag)>`` with a random 96-bit
nonce. The associated data binds the envelope to its place: model label, field name, row
UUID and key id. A ciphertext copied to another row or field, altered, truncated or made
with a foreign key therefore fails to open, and :class:`DecryptionError` says where (never
what).
"""

from __future__ import annotations

import binascii
import logging
import os
from dataclasses import dataclass, field
from uuid import UUID

from cryptography.exceptions import InvalidTag
from django.utils.translation import gettext as _

from gezinsaanpak.privacy import keyring as _keys
from gezinsaanpak.privacy.keyring import ENVELOPE_VERSION, Keyring, field_keyring

logger = logging.getLogger("gezinsaanpak.privacy")

VERSION = ENVELOPE_VERSION
_PREFIX = VERSION + ":"
NONCE_BYTES = 12
TAG_BYTES = 16
ERROR_CODE = "decryption_failed"
_a2b_base64 = binascii.a2b_base64  # strict_mode: no stray characters, exact padding


class Ciphertext(str):
    """An envelope as read from the database, not yet opened.

    Its own type lets the field tell a loaded envelope from plaintext a user assigned
    (which may itself start with ``v1:``), and lets the database layer refuse anything
    else, so plaintext cannot reach an encrypted column by accident.
    """

    __slots__ = ()


class DecryptionError(Exception):
    """A ciphertext that does not open: tampered, truncated, misplaced or foreign.

    Carries where it happened; neither message contains the value. ``str()`` is for logs
    and developers (model, field, row, reason); ``detail`` is the safe text a user sees.
    A plain exception: the API's exception handler answers ``decryption_failed`` (500), and
    DecryptionErrorMiddleware answers every other view. Deliberately not a
    ValueError/TypeError/AttributeError, which Django templates would silently swallow.
    """

    status_code = 500
    default_code = ERROR_CODE

    def __init__(self, *, model_label: str, field_name: str, row_id: object, reason: str):
        super().__init__()
        self.detail = safe_detail()
        self.model_label = model_label
        self.field_name = field_name
        self.row_id = row_id
        self.reason = reason
        self.message = f"Cannot decrypt {model_label}.{field_name} of row {row_id}: {reason}"

    def __str__(self) -> str:
        return self.message


def safe_detail() -> str:
    return _("This information cannot be shown right now. The problem has been recorded.")


@dataclass(frozen=True, slots=True)
class Binding:
    """Where a value lives (model and field); with a row id it makes the associated data."""

    model_label: str
    field_name: str
    aad_prefix: bytes = field(init=False)

    def __post_init__(self) -> None:
        prefix = f"{VERSION}|{self.model_label}|{self.field_name}|".encode()
        object.__setattr__(self, "aad_prefix", prefix)

    def associated_data(self, row_id: UUID, key_id: str) -> bytes:
        return b"%s%s|%s" % (self.aad_prefix, row_id.bytes, key_id.encode())


def as_uuid(row_id: object) -> UUID:
    """The row's UUID; an unsaved row without one cannot hold encrypted values."""
    if type(row_id) is UUID:
        return row_id
    if row_id is None:
        raise ValueError("Encrypted values need the row's UUID primary key to be set first.")
    return UUID(str(row_id))


def encrypt(
    plaintext: str, binding: Binding, row_id: object, keyring: Keyring | None = None
) -> Ciphertext:
    """Seal ``plaintext`` under the primary key for this model, field and row."""
    keyring = keyring or field_keyring()
    key_id = keyring.primary_id
    nonce = os.urandom(NONCE_BYTES)
    aad = binding.associated_data(as_uuid(row_id), key_id)
    sealed = keyring.ciphers[key_id].encrypt(nonce, plaintext.encode(), aad)
    body = binascii.b2a_base64(nonce + sealed, newline=False).decode("ascii")
    return Ciphertext(f"{_PREFIX}{key_id}:{body}")


def envelope_key_id(envelope: str) -> str | None:
    """The key id an envelope was sealed with, or None when it is not an envelope."""
    if not envelope.startswith(_PREFIX):
        return None
    key_id, sep, _ = envelope[len(_PREFIX) :].partition(":")
    return key_id if sep and key_id else None


def _fail(binding: Binding, row_id: object, reason: str) -> DecryptionError:
    logger.error(
        "Decryption failed for %s.%s row %s: %s",
        binding.model_label,
        binding.field_name,
        row_id,
        reason,
        extra={"model": binding.model_label, "field": binding.field_name, "row": str(row_id)},
    )
    return DecryptionError(
        model_label=binding.model_label,
        field_name=binding.field_name,
        row_id=row_id,
        reason=reason,
    )


def decrypt(envelope: str, binding: Binding, row_id: object, keyring: Keyring | None = None) -> str:
    """Open an envelope made by :func:`encrypt` for the same model, field and row.

    One straight path for the common case (this runs for every value shown); only a
    failure takes the slow path that works out what was wrong with the envelope. Per value
    it costs one partition, one dict lookup (the ``v1:<key-id>`` header: version and key at
    once), strict base64, the associated data (precomputed model|field prefix + row UUID
    bytes + precomputed key-id suffix) and the AES call. A body too short to hold a nonce
    and a tag fails inside AES-GCM (InvalidTag or ValueError), like any other bad body.
    """
    ring = keyring or _keys._current or field_keyring()
    try:
        header, _, body = envelope.rpartition(":")  # base64 never contains ':'
        open_sealed, suffix = ring.openers[header]
        raw = _a2b_base64(body, strict_mode=True)
        row = row_id if type(row_id) is UUID else as_uuid(row_id)
        aad = binding.aad_prefix + row.bytes + suffix
        return open_sealed(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad).decode()
    except (ValueError, KeyError, InvalidTag):  # binascii.Error, UnicodeDecodeError too
        pass
    raise _fail(binding, row_id, _diagnose(envelope, ring))


def _diagnose(envelope: str, ring: Keyring) -> str:
    """Why an envelope did not open, in words that never include the value."""
    if not envelope.startswith(_PREFIX) or envelope.count(":") < 2:
        return "not a v1 envelope"
    _, key_id, body = envelope.split(":", 2)
    if key_id not in ring.ciphers:
        return f"unknown key id {key_id[:32]!r}"
    try:
        raw = binascii.a2b_base64(body, strict_mode=True)
    except ValueError:  # binascii.Error, or a non-ASCII character in the text
        return "malformed base64"
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        return "truncated ciphertext"
    return "authentication failed"
