"""The envelope: AES-256-GCM bound to model, field, row and key; failures say where, not what."""

from __future__ import annotations

import base64
import logging
import uuid

import pytest

from gezinsaanpak.privacy import crypto
from gezinsaanpak.privacy.keyring import parse_field_keys

KEY_A = "ka:" + base64.b64encode(bytes(range(32))).decode()
KEY_B = "kb:" + base64.b64encode(bytes(range(32, 64))).decode()
POSTCODE = crypto.Binding("testapp.Person", "postcode")
PHONE = crypto.Binding("testapp.Person", "phone")
CANARY = "Canary-Postcode-7391QX"


def _flip(envelope: str, position: int) -> str:
    prefix, key_id, body = envelope.split(":", 2)
    raw = bytearray(base64.b64decode(body))
    raw[position] ^= 0x01
    return f"{prefix}:{key_id}:{base64.b64encode(bytes(raw)).decode()}"


def test_envelope_is_versioned_and_names_the_key():
    row = uuid.uuid4()
    envelope = crypto.encrypt(CANARY, POSTCODE, row, parse_field_keys(KEY_A))
    assert envelope.startswith("v1:ka:")
    assert CANARY not in envelope
    raw = base64.b64decode(envelope.split(":", 2)[2])
    assert len(raw) == 12 + len(CANARY.encode()) + 16  # nonce, ciphertext, tag
    assert crypto.decrypt(envelope, POSTCODE, row, parse_field_keys(KEY_A)) == CANARY


def test_same_value_encrypts_differently_each_time():
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    assert crypto.encrypt(CANARY, POSTCODE, row, keys) != crypto.encrypt(
        CANARY, POSTCODE, row, keys
    )


def test_ciphertext_copied_to_another_row_fails():
    keys = parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, uuid.uuid4(), keys)
    with pytest.raises(crypto.DecryptionError, match="authentication failed"):
        crypto.decrypt(envelope, POSTCODE, uuid.uuid4(), keys)


def test_ciphertext_copied_to_another_field_fails():
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(envelope, PHONE, row, keys)


def test_ciphertext_copied_to_another_model_fails():
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(envelope, crypto.Binding("testapp.Visit", "postcode"), row, keys)


@pytest.mark.parametrize("position", [0, 11, 12, -1])  # nonce, first ciphertext byte, tag
def test_one_flipped_byte_fails(position):
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(_flip(envelope, position), POSTCODE, row, keys)


def test_relabelled_key_id_fails():
    """Claiming another key id changes the associated data, even when the key bytes match."""
    same_key_twice = KEY_A + ",kz:" + KEY_A.split(":", 1)[1]
    row, keys = uuid.uuid4(), parse_field_keys(same_key_twice)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(envelope.replace("v1:ka:", "v1:kz:"), POSTCODE, row, keys)


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda e: e[:-10], "malformed base64|authentication failed"),
        (lambda e: e[: len("v1:ka:") + 8], "truncated"),
        (lambda e: e.replace("v1:", "v2:"), "not a v1 envelope"),
        (lambda e: CANARY, "not a v1 envelope"),
        (lambda e: e.replace("v1:ka:", "v1:other:"), "unknown key id"),
        (lambda e: e + "!!", "malformed base64"),
    ],
)
def test_truncated_or_malformed_envelopes_fail(mangle, reason):
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    with pytest.raises(crypto.DecryptionError, match=reason):
        crypto.decrypt(mangle(envelope), POSTCODE, row, keys)


def test_foreign_key_with_the_same_id_fails():
    row = uuid.uuid4()
    envelope = crypto.encrypt(CANARY, POSTCODE, row, parse_field_keys(KEY_A))
    foreign = parse_field_keys("ka:" + KEY_B.split(":", 1)[1])
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(envelope, POSTCODE, row, foreign)


def test_all_keys_decrypt_but_the_first_encrypts():
    row = uuid.uuid4()
    old = crypto.encrypt(CANARY, POSTCODE, row, parse_field_keys(KEY_A))
    both = parse_field_keys(f"{KEY_B},{KEY_A}")
    assert crypto.decrypt(old, POSTCODE, row, both) == CANARY
    assert crypto.envelope_key_id(crypto.encrypt(CANARY, POSTCODE, row, both)) == "kb"


