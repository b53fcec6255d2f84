"""Settings for ethics-tracker: one file, driven by environment variables.

Every variable is documented in README.md. The defaults are safe for a
developer's machine (SQLite, console email); production mode
(``DJANGO_ENV=production``) refuses to start with the development secret key or
without ``ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies of our own (nginx, Caddy) stand in front of the app and
# append to X-Forwarded-For; 0 (the default) ignores the header. README: "Behind a proxy".
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))


def check_production_settings(*, production: bool, secret_key: str, allowed_hosts: list[str]):
    """Refuse a production start that would run with development defaults."""
    if not production:
        return
    if not secret_key or secret_key == DEV_SECRET_KEY:
        raise ImproperlyConfigured("Production needs its own SECRET_KEY.")
    if not allowed_hosts:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")


check_production_settings(production=PRODUCTION, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served locally: no CDN
    "simple_history",
    "django_fsm",
    # The floors of the house, bottom first (docs/architecture.md): each imports only
    # those above it in this list.
    "ethics_tracker.core",
    "code_of_conduct",
    "cases",
    "ethics_tracker.audit",
    "ethics_tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Safety net only: services set the history user and reason themselves.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ethics_tracker.urls"
WSGI_APPLICATION = "ethics_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ethics_tracker.core.context_processors.site",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL (e.g. postgres://user@host:5432/db) in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Bulgarian first, English second; all dates shown in Sofia time.
LANGUAGE_CODE = "bg"
LANGUAGES = [("bg", _("Bulgarian")), ("en", _("English"))]
# LOCALE_PATHS_OVERRIDE lets the CI translation check regenerate a temporary copy.
LOCALE_PATHS = [Path(os.environ.get("LOCALE_PATHS_OVERRIDE", BASE_DIR / "locale"))]
TIME_ZONE = "Europe/Sofia"
FORMAT_MODULE_PATH = ["ethics_tracker.formats"]  # Bulgarian numeric dates (28.11.2026 г.)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    # Uploaded files (evidence) live outside the static/web root and are served
    # only through views that check access.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))
# No MEDIA_URL: uploads are never served as static files, only via access-checked views.
FILE_UPLOAD_PERMISSIONS = 0o640

# Console email by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ethics@localhost")

# Counters that limit abuse (throttles, lockouts) must be shared by every worker:
# Redis when REDIS_URL is set, otherwise the database (the table comes from
# core's migration 0002). A per-process cache would multiply every limit.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "core_cache",
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ethics_tracker.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "complaint_filing": os.environ.get("THROTTLE_COMPLAINT_FILING", "10/hour"),
        "receipt_lookup": os.environ.get("THROTTLE_RECEIPT_LOOKUP", "20/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ethics-tracker API",
    "DESCRIPTION": "Ethics code, signatures and complaint handling.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- The association (data, not code: nothing ASKO-specific is hard-coded) ---
ASSOCIATION_NAME = os.environ.get(
    "ASSOCIATION_NAME", "Асоциация на специалистите по комуникации в общините"
)
ASSOCIATION_SHORT_NAME = os.environ.get("ASSOCIATION_SHORT_NAME", "ASKO")
# Absolute address used in emails (links back to the site).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Deadlines (periods in days unless named otherwise) ---
# "calendar" or "working" (working days skip weekends and the Holiday table).
DEADLINE_DAY_COUNTING = os.environ.get("DEADLINE_DAY_COUNTING", "calendar")

# --- Notifications (the outbox) ---
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "60"))

# --- Members and acceptances (issue C) ---
# The public register of signatories is off unless the association switches it on,
# and shows only the fields it chooses (full_name, municipality, position,
# membership_number, code, version, accepted_on).
PUBLIC_SIGNATORY_REGISTER = env_bool("PUBLIC_SIGNATORY_REGISTER", default=False)
PUBLIC_SIGNATORY_REGISTER_FIELDS = env_list(
    "PUBLIC_SIGNATORY_REGISTER_FIELDS", "full_name,municipality,version,accepted_on"
)
# Largest CSV of historical acceptances the import page accepts.
ACCEPTANCE_IMPORT_MAX_BYTES = int(os.environ.get("ACCEPTANCE_IMPORT_MAX_BYTES", str(2 * 1024**2)))

# --- Complaints (issue D) ---
# References look like ASKO-2026-0042; the prefix defaults to the short name.
CASE_REFERENCE_PREFIX = os.environ.get("CASE_REFERENCE_PREFIX", ASSOCIATION_SHORT_NAME)
# Evidence files: size limit of each file, and how many one complaint may have.
CASES_EVIDENCE_MAX_BYTES = int(os.environ.get("CASES_EVIDENCE_MAX_MB", "20")) * 1024 * 1024
CASES_EVIDENCE_MAX_FILES = int(os.environ.get("CASES_EVIDENCE_MAX_FILES", "10"))
# A complainant who proved their receipt code stays signed in to the case this long
# without activity (seconds).
CASES_FOLLOW_UP_IDLE_SECONDS = int(os.environ.get("CASES_FOLLOW_UP_IDLE_SECONDS", "1800"))
# Name the two "state" enums in the API schema (cases' and code versions').
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "CaseStateEnum": "cases.models.CaseState",
        "VersionStateEnum": "code_of_conduct.models.VersionState",
    }
)

# --- Case workflow (issue E) ---
# Deadlines, counted as DEADLINE_DAY_COUNTING says (calendar or working days):
# acknowledge a complaint, assess its admissibility (both from receipt), the member's
# reply (from the request), the decision (months from receipt), the appeal window
# (from the decision) and the decision on an appeal (from the appeal).
CASES_ACKNOWLEDGE_DAYS = int(os.environ.get("CASES_ACKNOWLEDGE_DAYS", "7"))
CASES_ADMISSIBILITY_DAYS = int(os.environ.get("CASES_ADMISSIBILITY_DAYS", "30"))
CASES_REPLY_DAYS = int(os.environ.get("CASES_REPLY_DAYS", "14"))
CASES_DECISION_MONTHS = int(os.environ.get("CASES_DECISION_MONTHS", "3"))
CASES_APPEAL_DAYS = int(os.environ.get("CASES_APPEAL_DAYS", "30"))
CASES_APPEAL_DECISION_DAYS = int(os.environ.get("CASES_APPEAL_DECISION_DAYS", "60"))
# check_deadlines reminds this many days before a due date.
CASES_REMINDER_DAYS = int(os.environ.get("CASES_REMINDER_DAYS", "3"))
# Votes needed for a decision (and members a panel needs); optionally one of them a
# lay member from outside the association. The appeal body has its own quorum.
CASES_QUORUM = int(os.environ.get("CASES_QUORUM", "3"))
CASES_QUORUM_REQUIRES_LAY = env_bool("CASES_QUORUM_REQUIRES_LAY", default=False)
CASES_APPEAL_QUORUM = int(os.environ.get("CASES_APPEAL_QUORUM", str(CASES_QUORUM)))
# Sanctions the committee may impose, in order of severity (labels are in
# cases/workflow.py; an unknown key is shown as written).
CASES_SANCTIONS = env_list(
    "CASES_SANCTIONS", "none,recommendation,warning,reprimand,suspension,expulsion"
)
CASES_SUSPENSION_MAX_MONTHS = int(os.environ.get("CASES_SUSPENSION_MAX_MONTHS", "24"))
# Complaints about conduct older than this are flagged time-barred at assessment.
CASES_TIME_BAR_YEARS = int(os.environ.get("CASES_TIME_BAR_YEARS", "2"))

# --- Audit and retention (issue F) ---
# Days after a case was closed (``closed_at``) before ``manage.py apply_retention``
# anonymises its personal data, per outcome; a case with a legal hold is never
# anonymised. RETENTION_DAYS overrides some, e.g. "inadmissible=365,withdrawn=730";
# an outcome not listed (or none) keeps RETENTION_DEFAULT_DAYS.
RETENTION_DEFAULT_DAYS = int(os.environ.get("RETENTION_DEFAULT_DAYS", str(5 * 365)))


def env_days_by_key(name: str) -> dict[str, int]:
    """``"a=365,b=730"`` → ``{"a": 365, "b": 730}``; anything else is a startup error."""
    parsed = {}
    for item in env_list(name):
        key, _sep, days = item.partition("=")
        if not key.strip() or not days.strip().isdigit():
            raise ImproperlyConfigured(f"{name}: expected outcome=days, got {item!r}")
        parsed[key.strip()] = int(days)
    return parsed


RETENTION_DAYS_BY_OUTCOME = {
    "upheld": RETENTION_DEFAULT_DAYS,
    "partly_upheld": RETENTION_DEFAULT_DAYS,
    "not_upheld": RETENTION_DEFAULT_DAYS,
    "inadmissible": 365,
    "withdrawn": RETENTION_DEFAULT_DAYS,
    **env_days_by_key("RETENTION_DAYS"),
}
# Rows per page of the auditor's trail.
AUDIT_TRAIL_PAGE_SIZE = int(os.environ.get("AUDIT_TRAIL_PAGE_SIZE", "50"))
