"""Production: every secret from the environment (or a *_FILE), no defaults, HTTPS only."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from config import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.string("SECRET_KEY")
FIELD_ENCRYPTION_KEYS = env.string("FIELD_ENCRYPTION_KEYS")
BLIND_INDEX_KEY = env.string("BLIND_INDEX_KEY")
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": dj_database_url.parse(
        env.string("DATABASE_URL"),
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# Throttling and lockouts must be shared by every app server: keep the cache in the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Django's default (300 entries) would cull other clients' throttle counters as soon
        # as 300 clients were active in one minute.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
}

STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto. The same variable tells
# gunicorn (deploy/gunicorn.conf.py) whose X-Forwarded-Proto to believe and config.proxy
# whose X-Forwarded-For: comma-separated IP addresses or networks. Unset, the app trusts
# nobody (gunicorn still trusts 127.0.0.1 for the scheme).
TRUSTED_PROXIES = env.string_list("FORWARDED_ALLOW_IPS", [])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env.string("EMAIL_HOST", "localhost"),
            "port": env.integer("EMAIL_PORT", 25),
            "username": env.string("EMAIL_HOST_USER", ""),
            "password": env.string("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env.boolean("EMAIL_USE_TLS", True),
        },
    }
}
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

TWO_FACTOR_REQUIRED = True
SITE_URL = env.string("SITE_URL", SITE_URL)  # noqa: F405

REFERRAL_CONTACT_CHECK_WEEKS = env.integer("REFERRAL_CONTACT_CHECK_WEEKS", 3)

# The erasure ledger (README, "Gegevens wissen"): on storage that every app server and
# worker can write, that is not restored with the database, and that is backed up apart.
ERASURE_LEDGER_DIR = Path(env.string("ERASURE_LEDGER_DIR", "/var/lib/gezinsaanpak/erasure-ledger"))
