"""Development and demo: SQLite under ./var/, secrets generated there on first run."""

from __future__ import annotations

import dj_database_url

from config import env

from .base import *  # noqa: F403
from .base import VAR_DIR

# Off unless asked for (`DJANGO_DEBUG=true make run`): the demo is shown to others, and debug
# pages list URL patterns, tracebacks and settings to anyone who provokes an error.
DEBUG = env.boolean("DJANGO_DEBUG", False)
# whitenoise serves the static files straight from the apps' and ./static/ directories
# (found once at start-up; with DEBUG, looked up on each request), so no collectstatic.
WHITENOISE_USE_FINDERS = True
SECRET_KEY = env.string("SECRET_KEY", env.dev_secret(VAR_DIR / "secret_key"))
# Field encryption (see gezinsaanpak/privacy): "<key-id>:<base64 key>,..."; the first encrypts.
FIELD_ENCRYPTION_KEYS = env.string(
    "FIELD_ENCRYPTION_KEYS",
    env.dev_secret(VAR_DIR / "field_encryption_keys", env.new_field_key_entry),
)
BLIND_INDEX_KEY = env.string(
    "BLIND_INDEX_KEY", env.dev_secret(VAR_DIR / "blind_index_key", env.new_blind_index_key)
)
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

DATABASES = {
    "default": dj_database_url.parse(
        env.string("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"), conn_max_age=0
    )
}

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# The demo logins skip two-factor authentication (see the README); enrolled users are still asked.
TWO_FACTOR_REQUIRED = env.boolean("TWO_FACTOR_REQUIRED", False)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions take the lock up front and wait for each other instead of failing
    # with "database is locked" when two requests write the access log at once.
    # WAL: the worker's and the web server's readers do not wait for a writer. The busy
    # timeout (20 s) is how long a writer waits for the lock. synchronous=NORMAL: in WAL mode
    # a commit survives the process being killed, only not a power cut of the machine, and
    # costs no fsync; every request writes the access log, so under load this counts.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # secure_delete: an erased file's values are overwritten in the database file,
        # not left in free pages (docs/operations.md, "Erasure and the database's pages").
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }

# The partner API's rate per client; CI's schemathesis run raises it.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # noqa: F405
        "partner": env.string("PARTNER_API_RATE", "120/minute"),
    },
}
REFERRAL_CONTACT_CHECK_WEEKS = env.integer("REFERRAL_CONTACT_CHECK_WEEKS", 3)

# One cache for the demo's app processes (gunicorn runs two), so the rate limits and the token
# endpoint's cool-off count every request, as the database cache does in production.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
