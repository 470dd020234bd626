"""Django settings, read from the environment (12-factor).

Development defaults work with nothing set. With ``CITYMADE_DEBUG=0`` citymade runs as production
and refuses to start when the secret key is missing or weak or the allowed hosts are not set.

| variable | default | meaning |
|---|---|---|
| ``DATABASE_URL`` | SQLite file ``<data dir>/citymade.sqlite3`` | application database (``postgres://…`` for servers) |
| ``CITYMADE_SECRET_KEY`` | a development key (refused in production) | signing key, ≥ 50 characters, varied |
| ``CITYMADE_DATA_DIR`` | ``var/`` in the project | data directory |
| ``CITYMADE_DEBUG`` | ``1`` | ``0`` for production |
| ``CITYMADE_DEBUG_PAGES`` | ``0`` | ``1``: Django's technical error pages in development (never in production) |
| ``CITYMADE_ALLOWED_HOSTS`` | ``localhost,127.0.0.1`` in development | comma-separated host names |
| ``CITYMADE_SECURE_SSL_REDIRECT`` | ``1`` in production | redirect http to https (set ``0`` if the proxy does it) |
| ``CITYMADE_EMAIL_URL`` | console backend | ``smtp://user:password@host:port`` (``smtp+tls://`` STARTTLS, ``smtps://`` SSL) for invitations and password links |
| ``CITYMADE_FROM_EMAIL`` | ``citymade <noreply@localhost>`` | the sender of those mails |
| ``CITYMADE_LINK_DAYS`` | ``3`` | days an e-mailed link (invitation, password) works |
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from citymade.paths import data_dir

BASE_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = BASE_DIR.parent
DATA_DIR = data_dir()

TRUE = {"1", "true", "yes", "on"}
DEV_SECRET_KEY = "django-insecure-citymade-development-key-do-not-use-in-production"


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    return default if raw is None or raw == "" else raw.strip().lower() in TRUE


#: Development mode (``CITYMADE_DEBUG=1``, the default): development key and hosts, the demo,
#: Django's development server, no https-only cookies.
CITYMADE_DEVELOPMENT = _env_flag("CITYMADE_DEBUG", True)
#: Django's DEBUG shows technical pages (tracebacks, the list of URL patterns, in English) instead of
#: citymade's own 400, 403, 404 and 500 pages. Users never see them, under ``make run`` neither: a
#: developer who wants them sets ``CITYMADE_DEBUG_PAGES=1`` (development mode only). Tracebacks
#: are printed on the console either way.
DEBUG = CITYMADE_DEVELOPMENT and _env_flag("CITYMADE_DEBUG_PAGES", False)


def _weak_secret(key: str) -> bool:
    # The same rule as Django's security.W009: long and varied, not Django's insecure prefix.
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")


SECRET_KEY = os.environ.get("CITYMADE_SECRET_KEY", "")
_hosts = [h.strip() for h in os.environ.get("CITYMADE_ALLOWED_HOSTS", "").split(",") if h.strip()]
if CITYMADE_DEVELOPMENT:
    SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
    ALLOWED_HOSTS = _hosts or ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "CITYMADE_SECRET_KEY is not set. Production (CITYMADE_DEBUG=0) needs a secret key of at "
            "least 50 varied characters, e.g. from: python -c 'import secrets; "
            "print(secrets.token_urlsafe(64))'"
        )
    if _weak_secret(SECRET_KEY):
        raise ImproperlyConfigured(
            "CITYMADE_SECRET_KEY is too weak for production: use at least 50 varied characters "
            "that do not start with 'django-insecure'."
        )
    if not _hosts:
        raise ImproperlyConfigured(
            "CITYMADE_ALLOWED_HOSTS is not set. Production (CITYMADE_DEBUG=0) needs the host "
            "names citymade answers to, comma-separated (e.g. citymade.example.org)."
        )
    ALLOWED_HOSTS = _hosts

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "citymade.web.core",
    "citymade.web.accounts",
    "citymade.web.companies",
    "citymade.web.region",
    "citymade.web.diagnostics",
    "citymade.web.portfolio",
    "citymade.web.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "citymade.web.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "citymade.web.api.edges.ApiEdgeMiddleware",
    "citymade.web.api.limits.RateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "citymade.web.core.middleware.LanguageMiddleware",  # after authentication: the user's choice wins
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "citymade.web.operations.health.UnavailableMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "citymade.web.core.access.AccessMiddleware",
]

ROOT_URLCONF = "citymade.web.urls"
WSGI_APPLICATION = "citymade.web.wsgi.application"

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
                "citymade.web.core.context.navigation",
            ],
            # Django's {% url %} and |date, each address and date written once per process (see the modules)
            "builtins": ["citymade.web.core.templatetags.urlcache", "citymade.web.core.templatetags.datecache"],
        },
    },
]

# Form widgets (inputs, radio buttons, selects) are drawn from Django's own Jinja2 copies of its
# widget templates: the same markup as the default template engine's (whitespace aside), at a
# fraction of the cost — a questionnaire step draws ~40 widgets, each through 3–4 nested templates,
# and that was half the CPU of the step page under load (benchmarks/load.py). Pages stay Django
# templates; only ``{{ field }}`` goes through this renderer. The common widgets (inputs, radio
# buttons, check boxes, selects, text areas) are written in Python with the same markup as those
# templates (citymade.web.core.widgets, compared with them by tests/web/test_widgets.py).
FORM_RENDERER = "citymade.web.core.widgets.Renderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'citymade.sqlite3'}",
        conn_max_age=0 if CITYMADE_DEVELOPMENT else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE makes every transaction (atomic
    # block) take the write lock when it begins, so a second writer waits up to ``timeout`` seconds
    # for it instead of failing with "database is locked" when a read-then-write transaction
    # cannot upgrade its lock (SQLite does not wait in that case).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": None}

# The caches hold only what is computed from data that never changes — a finished diagnostic's
# figures and its rendered report — under keys naming the diagnostic's id, its submission time, the
# framework version and the language, so nothing in them can go stale or differ between workers:
# "default" is each worker process's memory (small entries, read many times per page); "reports"
# holds the rendered report bodies (~100 KB of HTML, costly to render) in files under the data
# directory, shared by the processes of a server so each body is rendered once per language, not
# once per process. ``citymade serve`` empties it at start, so a new version never shows old HTML.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "citymade",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 10000},  # small entries: ~2 KB each
    },
    "reports": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "citymade-reports",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 300},
    }
    if CITYMADE_DEVELOPMENT
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "reports"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Django's model backend and database sessions, each reading its row with SQL written once
# instead of a query the ORM builds anew on every request (citymade.web.core.rowread).
AUTHENTICATION_BACKENDS = ["citymade.web.core.rowread.AccountBackend"]
SESSION_ENGINE = "citymade.web.core.rowread"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: after this many failures for one account from one address within the window,
# further attempts are refused for the window, even with the right password.
LOGIN_FAILURE_LIMIT = int(os.environ.get("CITYMADE_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("CITYMADE_LOGIN_FAILURE_WINDOW", "900"))
# Failures from one address for any account, and for one account from unknown devices anywhere
# (the latter only closes the account to new devices; see citymade/web/accounts/throttle.py).
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CITYMADE_LOGIN_ADDRESS_LIMIT", "20"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("CITYMADE_LOGIN_ACCOUNT_LIMIT", "20"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
try:
    LOGIN_TRUSTED_PROXIES = [
        ipaddress.ip_network(p.strip(), strict=False)
        for p in os.environ.get("CITYMADE_TRUSTED_PROXIES", "").split(",")
        if p.strip()
    ]
except ValueError as exc:
    raise ImproperlyConfigured(f"CITYMADE_TRUSTED_PROXIES: {exc} (give addresses or networks, e.g. 127.0.0.1,10.0.0.0/8)") from None

# API rate limits per window (citymade/web/api/limits.py): requests per personal token and per
# client address, and unknown tokens per address before it is refused for the rest of the window.
# 0 turns a limit off.
API_RATE_WINDOW_SECONDS = int(os.environ.get("CITYMADE_API_RATE_WINDOW", "60"))
API_TOKEN_RATE_LIMIT = int(os.environ.get("CITYMADE_API_TOKEN_LIMIT", "1200"))
API_ADDRESS_RATE_LIMIT = int(os.environ.get("CITYMADE_API_ADDRESS_LIMIT", "2400"))
API_BAD_TOKEN_LIMIT = int(os.environ.get("CITYMADE_API_BAD_TOKEN_LIMIT", "10"))

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "citymade_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if CITYMADE_DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development WhiteNoise serves the files from the source folders as they are edited (Django's
# own static serving needs DEBUG, which stays off; see above).
WHITENOISE_USE_FINDERS = CITYMADE_DEVELOPMENT
WHITENOISE_AUTOREFRESH = CITYMADE_DEVELOPMENT
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_AGE = int(os.environ.get("CITYMADE_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "citymade.web.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

if not CITYMADE_DEVELOPMENT:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_flag("CITYMADE_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CITYMADE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]


def _email_settings() -> dict[str, object]:
    url = os.environ.get("CITYMADE_EMAIL_URL")
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or 25,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_TLS": parsed.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_TIMEOUT": 20,
    }


globals().update(_email_settings())
DEFAULT_FROM_EMAIL = os.environ.get("CITYMADE_FROM_EMAIL", "citymade <noreply@localhost>")
# How long an e-mailed link (an invitation, a password reset) works; it works once either way.
PASSWORD_RESET_TIMEOUT = 86400 * max(1, int(os.environ.get("CITYMADE_LINK_DAYS", "3")))

# The cluster that issues the diagnostic reports (printed on page one of every PDF). The logo is a
# PNG, JPEG or SVG file; a missing or unreadable file leaves the logo out rather than fail a report.
CITYMADE_CLUSTER_NAME = os.environ.get("CITYMADE_CLUSTER_NAME", "").strip() or "citymade"
CITYMADE_CLUSTER_CONTACT = os.environ.get("CITYMADE_CLUSTER_CONTACT", "").strip()
CITYMADE_CLUSTER_LOGO = os.environ.get("CITYMADE_CLUSTER_LOGO", "").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
