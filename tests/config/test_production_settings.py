"""Production settings, each checked in a fresh interpreter with only the given environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import new_blind_index_key, new_field_key_entry

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in %r}, default=str))
"""


def production_env(**overrides):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60 + "-production-test-secret",
        "DATABASE_URL": "postgres://app@db.example.org:5432/gezinsaanpak",
        "ALLOWED_HOSTS": "gezinsaanpak.example.org",
        "FIELD_ENCRYPTION_KEYS": new_field_key_entry("prod1"),
        "BLIND_INDEX_KEY": new_blind_index_key(),
    }
    environment.update(overrides)
    return {key: value for key, value in environment.items() if value is not None}


def run(args, environment):
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    result = run(["manage.py", "check"], production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    secret_file = tmp_path / "secret_key"
    secret_file.write_text("f" * 60 + "-from-a-file")
    script = PRINT_SETTINGS % (["SECRET_KEY"],)
    environment = production_env(SECRET_KEY=None, SECRET_KEY_FILE=str(secret_file))
    result = run(["-c", script], environment)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SECRET_KEY"] == "f" * 60 + "-from-a-file"


def test_production_deploy_check_reports_nothing():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_security_settings():
    names = [
        "DEBUG",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
        "SESSION_REFRESH_SECONDS",
        "SESSION_ABSOLUTE_LIFETIME",
        "TWO_FACTOR_REQUIRED",
        "SECURE_CSP",
        "MIDDLEWARE",
        "PASSWORD_HASHERS",
    ]
    result = run(["-c", PRINT_SETTINGS % (names,)], production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"]
    assert values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    # Idle expiry is renewed by accounts.middleware.SessionRefreshMiddleware, once a minute.
    assert values["SESSION_SAVE_EVERY_REQUEST"] is False
    assert 0 < values["SESSION_REFRESH_SECONDS"] <= 60
    assert "accounts.middleware.SessionRefreshMiddleware" in values["MIDDLEWARE"]
    assert values["SESSION_ABSOLUTE_LIFETIME"] == 12 * 60 * 60
    assert values["TWO_FACTOR_REQUIRED"] is True
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in values["MIDDLEWARE"]
    assert "'self'" in str(values["SECURE_CSP"]["default-src"])
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_production_rejects_a_malformed_boolean():
    result = run(["manage.py", "check"], production_env(SECURE_SSL_REDIRECT="misschien"))
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr


def test_production_trusts_the_proxies_named_in_forwarded_allow_ips():
    script = PRINT_SETTINGS % (["TRUSTED_PROXIES"],)
    named = run(["-c", script], production_env(FORWARDED_ALLOW_IPS="172.30.0.10, 10.0.0.0/8"))
    unset = run(["-c", script], production_env())
    assert named.returncode == unset.returncode == 0, named.stderr + unset.stderr
    assert json.loads(named.stdout)["TRUSTED_PROXIES"] == ["172.30.0.10", "10.0.0.0/8"]
    assert json.loads(unset.stdout)["TRUSTED_PROXIES"] == []


def test_production_refuses_to_serve_with_an_unusable_forwarded_allow_ips():
    result = run(["-c", "import config.wsgi"], production_env(FORWARDED_ALLOW_IPS="*"))
    assert result.returncode != 0
    assert "FORWARDED_ALLOW_IPS" in result.stderr
