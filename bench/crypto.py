"""Field-encryption benchmark (issue 3): ratios against a baseline measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench-crypto
    # or: DATABASE_URL=... .venv/bin/python bench/crypto.py

Prints one ``name: value`` line per figure. The two the issue names come first:

* ``aesgcm_vs_fernet_decrypt`` — values per second that AES-256-GCM decrypts
  (``AESGCM.decrypt``, with the nonce, ciphertext and associated data of our envelopes)
  divided by ``Fernet.decrypt`` of tokens of the same 1,200 plaintexts (target >= 8).
* ``encrypted_page_vs_plain`` — one 50-row page as the API serves it (bench/_crypto_pages.py:
  session-authenticated GET through the whole middleware stack, count and page query,
  one access-log line per row, ModelSerializer with id, status and six fields, JSON) over
  six encrypted fields, divided by the same page over six plain fields (target <= 1.2).

Stricter supporting figures follow, with the times behind them:

* ``envelope_vs_fernet_decrypt`` — our whole ``crypto.decrypt`` (parse the ``v1:``
  envelope, key lookup, strict base64, associated data, AES-256-GCM, UTF-8) per value.
* ``envelope_floor_vs_fernet_decrypt`` — the same steps as bare inline C calls, with no
  function call or error handling: the ceiling of any Python code for the ``v1:`` format.
* ``encrypted_fetch_serialize_vs_plain`` — query + instances + serializer + JSON only.
* ``encrypted_serialize_only_vs_plain`` — serializer + JSON only, on instances fetched just
  before (still sealed, so every value is decrypted inside the timed part).

Everything runs on the PostgreSQL server DATABASE_URL names, in a database of its own
(``gezinsaanpak_bench_crypto``, dropped, created and migrated afresh by every run); the
keys are the test settings' published ones. Nothing is cached between timed calls: every
page is fetched (and so decrypted) afresh. Each figure is the fastest of 9 interleaved
rounds, so load from other processes hits baseline and candidate alike.
"""

from __future__ import annotations

import base64
import binascii
import sys
import uuid
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _pg  # bench/ is the script's directory, so it is on sys.path

CRYPTO_DATABASE = "gezinsaanpak_bench_crypto"
_pg.django_on_fresh_database(CRYPTO_DATABASE)

from _crypto_pages import FIELDS, EncryptedSerializer, PlainSerializer, url  # noqa: E402
from _timing import best, best_prepared  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402

from gezinsaanpak.privacy import crypto  # noqa: E402
from gezinsaanpak.privacy.keyring import field_keyring  # noqa: E402
from tests.factories import UserFactory  # noqa: E402
from tests.testapp.models import EncryptedRow, PlainRow  # noqa: E402

PAGE = 50
VALUES = {
    "given_name": "Fatima",
    "family_name": "van den Berg-El Amrani",
    "street": "Kloosterraderstraat 12a",
    "postcode": "6461 AB",
    "phone": "+31 45 123 45 67",
    "email": "f.vandenberg@voorbeeld.nl",
}


def decrypt_figures() -> dict[str, float]:
    """AES-256-GCM against Fernet on the same 1,200 short values, each bound to its row.

    The headline is the cipher call itself, as ``cryptography`` provides each scheme;
    ``envelope_vs_fernet_decrypt`` is our whole ``v1:`` path (split, key lookup, strict
    base64, associated data, AES-GCM, UTF-8) against the same Fernet tokens.
    """
    plaintexts = [f"{VALUES[name]} {i}" for i in range(200) for name in FIELDS]
    binding, keyring = crypto.Binding("testapp.EncryptedRow", "family_name"), field_keyring()
    rows = [uuid.uuid4() for _ in plaintexts]
    pairs = zip(plaintexts, rows, strict=True)
    envelopes = [crypto.encrypt(p, binding, r, keyring) for p, r in pairs]
    fernet = Fernet(Fernet.generate_key())
    tokens = [fernet.encrypt(p.encode()) for p in plaintexts]
    cipher = keyring.ciphers[keyring.primary_id]
    sealed = []  # (nonce, ciphertext + tag, associated data), as stored in our envelopes
    for stored, row in zip(envelopes, rows, strict=True):
        raw = base64.b64decode(stored.rsplit(":", 1)[1])
        aad = binding.associated_data(row, keyring.primary_id)
        sealed.append((raw[: crypto.NONCE_BYTES], raw[crypto.NONCE_BYTES :], aad))

    def aesgcm() -> None:
        for nonce, data, aad in sealed:
            cipher.decrypt(nonce, data, aad)

    def whole_path() -> None:
        for value, row in zip(envelopes, rows, strict=True):
            crypto.decrypt(value, binding, row)

    openers, prefix, a2b = keyring.openers, binding.aad_prefix, binascii.a2b_base64

    def floor() -> None:
        # Only the C calls the v1 format needs, inline: no function call, no error handling.
        for value, row in zip(envelopes, rows, strict=True):
            header, _, body = value.rpartition(":")
            open_sealed, suffix = openers[header]
            raw = a2b(body, strict_mode=True)
            open_sealed(raw[:12], raw[12:], prefix + row.bytes + suffix).decode()

    def theirs() -> None:
        for token in tokens:
            fernet.decrypt(token)

    n = len(plaintexts)
    timings = best(aesgcm, whole_path, floor, theirs, number=3)
    aesgcm_s, envelope_s, floor_s, theirs_s = (t / n for t in timings)
    return {
        "aesgcm_vs_fernet_decrypt": theirs_s / aesgcm_s,
        "envelope_vs_fernet_decrypt": theirs_s / envelope_s,
        "envelope_floor_vs_fernet_decrypt": theirs_s / floor_s,
        "aesgcm_decrypt_us": aesgcm_s * 1e6,
        "envelope_decrypt_us": envelope_s * 1e6,
        "fernet_decrypt_us": theirs_s * 1e6,
    }