def test_failure_is_logged_with_place_but_without_value(caplog):
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    with caplog.at_level(logging.DEBUG), pytest.raises(crypto.DecryptionError) as info:
        crypto.decrypt(envelope, POSTCODE, uuid.UUID(int=7), keys)
    record = next(r for r in caplog.records if r.name == "gezinsaanpak.privacy")
    assert record.levelno == logging.ERROR
    assert (record.model, record.field, record.row) == (
        "testapp.Person",
        "postcode",
        str(uuid.UUID(int=7)),
    )
    assert CANARY not in caplog.text
    assert envelope not in caplog.text
    assert CANARY not in str(info.value)
    assert info.value.__cause__ is None  # nothing chained that could carry details
    assert info.value.__context__ is None


def test_decryption_error_is_not_swallowed_by_templates():
    """Django templates silently skip ValueError/TypeError/AttributeError during lookups."""
    assert not issubclass(crypto.DecryptionError, ValueError | TypeError | AttributeError)


def test_non_ascii_plaintext_round_trips():
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    text = "Ĳsselmonde — Çiğdem Øster 🙂"
    assert crypto.decrypt(crypto.encrypt(text, POSTCODE, row, keys), POSTCODE, row, keys) == text


def test_row_id_as_string_means_the_same_row():
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, str(row), keys)
    assert crypto.decrypt(envelope, POSTCODE, row, keys) == CANARY
    assert crypto.decrypt(envelope, POSTCODE, row.hex, keys) == CANARY


def _body_edit(edit):
    """Change only the base64 body of an envelope (``v1:<key-id>:`` stays as it is)."""

    def mangle(envelope: str) -> str:
        version, key_id, body = envelope.split(":", 2)
        assert body.endswith("=")  # CANARY seals to 50 bytes: one padding character
        return f"{version}:{key_id}:{edit(body)}"

    return mangle


@pytest.mark.parametrize(
    "mangle",
    [
        _body_edit(lambda b: b[:5] + "é" + b[6:]),  # non-ASCII: not even bytes
        _body_edit(lambda b: b[:5] + "-" + b[6:]),  # URL-safe alphabet
        _body_edit(lambda b: b[:8] + "\n" + b[8:]),  # line break
        _body_edit(lambda b: " " + b),  # whitespace
        _body_edit(lambda b: b.rstrip("=")),  # padding missing
        _body_edit(lambda b: b + "AAAA"),  # data after the padding
        _body_edit(lambda b: b[:-1] + "=="),  # too much padding
    ],
    ids=["non-ascii", "urlsafe", "newline", "space", "no-padding", "after-padding", "padding"],
)
def test_base64_body_is_decoded_strictly(mangle, caplog):
    """Lenient base64 would skip stray characters; every such edit must fail to open."""
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    assert crypto.decrypt(envelope, POSTCODE, row, keys) == CANARY
    with pytest.raises(crypto.DecryptionError, match="malformed base64"):
        crypto.decrypt(mangle(envelope), POSTCODE, row, keys)


def test_keyring_from_settings_is_used_when_none_is_given(settings):
    row = uuid.uuid4()
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    envelope = crypto.encrypt(CANARY, POSTCODE, row)
    assert crypto.decrypt(envelope, POSTCODE, row) == CANARY
    settings.FIELD_ENCRYPTION_KEYS = KEY_B  # setting_changed drops the cached keyring
    with pytest.raises(crypto.DecryptionError, match="unknown key id"):
        crypto.decrypt(envelope, POSTCODE, row)


@pytest.mark.parametrize("length", [0, 3, 8, 11, 12, 20, 27])
def test_body_too_short_for_nonce_and_tag_fails_as_truncated(length):
    # The body of the real envelope, cut to ``length`` bytes: a nonce of 8-11 bytes is one
    # AES-GCM would accept, so this also shows the tag check refuses what is left.
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    raw = base64.b64decode(crypto.encrypt(CANARY, POSTCODE, row, keys).rsplit(":", 1)[1])
    short = "v1:ka:" + base64.b64encode(raw[:length]).decode()
    with pytest.raises(crypto.DecryptionError, match="truncated ciphertext"):
        crypto.decrypt(short, POSTCODE, row, keys)


def test_extra_colon_in_the_body_fails_as_malformed():
    row, keys = uuid.uuid4(), parse_field_keys(KEY_A)
    envelope = crypto.encrypt(CANARY, POSTCODE, row, keys)
    cut = len("v1:ka:") + 8
    with pytest.raises(crypto.DecryptionError, match="malformed base64"):
        crypto.decrypt(envelope[:cut] + ":" + envelope[cut:], POSTCODE, row, keys)
