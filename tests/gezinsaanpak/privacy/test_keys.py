"""Keys come from settings/the environment, are validated at start-up and never echoed."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config import env
from gezinsaanpak.privacy import keyring
from gezinsaanpak.privacy.checks import check_field_keys

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = base64.b64encode(b"k" * 32).decode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("nocolon", "must look like"),
        (f"bad id!:{GOOD_KEY}", "key id"),
        ("k1:not-base64!!", "not valid base64"),
        ("k1:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
        (f"k1:{GOOD_KEY},k1:{GOOD_KEY}", "appears twice"),
    ],
)
def test_malformed_field_keys_are_refused_naming_the_variable(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message) as info:
        keyring.parse_field_keys(raw)
    assert "FIELD_ENCRYPTION_KEYS" in str(info.value)
    assert GOOD_KEY not in str(info.value)


def test_first_key_encrypts_and_order_is_kept():
    ring = keyring.parse_field_keys(f" new:{GOOD_KEY} , old:{base64.b64encode(b'o' * 32).decode()}")
    assert ring.primary_id == "new"
    assert ring.key_ids == ("new", "old")


def test_blind_index_key_must_be_32_bytes():
    with pytest.raises(ImproperlyConfigured, match="BLIND_INDEX_KEY"):
        keyring.parse_blind_index_key(base64.b64encode(b"x" * 16).decode())


def test_changed_setting_takes_effect_at_once(settings):
    settings.FIELD_ENCRYPTION_KEYS = f"fresh:{GOOD_KEY}"
    assert keyring.field_keyring().primary_id == "fresh"
    settings.FIELD_ENCRYPTION_KEYS = f"other:{GOOD_KEY}"
    assert keyring.field_keyring().primary_id == "other"


def test_system_check_reports_bad_keys(settings):
    assert check_field_keys(None) == []
    settings.FIELD_ENCRYPTION_KEYS = "k1:nope"
    settings.BLIND_INDEX_KEY = ""
    errors = check_field_keys(None)
    assert [e.id for e in errors] == ["privacy.E001", "privacy.E002"]
    assert errors[0].obj == "FIELD_ENCRYPTION_KEYS"


def test_system_check_refuses_blind_key_equal_to_a_field_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = f"k1:{GOOD_KEY}"
    settings.BLIND_INDEX_KEY = GOOD_KEY
    assert [e.id for e in check_field_keys(None)] == ["privacy.E003"]


def test_app_ready_validation_names_the_variable(settings):
    settings.FIELD_ENCRYPTION_KEYS = "k1:" + base64.b64encode(b"x").decode()
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        keyring.validate_settings()


def test_test_settings_keys_are_valid():
    keyring.parse_field_keys(settings.FIELD_ENCRYPTION_KEYS)
    keyring.parse_blind_index_key(settings.BLIND_INDEX_KEY)


def test_development_key_generator_makes_valid_keys(tmp_path):
    entry = env.dev_secret(tmp_path / "field_encryption_keys", env.new_field_key_entry)
    assert keyring.parse_field_keys(entry).primary_id == "dev1"
    assert (tmp_path / "field_encryption_keys").stat().st_mode & 0o777 == 0o600
    blind = env.dev_secret(tmp_path / "blind_index_key", env.new_blind_index_key)
    assert len(keyring.parse_blind_index_key(blind)) == 32


def test_generate_field_key_prints_a_usable_entry(capsys):
    call_command("generate_field_key", "--id", "k2027")
    entry = capsys.readouterr().out.strip()
    assert entry.startswith("k2027:")
    assert keyring.parse_field_keys(entry).primary_id == "k2027"


def test_generate_field_key_makes_a_new_key_each_time(capsys):
    call_command("generate_field_key")
    call_command("generate_field_key")
    first, second = capsys.readouterr().out.split()
    assert first != second


def _start_production(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "DJANGO_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 50,
        DATABASE_URL="sqlite:///:memory:",
        ALLOWED_HOSTS="example.org",
        **extra,
    )
    code = "import django; django.setup(); print('started')"
    return subprocess.run(  # noqa: S603 - a fixed interpreter and a fixed command
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_field_keys():
    result = _start_production({"BLIND_INDEX_KEY": GOOD_KEY})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr
    assert "started" not in result.stdout


def test_production_refuses_to_start_without_blind_index_key():
    result = _start_production({"FIELD_ENCRYPTION_KEYS": f"p1:{GOOD_KEY}"})
    assert result.returncode != 0
    assert "BLIND_INDEX_KEY" in result.stderr


def test_production_refuses_malformed_keys_and_does_not_echo_them():
    secret_ish = base64.b64encode(b"s" * 31).decode()
    result = _start_production(
        {"FIELD_ENCRYPTION_KEYS": f"p1:{secret_ish}", "BLIND_INDEX_KEY": GOOD_KEY}
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr
    assert secret_ish not in result.stderr


def test_production_starts_with_keys_from_files(tmp_path):
    (tmp_path / "fek").write_text(f"p1:{GOOD_KEY}\n")
    (tmp_path / "bik").write_text(base64.b64encode(b"b" * 32).decode())
    result = _start_production(
        {
            "FIELD_ENCRYPTION_KEYS_FILE": str(tmp_path / "fek"),
            "BLIND_INDEX_KEY_FILE": str(tmp_path / "bik"),
        }
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "started" in result.stdout
