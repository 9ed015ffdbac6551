"""Settings shared by every environment. No secrets and no database here."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import django_stubs_ext
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import env

# Lets ModelAdmin[Model], ModelSerializer[Model] and friends be written at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes: single-use static tokens (accounts/two_factor.py).
    "django_otp.plugins.otp_static",
    "oauth2_provider",
    "django_tasks_db",
    "accounts",
    "gezinsaanpak",
]

MIDDLEWARE = [
    # First: everything after it (access log, lockout, throttles) sees the client's address.
    "config.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # API bodies are read and checked here, before sessions, authentication and any view:
    # too large, not UTF-8, nested too deeply, NUL or lone surrogates answer a JSON 4xx.
    "gezinsaanpak.api.body_guard.BodyGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionRefreshMiddleware",
    "accounts.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gezinsaanpak.audit.request_context.RequestContextMiddleware",
    "accounts.middleware.CachedOTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.NoStoreForAuthenticatedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gezinsaanpak.web.decryption.DecryptionErrorMiddleware",
    "gezinsaanpak.web.restricted.ProcessingRestrictedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

# Request bodies of the API (/api/ and /oauth/), checked by gezinsaanpak.api.body_guard before
# anything else reads them: at most this many bytes (larger answers 413), and JSON nested at
# most this deep (deeper answers 400). The largest real body, a family with four caregivers
# and eight children, is a few kilobytes. Keep the size under DATA_UPLOAD_MAX_MEMORY_SIZE.
API_MAX_BODY_BYTES = env.integer("API_MAX_BODY_BYTES", 256 * 1024)
API_MAX_JSON_DEPTH = env.integer("API_MAX_JSON_DEPTH", 32)

# Reverse proxies whose X-Forwarded-For is believed (config/proxy.py): IP addresses or CIDR
# networks. Empty trusts nobody: REMOTE_ADDR is the client.
TRUSTED_PROXIES: list[str] = []

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gezinsaanpak.web.context_processors.user_capabilities",
                "gezinsaanpak.web.context_processors.concern_alerts",
                "gezinsaanpak.web.context_processors.session_warning",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out (username, IP) pairs before a password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: 30 minutes idle, 12 hours at most since login.
SESSION_COOKIE_AGE = 30 * 60
# The idle timeout is renewed at most once a minute (accounts.middleware.SessionRefreshMiddleware),
# not by writing the session on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
# How long a session trusts its two-factor state (a verified device, or that the user has none)
# before it looks again (accounts.middleware): a device removed or enrolled elsewhere counts
# within this time.
TWO_FACTOR_RECHECK_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Two-factor authentication is required for these roles where TWO_FACTOR_REQUIRED is on.
TWO_FACTOR_REQUIRED = True
TWO_FACTOR_ROLES = frozenset({"coordinator", "specialist", "privacy_officer", "admin"})
OTP_TOTP_ISSUER = "Gezinsaanpak"
# How many two-factor recovery codes a user gets at a time (each works once).
RECOVERY_CODE_COUNT = 10

# An invitation link to the team sets a password and works this long, once.
INVITATION_VALID_DAYS = 7

# Lock a (username, IP) pair after ten failures, for a cool-off; never permanently.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The lockout's IP is REMOTE_ADDR as config.proxy settled it, never a header of axes' choosing
# (were django-ipware ever installed, axes would otherwise read X-Forwarded-For itself).
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"

# Background work: Django's task framework with the database as the queue (django-tasks-db).
# Workers (`manage.py db_worker`) on any number of machines take tasks with
# SELECT … FOR UPDATE SKIP LOCKED; `manage.py run_schedule` enqueues the scheduled ones.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job that shows no progress for this long is taken to have lost its worker
# (killed, machine gone): `recover_stalled_jobs` retries it or marks it failed.
JOB_STALL_SECONDS = env.integer("JOB_STALL_SECONDS", 10 * 60)
JOB_MAX_ATTEMPTS = env.integer("JOB_MAX_ATTEMPTS", 3)
# Downloads a job produces (exports, report files) are kept this long, then deleted.
JOB_FILE_HOURS = env.integer("JOB_FILE_HOURS", 24)
# A family's data export (AVG art. 15/20) can be downloaded once, within this many days.
PRIVACY_EXPORT_DAYS = env.integer("PRIVACY_EXPORT_DAYS", 7)
# Finished jobs and their queue rows are deleted after this many days.
JOB_RETENTION_DAYS = env.integer("JOB_RETENTION_DAYS", 30)
# Access-log lines are kept this long (5 years, NEN 7513), then removed as a whole prefix of
# their chain behind a checkpoint (`manage.py prune_access_log`, scheduled daily).
ACCESS_LOG_RETENTION_DAYS = env.integer("ACCESS_LOG_RETENTION_DAYS", 1826)
# The nightly verify_access_log hashes only the lines since its last run; every this many
# days it hashes every line again (issue 19).
ACCESS_LOG_FULL_VERIFY_DAYS = env.integer("ACCESS_LOG_FULL_VERIFY_DAYS", 7)
# /readyz: a worker must have started a task this recently (the schedule enqueues a
# heartbeat task every minute, so an idle but healthy system stays ready).
READYZ_WORKER_SECONDS = env.integer("READYZ_WORKER_SECONDS", 5 * 60)
# Webhooks to partner software: each call waits this long at most; a failed delivery is
# tried again after 1, 2, 4, … times the base pause, and given up after the last attempt.
WEBHOOK_TIMEOUT_SECONDS = env.integer("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_RETRY_BASE_SECONDS = env.integer("WEBHOOK_RETRY_BASE_SECONDS", 60)
WEBHOOK_MAX_ATTEMPTS = env.integer("WEBHOOK_MAX_ATTEMPTS", 8)

# Retention (AVG art. 5(1)(e)): the defaults of the per-organisation rules (an
# organisation's own periods are set in the admin, *Bewaartermijnen*). `manage.py
# apply_retention` (daily in the schedule) anonymises a file when its period has passed.
RETENTION_CLOSED_MONTHS = env.integer("RETENTION_CLOSED_MONTHS", 24)
RETENTION_NO_PROGRAMME_MONTHS = env.integer("RETENTION_NO_PROGRAMME_MONTHS", 12)
RETENTION_DECLINED_MONTHS = env.integer("RETENTION_DECLINED_MONTHS", 3)
# The erasure ledger: one line per erased or anonymised file, in files outside the
# database, so that `manage.py replay_erasures` can erase them again after a restore of an
# older backup. Keep it on storage that is not restored with the database, back it up
# separately (docs/operations.md).
ERASURE_LEDGER_DIR = Path(env.string("ERASURE_LEDGER_DIR", str(VAR_DIR / "erasure-ledger")))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Content-Security-Policy (Django's own middleware): nothing from elsewhere, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["gezinsaanpak.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "gezinsaanpak.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Per address (anonymous), per user (a burst and a sustained rate, both must allow) and per
    # partner client: counted in the database, one statement a request (api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["gezinsaanpak.api.throttling.RateLimit"],
    # Throttle by REMOTE_ADDR (config.proxy puts the client's address there); unset, DRF
    # would believe any X-Forwarded-For a client sends.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "60/minute",
        # A person working fast (two devices, a job page polling every second) stays far
        # below both; a script going flat out is stopped within 10 s, one at 6 requests a
        # second within 10 minutes (tests/gezinsaanpak/api/test_user_throttle.py).
        "user_burst": "120/10s",
        "user_sustained": "3000/10m",
        # Per partner API client.
        "partner": "120/minute",
    },
    "DEFAULT_SCHEMA_CLASS": "gezinsaanpak.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

_DSR = "gezinsaanpak.models.subject_request"
_ERRORS = "drf_standardized_errors.openapi_serializers"
SPECTACULAR_SETTINGS = {
    "TITLE": "Gezinsaanpak API",
    "DESCRIPTION": (
        "Case tracker for the family-literacy work of Dutch public libraries. "
        "Every family you may not see answers 404, exactly like one that does not exist."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "gezinsaanpak.models.languages.LANGUAGE_CHOICES",
        "ReferralStatusEnum": "gezinsaanpak.models.referral.STATUS_CHOICES",
        "VisitStatusEnum": "gezinsaanpak.models.placement.VISIT_STATUS_CHOICES",
        "PurposeEnum": "gezinsaanpak.processing_register.Purpose.choices",
        "SubjectRequestKindEnum": f"{_DSR}.KIND_CHOICES",
        "SubjectRequestStatusEnum": f"{_DSR}.STATUS_CHOICES",
        "SubjectRequestOutcomeEnum": f"{_DSR}.OUTCOME_CHOICES",
        "ValidationErrorEnum": f"{_ERRORS}.ValidationErrorEnum.choices",
        "ClientErrorEnum": f"{_ERRORS}.ClientErrorEnum.choices",
        "ServerErrorEnum": f"{_ERRORS}.ServerErrorEnum.choices",
        "ErrorCode401Enum": f"{_ERRORS}.ErrorCode401Enum.choices",
        "ErrorCode403Enum": f"{_ERRORS}.ErrorCode403Enum.choices",
        "ErrorCode404Enum": f"{_ERRORS}.ErrorCode404Enum.choices",
        "ErrorCode405Enum": f"{_ERRORS}.ErrorCode405Enum.choices",
        "ErrorCode406Enum": f"{_ERRORS}.ErrorCode406Enum.choices",
        "ErrorCode415Enum": f"{_ERRORS}.ErrorCode415Enum.choices",
        "ErrorCode429Enum": f"{_ERRORS}.ErrorCode429Enum.choices",
        "ErrorCode500Enum": f"{_ERRORS}.ErrorCode500Enum.choices",
    },
    # Partners get tokens with OAuth2 client credentials (gezinsaanpak/api/partner_auth.py).
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/oauth/token/",
    "OAUTH2_SCOPES": {
        "referrals:read": "Read the referrals you sent and those sent to you",
        "referrals:write": "Send referrals and report back on referrals sent to you",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "gezinsaanpak.api.schema.error_attr_patterns",
        "gezinsaanpak.api.schema.rule_errors_and_pages",
    ],
}

# Partner API clients: OAuth2 client credentials only, short-lived tokens, two scopes.
# Each Application belongs to one accounts.PartnerClient (a partner organisation).
OAUTH2_PROVIDER = {
    "SCOPES": {
        "referrals:read": "Read referrals",
        "referrals:write": "Send referrals and report back",
    },
    "DEFAULT_SCOPES": ["referrals:read"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": 10 * 60,
    "OAUTH2_VALIDATOR_CLASS": "gezinsaanpak.api.partner_auth.PartnerOAuth2Validator",
    "PKCE_REQUIRED": True,
    # RFC 9700 (OAuth 2.0 Security BCP) throughout; tokens are stored hashed, never in
    # clear, and accepted only in the Authorization header.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}

# The token and revocation endpoints (gezinsaanpak/api/token_throttle.py): failed client
# authentications per client id and per IP address within a window; the failure that reaches
# a limit starts a cool-off in which that client id or address gets 429 with Retry-After.
TOKEN_THROTTLE = {
    "CLIENT_FAILURES": env.integer("TOKEN_THROTTLE_CLIENT_FAILURES", 10),
    "IP_FAILURES": env.integer("TOKEN_THROTTLE_IP_FAILURES", 30),
    "WINDOW_SECONDS": 60,
    "COOLOFF_SECONDS": env.integer("TOKEN_THROTTLE_COOLOFF_SECONDS", 5 * 60),
}

OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105 - a model name

# Warm handover: weeks after an outbound referral until the specialist checks contact.
REFERRAL_CONTACT_CHECK_WEEKS = 3

DRF_STANDARDIZED_ERRORS = {"EXCEPTION_HANDLER_CLASS": "gezinsaanpak.api.errors.ExceptionHandler"}

# Guardian: no anonymous user; nobody gets object permissions without logging in.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_request"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.server": {"level": "INFO"}},
}

DEFAULT_FROM_EMAIL = "Gezinsaanpak <noreply@gezinsaanpak.invalid>"

# Where the app is reached, for links in e-mails (which carry no personal data).
SITE_URL = "http://127.0.0.1:8000"
