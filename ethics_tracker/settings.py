"""Settings for ethics-tracker: one file, driven by environment variables.

Every variable is documented in README.md. The defaults are safe for a
developer's machine (SQLite, console email); production mode
(``DJANGO_ENV=production``) refuses to start with the development secret key or
without ``ALLOWED_HOSTS``.
"""

import base64
import hashlib
import os
import re
from datetime import timedelta
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


def _relative_luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def check_association_colour(value: str) -> str:
    """ASSOCIATION_COLOUR as "#rrggbb" (lower case; "#rgb" is widened), or "" for the
    default. Anything else, or a colour on which white text fails WCAG AA (4.5:1),
    raises ImproperlyConfigured naming the value and the reason."""
    value = (value or "").strip()
    if not value:
        return ""
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ImproperlyConfigured(
            f"ASSOCIATION_COLOUR must be a hex colour such as #0b4f8a, not {value!r}."
        )
    contrast = 1.05 / (_relative_luminance(value) + 0.05)
    if contrast < 4.5:
        raise ImproperlyConfigured(
            f"ASSOCIATION_COLOUR {value} is too light: white text on it has a contrast of "
            f"{contrast:.1f}:1, and at least 4.5:1 is needed (WCAG AA). Choose a darker colour."
        )
    return value.lower()


def check_production_settings(*, production: bool, secret_key: str, allowed_hosts: list[str]):
    """Refuse a production start that would run with development defaults."""
    if not production:
        return
    if not secret_key or secret_key == DEV_SECRET_KEY:
        raise ImproperlyConfigured("Production needs its own SECRET_KEY.")
    if not allowed_hosts:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")


check_production_settings(production=PRODUCTION, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)

# --- Transport, cookies and headers (README "Production"; `check --deploy` in CI) ---
if PRODUCTION:
    # HTTPS only: the proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # A load balancer's health probe may speak plain HTTP to the app itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # Preloading binds the whole registered domain for months: the domain owner's
    # choice (hstspreload.org), so off unless asked for, and Django's reminder silenced.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Lax, not Strict: a committee member following a case link from an email arrives
# signed in; forms are protected by the CSRF token, and Lax withholds the cookie from
# other sites' POSTs.
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms and Swagger carry the token
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # case addresses never leak to other sites
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): the site runs no inline script or style, so
# nothing is allowed but its own files. CSP_REPORT_ONLY=true sends the same policy as
# Content-Security-Policy-Report-Only (to try a change); CSP_REPORT_URI collects reports.
# (Not named CSP_*: django-csp 4 refuses its old settings' names.)
csp_policy = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": env_list("CSP_REPORT_URI") or None,
    }
}
if env_bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = None, csp_policy
else:
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = csp_policy, None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",  # API tokens stored as digests, with an expiry (accounts.ApiToken)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served locally: no CDN
    "simple_history",
    "django_fsm",
    "axes",  # staff login lockout (accounts)
    "csp",  # its system checks refuse pre-4.0 CSP_* settings
    # The floors of the house, bottom first (docs/architecture.md): each imports only
    # those above it in this list.
    "ethics_tracker.core",
    "ethics_tracker.accounts",
    "code_of_conduct",
    "cases",
    "ethics_tracker.audit",
    "ethics_tracker.oversight",
    "ethics_tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ethics_tracker.core.headers.ContentSecurityPolicyMiddleware",
    "ethics_tracker.core.headers.ResponseHeadersMiddleware",
    # A lost database answers 503 + Retry-After (core/middleware.py); outside the
    # session, auth and everything else that asks the database.
    "ethics_tracker.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ethics_tracker.accounts.middleware.StaffLoginMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Safety net only: services set the history user and reason themselves.
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into its page
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
# conn_health_checks pings a reused connection before each request, so a database
# restart costs one failed ping, not one failed request per worker.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request in DB_CONNECT_TIMEOUT seconds
    # (a 503 from core's middleware) instead of hanging the worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions in the database under a keyed hash of their key (core/sessions.py): the