def comparison(name: str, plain_s: float, encrypted_s: float) -> dict[str, float]:
    """The ratio of two timings, and both in milliseconds."""
    return {
        f"encrypted_{name}_vs_plain": encrypted_s / plain_s,
        f"plain_{name}_ms": plain_s * 1e3,
        f"encrypted_{name}_ms": encrypted_s * 1e3,
    }


def prepare_database() -> None:
    if connection.vendor != "postgresql":
        sys.exit(f"bench: expected PostgreSQL, the test settings gave {connection.vendor}.")
    # The whole schema (users, sessions, access log with its triggers) plus the test models.
    call_command("migrate", run_syncdb=True, verbosity=0)
    for model in (PlainRow, EncryptedRow):
        model.objects.bulk_create(model(**VALUES) for _ in range(2 * PAGE))


def served_page_figures() -> dict[str, float]:
    """The page as the API serves it (bench/_crypto_pages.py), wall-clock per request."""
    client = Client()
    client.force_login(UserFactory())
    # Production keeps connections open (DATABASE_CONN_MAX_AGE, 60 s); the test settings
    # would reconnect for every request, which would dominate both pages.
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    with override_settings(ROOT_URLCONF="_crypto_pages"):
        with connection.cursor() as cursor:
            # Every page commits its access-log lines. Waiting for the disk to flush them
            # costs both pages the same and is the largest source of noise here: skip it.
            cursor.execute("SET synchronous_commit TO off")
        for logged in (True, False):
            for name in ("plain", "encrypted"):
                response = client.get(url(name, logged=logged))
                assert response.status_code == 200, response.content[:200]
                assert len(response.json()["results"]) == PAGE
        assert b"van den Berg" in client.get(url("encrypted")).content
        plain, encrypted, plain_unlogged, encrypted_unlogged = best(
            *(
                partial(client.get, url(name, logged=logged))
                for logged in (True, False)
                for name in ("plain", "encrypted")
            ),
            number=20,
            repeat=15,
        )
    return {
        **comparison("page", plain, encrypted),
        **comparison("unlogged_page", plain_unlogged, encrypted_unlogged),
    }


def serialize_figures() -> dict[str, float]:
    """Stricter readings: fetch + serialize + JSON, and serialize + JSON alone."""
    renderer = JSONRenderer()

    def fetch(model: type[PlainRow] | type[EncryptedRow]) -> list[Any]:
        return list(model.objects.order_by("id")[:PAGE])

    def serialize(page: object, serializer: type[serializers.ModelSerializer[Any]]) -> bytes:
        return renderer.render(serializer(page, many=True).data)

    def render(model: type[PlainRow] | type[EncryptedRow], serializer: Any) -> bytes:
        return serialize(fetch(model), serializer)

    assert b"van den Berg" in render(EncryptedRow, EncryptedSerializer)
    plain, encrypted = best(
        lambda: render(PlainRow, PlainSerializer),
        lambda: render(EncryptedRow, EncryptedSerializer),
        number=30,
    )
    # Serialization step alone, on freshly fetched (still sealed) instances: all of the
    # decryption happens here, none of the query cost dilutes it.
    plain_ser, encrypted_ser = best_prepared(
        (lambda: fetch(PlainRow), lambda page: serialize(page, PlainSerializer)),
        (lambda: fetch(EncryptedRow), lambda page: serialize(page, EncryptedSerializer)),
        number=30,
    )
    return {
        **comparison("fetch_serialize", plain, encrypted),
        **comparison("serialize_only", plain_ser, encrypted_ser),
    }


def main() -> None:
    prepare_database()
    figures = {**decrypt_figures(), **served_page_figures(), **serialize_figures()}
    for name, value in figures.items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()
