"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import dj_database_url

from config import env

from .base import *  # noqa: F403
from .base import BASE_DIR, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
# Fixed, published test keys: tests must be repeatable; they protect nothing.
# (Subprocess tests of key rotation pass other keys in the environment.)
FIELD_ENCRYPTION_KEYS = env.string("FIELD_ENCRYPTION_KEYS", "test1:" + "A" * 43 + "=")
BLIND_INDEX_KEY = "B" * 43 + "="
# First, so that its `flush` (which may empty the access log) wins over the one that refuses.
INSTALLED_APPS = ["tests.testapp", *INSTALLED_APPS]  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

DATABASES = {
    "default": dj_database_url.parse(
        env.string("DATABASE_URL", f"sqlite:///{VAR_DIR / 'test.sqlite3'}"), conn_max_age=0
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # As in the demo: the tests that start workers and schedulers as processes share a file.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# Argon2 stays first in base; tests hash with MD5 for speed (a test asserts base's order).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TWO_FACTOR_REQUIRED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/minute",
        "user_burst": "10000/minute",
        "user_sustained": "10000/minute",
        "partner": "10000/minute",
    },
}
TEST_ARTIFACTS_DIR = BASE_DIR / "var" / "test-artifacts"
# Tests that erase point this at a temporary directory of their own.
ERASURE_LEDGER_DIR = BASE_DIR / "var" / "test-artifacts" / "erasure-ledger"