# cookie's value is never stored, so a copy of the database signs nobody in.
SESSION_ENGINE = "ethics_tracker.core.sessions"
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
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ethics@localhost")
# Seconds an SMTP connect or command may take: a hanging server must not hold
# send_outbox forever (Django's default is no timeout at all).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

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
        # Past MAX_ENTRIES the database cache deletes a third of its rows, live counters
        # too (after the expired ones): keep it far above what the limits ever hold.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "200000"))},
    }
}
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def check_production_cache(*, production: bool, caches: dict):
    """Refuse a production start whose limits each worker would count on its own."""
    if production and caches["default"]["BACKEND"] in PER_PROCESS_CACHES:
        raise ImproperlyConfigured(
            "Production needs a cache all workers share (REDIS_URL, or the database "
            "cache): a per-process cache multiplies every abuse limit by the workers."
        )


check_production_cache(production=PRODUCTION, caches=CACHES)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "ethics_tracker.accounts.tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "ethics_tracker.core.api.ErrorDocumentingSchema",
    "EXCEPTION_HANDLER": "ethics_tracker.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "complaint_filing": os.environ.get("THROTTLE_COMPLAINT_FILING", "10/hour"),
        "receipt_lookup": os.environ.get("THROTTLE_RECEIPT_LOOKUP", "20/hour"),
        # Wrong codes for one reference, from all clients together (cases/throttling.py).
        "receipt_per_reference": os.environ.get("THROTTLE_RECEIPT_PER_REFERENCE", "10/hour"),
        # The public member lookup of the complaint form (GET /api/v1/members/lookup/).
        "member_lookup": os.environ.get("THROTTLE_MEMBER_LOOKUP", "60/minute"),
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
# Where people write when they are stuck (lost receipt code, an error): the footer and
# the hints show it; empty means "contact the association's secretary", with no address.
ASSOCIATION_CONTACT_EMAIL = os.environ.get("ASSOCIATION_CONTACT_EMAIL", "").strip()
# The association's identity on every page: a logo (a path under the static files,
# e.g. "img/logo.svg"; empty: none) and its colour, "#rrggbb", used for links, buttons
# and the header (empty: the site's blue). The colour must keep white text readable
# (contrast at least 4.5:1, WCAG AA): a bad value stops the site with a clear message.
ASSOCIATION_LOGO = os.environ.get("ASSOCIATION_LOGO", "").strip().lstrip("/")
ASSOCIATION_COLOUR = check_association_colour(os.environ.get("ASSOCIATION_COLOUR", ""))
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
# Name the enums that several fields share in the API schema (the states, the parties).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "CaseStateEnum": "cases.models.CaseState",
        "VersionStateEnum": "code_of_conduct.models.VersionState",
        # A party of a case (mediation's consent, whose thread of messages).
        "PartyEnum": ["complainant", "respondent"],
        # Either party or the committee (who sent a message, who attended a hearing).
        "CasePartyEnum": "cases.models.Party",
        "HearingStateEnum": "cases.models.HearingState",
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
# Whether the member complained about may ask for a hearing; the panel must then hold
# one before it decides (issue J). Off: the committee alone decides whether to hear.
HEARING_ON_DEMAND = env_bool("HEARING_ON_DEMAND", default=True)

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
# Where an auditor's verification run works (ethics_tracker/audit/verification_runs.py):
# "thread" starts it in the web process once the request commits; "worker" leaves it
# queued for ``manage.py run_verifications`` (cron or a worker), which also picks up any
# run a restarted web process left queued, and requeues one left running longer than
# AUDIT_VERIFICATION_STALE_MINUTES (its process died).
AUDIT_VERIFICATION_RUNNER = os.environ.get("AUDIT_VERIFICATION_RUNNER", "thread")
if AUDIT_VERIFICATION_RUNNER not in {"thread", "worker", "inline"}:
    raise ImproperlyConfigured("AUDIT_VERIFICATION_RUNNER must be thread, worker or inline")
AUDIT_VERIFICATION_STALE_MINUTES = int(os.environ.get("AUDIT_VERIFICATION_STALE_MINUTES", "120"))

# --- Ledger signing (issue H 6; README "The ledger's signing key") ---
# LEDGER_SIGNING_KEY: 32 or more random bytes, as hex or base64, held outside the
# database (an env file or systemd credential): every ledger event is signed with it
# (HMAC-SHA256) and every checkpoint with an Ed25519 key derived from it. A database
# writer without it cannot add, re-hash or redact an event unnoticed.
# LEDGER_VERIFY_KEYS: older signing keys (comma-separated), kept after a rotation so
# what they signed still verifies; they never sign.
DEV_LEDGER_KEY_LABEL = b"ethics-tracker DEVELOPMENT ledger signing key, derived from SECRET_KEY"


