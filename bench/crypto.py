"""Field-encryption benchmark (issue 3): ratios against a baseline measured in the same run.

    make bench-crypto        # or: .venv/bin/python bench/crypto.py

Prints one ``name: value`` line per figure:

* ``aesgcm_vs_fernet_decrypt`` — how many times more values per second our decrypt path
  opens than ``Fernet.decrypt`` (target >= 8). Our path is the whole thing the app pays
  per value: parse the ``v1:`` envelope, base64, associated data, key lookup, AES-256-GCM.
* ``encrypted_page_vs_plain`` — time to fetch and serialize (DRF ModelSerializer + JSON) a
  50-row page with 6 encrypted fields, divided by the same page with plain fields
  (target <= 1.2).

Supporting figures follow (raw primitive ratio, microseconds per value, milliseconds per
page). Uses an in-memory SQLite database and the test settings' published keys.
"""

from __future__ import annotations

import os
import sys
import timeit
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django

django.setup()

from cryptography.fernet import Fernet  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402

from gezinsaanpak.privacy import crypto  # noqa: E402
from gezinsaanpak.privacy.keyring import field_keyring  # noqa: E402
from tests.testapp.models import EncryptedRow, PlainRow  # noqa: E402

PAGE = 50
FIELDS = ["given_name", "family_name", "street", "postcode", "phone", "email"]
VALUES = {
    "given_name": "Fatima",
    "family_name": "van den Berg-El Amrani",
    "street": "Kloosterraderstraat 12a",
    "postcode": "6461 AB",
    "phone": "+31 45 123 45 67",
    "email": "f.vandenberg@voorbeeld.nl",
}


def best(*funcs: Callable[[], object], number: int, repeat: int = 9) -> list[float]:
    """Seconds per call of each function: the fastest of ``repeat`` runs (timeit's advice).

    The functions take turns within every round, so load from other processes on the
    machine hits baseline and candidate alike.
    """
    runs: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeat):
        for times, func in zip(runs, funcs, strict=True):
            times.append(timeit.timeit(func, number=number) / number)
    return [min(times) for times in runs]


def decrypt_figures() -> dict[str, float]:
    plaintexts = [f"{VALUES[name]} {i}" for i in range(200) for name in FIELDS]
    binding, keyring = crypto.Binding("testapp.EncryptedRow", "family_name"), field_keyring()
    rows = [uuid.uuid4() for _ in plaintexts]
    pairs = zip(plaintexts, rows, strict=True)
    envelopes = [crypto.encrypt(p, binding, r, keyring) for p, r in pairs]
    fernet = Fernet(Fernet.generate_key())
    tokens = [fernet.encrypt(p.encode()) for p in plaintexts]
    cipher = keyring.ciphers[keyring.primary_id]
    raw = [
        (bytes.fromhex("00" * 12), cipher.encrypt(bytes(12), p.encode(), b"aad"))
        for p in plaintexts
    ]

    def ours() -> None:
        for envelope, row in zip(envelopes, rows, strict=True):
            crypto.decrypt(envelope, binding, row)

    def theirs() -> None:
        for token in tokens:
            fernet.decrypt(token)

    def primitive() -> None:
        for nonce, sealed in raw:
            cipher.decrypt(nonce, sealed, b"aad")

    n = len(plaintexts)
    ours_s, theirs_s, primitive_s = (t / n for t in best(ours, theirs, primitive, number=3))
    return {
        "aesgcm_vs_fernet_decrypt": theirs_s / ours_s,
        "aesgcm_primitive_vs_fernet_decrypt": theirs_s / primitive_s,
        "aesgcm_envelope_decrypt_us": ours_s * 1e6,
        "fernet_decrypt_us": theirs_s * 1e6,
    }


class PlainSerializer(serializers.ModelSerializer[PlainRow]):
    class Meta:
        model = PlainRow
        fields = ["id", "status", *FIELDS]


class EncryptedSerializer(serializers.ModelSerializer[EncryptedRow]):
    class Meta:
        model = EncryptedRow
        fields = ["id", "status", *FIELDS]


def page_figures() -> dict[str, float]:
    with connection.schema_editor() as editor:
        editor.create_model(PlainRow)
        editor.create_model(EncryptedRow)
    for model in (PlainRow, EncryptedRow):
        model.objects.bulk_create(model(**VALUES) for _ in range(PAGE))
    renderer = JSONRenderer()

    def render(model: type, serializer: type) -> bytes:
        page = model.objects.order_by("id")[:PAGE]
        return renderer.render(serializer(page, many=True).data)

    assert b"van den Berg" in render(EncryptedRow, EncryptedSerializer)
    plain, encrypted = best(
        lambda: render(PlainRow, PlainSerializer),
        lambda: render(EncryptedRow, EncryptedSerializer),
        number=30,
    )
    return {
        "encrypted_page_vs_plain": encrypted / plain,
        "plain_page_ms": plain * 1e3,
        "encrypted_page_ms": encrypted * 1e3,
    }


def main() -> None:
    figures = {**decrypt_figures(), **page_figures()}
    for name, value in figures.items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()
