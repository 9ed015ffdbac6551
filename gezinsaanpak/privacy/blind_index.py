"""Blind indexes: exact-match search on encrypted fields without decrypting (§5.2).

The index value is HMAC-SHA256 over the normalised plaintext, with a key derived (HKDF)
from ``BLIND_INDEX_KEY`` per model and field: the same postcode in two fields gives two
unrelated index values, so indexes cannot be joined across fields or tables.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import models
from django.db.models import Q

from gezinsaanpak.privacy.keyring import blind_index_key
from gezinsaanpak.privacy.normalize import normalize

if TYPE_CHECKING:
    from gezinsaanpak.privacy.fields import BlindIndexField

_INFO_PREFIX = b"gezinsaanpak blind index v1|"


@lru_cache(maxsize=256)
def _field_key(master: bytes, model_label: str, field_name: str) -> bytes:
    info = _INFO_PREFIX + f"{model_label}|{field_name}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def digest(model_label: str, field_name: str, normalizer: str, value: object) -> str:
    """The index value (64 hex characters), or '' for a value that normalises to nothing."""
    normalised = normalize(normalizer, value)
    if not normalised:
        return ""
    key = _field_key(blind_index_key(), model_label, field_name)
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def index_field_for(model: type[models.Model], source: str) -> BlindIndexField:
    """The blind index kept for ``model.source``; a clear error when there is none."""
    from gezinsaanpak.privacy.fields import BlindIndexField

    for candidate in model._meta.concrete_fields:
        if isinstance(candidate, BlindIndexField) and candidate.source == source:
            return candidate
    raise LookupError(f"{model._meta.label}.{source} has no blind index (BlindIndexField).")


def compute(model: type[models.Model], source: str, value: object) -> str:
    """The index value ``value`` would get in ``model.source`` (e.g. for duplicate checks)."""
    index = index_field_for(model, source)
    return digest(index.source_label, source, index.normalizer, value)


def blind_q(model: type[models.Model], source: str, value: object) -> Q:
    """A filter finding rows whose encrypted ``source`` equals ``value`` after normalising.

    ``Family.objects.filter(blind_q(Family, "postcode", "1234 ab"))``
    """
    index = index_field_for(model, source)
    return Q(**{index.name: digest(index.source_label, source, index.normalizer, value)})
