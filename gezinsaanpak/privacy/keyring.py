"""The keys, read from settings (and so from the environment), never from the database.

``FIELD_ENCRYPTION_KEYS`` is ``"<key-id>:<base64 of 32 bytes>,..."``: the first key encrypts,
every key decrypts, so a new key can be added in front before the old one is retired.
``BLIND_INDEX_KEY`` is base64 of 32 bytes, kept apart so that searching never needs the
encryption keys.

Parsed keyrings are cached per settings value: a changed setting (``override_settings``, a
rotation test) takes effect on the next call, while the hot path pays one dict lookup.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

KEY_BYTES = 32
ENVELOPE_VERSION = "v1"  # envelopes start with "<version>:<key-id>:" (crypto.py)
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
FIELD_KEYS_SETTING = "FIELD_ENCRYPTION_KEYS"
BLIND_KEY_SETTING = "BLIND_INDEX_KEY"


@dataclass(frozen=True, slots=True)
class Keyring:
    """Ordered keys: ``primary_id`` encrypts; ``ciphers`` holds every key that decrypts.

    One ``AESGCM`` object per key, made once when the setting is parsed. ``openers`` maps
    each envelope header (``v1:<key-id>``) to that key's bound ``AESGCM.decrypt`` and the
    associated-data suffix of its key id, so the decrypt hot path checks the version and
    finds the key with one dict lookup per value.
    """

    primary_id: str
    ciphers: dict[str, AESGCM]
    openers: dict[str, tuple[Callable[[bytes, bytes, bytes], bytes], bytes]] = field(init=False)

    def __post_init__(self) -> None:
        openers = {
            f"{ENVELOPE_VERSION}:{key_id}": (cipher.decrypt, b"|" + key_id.encode())
            for key_id, cipher in self.ciphers.items()
        }
        object.__setattr__(self, "openers", openers)

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self.ciphers)


def _decode_key(encoded: str, where: str) -> bytes:
    """Base64 of exactly 32 bytes; the message never repeats the key material."""
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{where} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{where} must be {KEY_BYTES} bytes (256 bits) in base64, not {len(key)} bytes."
        )
    return key


def _split_entry(entry: str, position: int) -> tuple[str, str]:
    key_id, sep, encoded = entry.strip().partition(":")
    where = f"{FIELD_KEYS_SETTING}: entry {position}"
    if not sep:
        raise ImproperlyConfigured(f"{where} must look like '<key-id>:<base64 key>'.")
    if not KEY_ID_PATTERN.match(key_id):
        raise ImproperlyConfigured(
            f"{where}: a key id is 1-32 characters from A-Z, a-z, 0-9, '_', '.', '-'."
        )
    return key_id, encoded


@lru_cache(maxsize=16)
def parse_field_keys(raw: str) -> Keyring:
    """Parse and validate ``FIELD_ENCRYPTION_KEYS``; raise ImproperlyConfigured naming it."""
    entries = [entry for entry in (raw or "").split(",") if entry.strip()]
    if not entries:
        raise ImproperlyConfigured(f"{FIELD_KEYS_SETTING} is empty: at least one key is needed.")
    ciphers: dict[str, AESGCM] = {}
    for position, entry in enumerate(entries, start=1):
        key_id, encoded = _split_entry(entry, position)
        if key_id in ciphers:
            raise ImproperlyConfigured(f"{FIELD_KEYS_SETTING}: key id {key_id!r} appears twice.")
        key = _decode_key(encoded, f"{FIELD_KEYS_SETTING}: key {key_id!r}")
        ciphers[key_id] = AESGCM(key)
    return Keyring(primary_id=next(iter(ciphers)), ciphers=ciphers)


@lru_cache(maxsize=16)
def parse_blind_index_key(raw: str) -> bytes:
    if not raw:
        raise ImproperlyConfigured(f"{BLIND_KEY_SETTING} is empty.")
    return _decode_key(raw, BLIND_KEY_SETTING)


def _setting(name: str) -> str:
    value = getattr(settings, name, None)
    if value is None:
        raise ImproperlyConfigured(f"The setting {name} is required for field encryption.")
    if isinstance(value, list | tuple):  # tolerate a list of entries as well as one string
        return ",".join(value)
    return str(value)


_current: Keyring | None = None


def field_keyring() -> Keyring:
    """The keyring of the current settings.

    Kept in a module variable (reading a setting costs more than the AES call itself);
    ``setting_changed`` — sent by override_settings and pytest's ``settings`` — drops it.
    """
    global _current
    ring = _current
    if ring is None:
        ring = _current = parse_field_keys(_setting(FIELD_KEYS_SETTING))
    return ring


@receiver(setting_changed)
def _forget_keyring(*, setting: str, **kwargs: object) -> None:
    global _current
    if setting == FIELD_KEYS_SETTING:
        _current = None


def blind_index_key() -> bytes:
    return parse_blind_index_key(_setting(BLIND_KEY_SETTING))


def validate_settings() -> None:
    """Fail start-up on a missing or malformed key (called from the app's ready())."""
    field_keyring()
    blind_index_key()


def new_key_entry(key_id: str) -> str:
    """A fresh ``<key-id>:<base64>`` entry for FIELD_ENCRYPTION_KEYS."""
    if not KEY_ID_PATTERN.match(key_id):
        raise ValueError("A key id is 1-32 characters from A-Z, a-z, 0-9, '_', '.', '-'.")
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"