def ledger_key_bytes(text: str, *, name: str = "LEDGER_SIGNING_KEY") -> bytes:
    """Hex or base64 text → the key's bytes (at least 32); anything else stops the start."""
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        standard = text.replace("-", "+").replace("_", "/")
        try:
            key = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
        except ValueError:
            key = b""
    if len(key) < 32:
        raise ImproperlyConfigured(f"{name}: 32 or more random bytes expected (hex or base64).")
    return key


def check_ledger_signing_key(*, production: bool, key_text: str) -> None:
    """Production signs its ledger with its own key, never one derived from settings."""
    if production and not key_text.strip():
        raise ImproperlyConfigured(
            "Production needs its own LEDGER_SIGNING_KEY (e.g. `openssl rand -hex 32`)."
        )


check_ledger_signing_key(production=PRODUCTION, key_text=os.environ.get("LEDGER_SIGNING_KEY", ""))
LEDGER_SIGNING_KEY = (
    ledger_key_bytes(os.environ["LEDGER_SIGNING_KEY"])
    if os.environ.get("LEDGER_SIGNING_KEY", "").strip()
    else hashlib.sha256(DEV_LEDGER_KEY_LABEL + b"\0" + SECRET_KEY.encode()).digest()
)
LEDGER_VERIFY_KEYS = [
    ledger_key_bytes(text, name="LEDGER_VERIFY_KEYS") for text in env_list("LEDGER_VERIFY_KEYS")
]


# --- Staff login (issue H, accounts) ---
# django-axes counts failed logins (site, admin, API token) per username and per
# address (core.clients.client_address, behind TRUSTED_PROXY_COUNT) in the database,
# shared by every worker; after LOGIN_FAILURE_LIMIT failures within the cool-off,
# that username or address is locked for LOGIN_LOCKOUT_MINUTES. A success does not
# reset the count: an attacker with any valid account could otherwise clear the
# address's failures between guesses. Unlock: the admin's "Access attempts", or
# `manage.py axes_reset_username <name>` / `axes_reset_ip <address>`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "ethics_tracker.core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "ethics_tracker.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # no table of every successful login and its address
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "otp_token", "code"]
# Staff (every staff role, administrators) confirm each login with a TOTP code from an
# authenticator app, or a backup code. Secrets are stored encrypted (TOTP keys) or as
# keyed digests (backup codes) under OTP_ENCRYPTION_KEY: comma-separated Fernet keys,
# the first encrypts; unset, a key is derived from SECRET_KEY with HKDF.
OTP_ENCRYPTION_KEY = env_list("OTP_ENCRYPTION_KEY")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", ASSOCIATION_SHORT_NAME)
OTP_BACKUP_CODE_COUNT = int(os.environ.get("OTP_BACKUP_CODE_COUNT", "10"))
# Seconds to wait after a wrong code, doubled with each further one (django-otp).
OTP_THROTTLE_FACTOR = int(os.environ.get("OTP_THROTTLE_FACTOR", "1"))
# A staff session ends after this long without a request, and this long after login
# whatever happens; members keep a session for MEMBER_SESSION_SECONDS (7 days).
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", "1800"))
STAFF_SESSION_MAX_SECONDS = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", "43200"))
SESSION_COOKIE_AGE = int(os.environ.get("MEMBER_SESSION_SECONDS", str(7 * 24 * 3600)))
# API tokens (POST /api/v1/auth/token/): staff tokens last STAFF_TOKEN_SECONDS (12 h),
# members' MEMBER_TOKEN_SECONDS (30 days); only their digest is stored.
STAFF_TOKEN_SECONDS = int(os.environ.get("STAFF_TOKEN_SECONDS", str(STAFF_SESSION_MAX_SECONDS)))
MEMBER_TOKEN_SECONDS = int(os.environ.get("MEMBER_TOKEN_SECONDS", str(30 * 24 * 3600)))
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model, not a secret)
# Knox's own migrations would create its (swapped-out) AuthToken table, which then
# blocks PostgreSQL's TRUNCATE of auth_user; our model has its own migration.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(seconds=MEMBER_TOKEN_SECONDS),
    "AUTH_HEADER_PREFIX": "Token",
}
