"""Field-encryption benchmark (issue 3): ratios against a baseline measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench-crypto
    # or: DATABASE_URL=... .venv/bin/python bench/crypto.py

Prints one ``name: value`` line per figure:

* ``aesgcm_vs_fernet_decrypt`` — how many times more values per second our decrypt path
  opens than ``Fernet.decrypt`` (target >= 8). Our path is the whole thing the app pays
  per value: parse the ``v1:`` envelope, base64, associated data, key lookup, AES-256-GCM.
* ``encrypted_page_vs_plain`` — the whole page as the API serves it: query the 50 rows
  from PostgreSQL, build the instances, serialize them with a DRF ModelSerializer (id,
  status and 6 fields, all read) and render JSON; encrypted fields divided by the same
  page with plain fields (target <= 1.2).
* ``encrypted_serialize_only_vs_plain`` (supporting) — only the serialize + JSON step, on
  instances fetched just before (still sealed, so every value is decrypted inside the
  timed part). Stricter than the page figure: no query cost in the baseline.

Supporting figures follow (raw primitive ratio, microseconds per value, milliseconds per
page). The page figures run on the PostgreSQL server DATABASE_URL names, in a database
of their own (``gezinsaanpak_bench_crypto``, dropped and created afresh by every run);
the keys are the test settings' published ones. Nothing is cached between timed calls:
every page is fetched (and so decrypted) afresh.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import timeit
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _pg  # bench/ is the script's directory, so it is on sys.path

CRYPTO_DATABASE = "gezinsaanpak_bench_crypto"
_url = _pg.bench_url(os.environ.get("DATABASE_URL"), CRYPTO_DATABASE)
_pg.create_database(_url, drop_first=True, database=CRYPTO_DATABASE)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = _url

import django  # noqa: E402

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


# Wall-clock: the page includes the database server's work, which the process's own CPU
# time would leave out. Load from other processes is handled by taking the fastest of
# interleaved rounds (see best()).
TIMER = time.perf_counter


def best(*funcs: Callable[[], object], number: int, repeat: int = 9) -> list[float]:
    """Seconds per call of each function: the fastest of ``repeat`` runs (timeit's advice).

    The functions take turns within every round, so load from other processes on the
    machine hits baseline and candidate alike.
    """
    runs: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeat):
        for times, func in zip(runs, funcs, strict=True):
            times.append(timeit.timeit(func, number=number, timer=TIMER) / number)
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


def best_prepared(
    *cases: tuple[Callable[[], object], Callable[[object], object]], number: int, repeat: int = 9
) -> list[float]:
    """Like :func:`best`, but each timed call gets an argument prepared outside the timing.

    ``cases`` are ``(prepare, run)`` pairs; per round ``number`` arguments are prepared
    first (fresh every time: nothing carries over between calls), then only ``run`` is
    timed. GC is off while timing, as in timeit.
    """
    runs: list[list[float]] = [[] for _ in cases]
    for _ in range(repeat):
        for times, (prepare, run) in zip(runs, cases, strict=True):
            args = [prepare() for _ in range(number)]
            gc_was_on = gc.isenabled()
            gc.disable()
            try:
                start = TIMER()
                for arg in args:
                    run(arg)
                times.append((TIMER() - start) / number)
            finally:
                if gc_was_on:
                    gc.enable()
    return [min(times) for times in runs]


def page_figures() -> dict[str, float]:
    if connection.vendor != "postgresql":
        sys.exit(f"bench: expected PostgreSQL, the test settings gave {connection.vendor}.")
    with connection.schema_editor() as editor:
        editor.create_model(PlainRow)
        editor.create_model(EncryptedRow)
    for model in (PlainRow, EncryptedRow):
        model.objects.bulk_create(model(**VALUES) for _ in range(PAGE))
    renderer = JSONRenderer()

    def fetch(model: type[PlainRow] | type[EncryptedRow]) -> list[Any]:
        return list(model.objects.order_by("id")[:PAGE])

    def serialize(page: object, serializer: type[serializers.ModelSerializer[Any]]) -> bytes:
        return renderer.render(serializer(page, many=True).data)

    def render(model: type[PlainRow] | type[EncryptedRow], serializer: Any) -> bytes:
        return serialize(fetch(model), serializer)  # the whole page: query, rows, JSON

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
        "encrypted_page_vs_plain": encrypted / plain,
        "encrypted_serialize_only_vs_plain": encrypted_ser / plain_ser,
        "plain_page_ms": plain * 1e3,
        "encrypted_page_ms": encrypted * 1e3,
        "plain_serialize_only_ms": plain_ser * 1e3,
        "encrypted_serialize_only_ms": encrypted_ser * 1e3,
    }


def main() -> None:
    figures = {**decrypt_figures(), **page_figures()}
    for name, value in figures.items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()
