"""Digit settings, read from environment variables with safe defaults.

Local default: SQLite under ``var/``, DEBUG off, secrets generated into ``var/`` on first run.
Production: set ``DIGIT_SECRET_KEY``, ``DIGIT_PSEUDONYM_KEY``, ``DATABASE_URL``, ``REDIS_URL``,
``DIGIT_ALLOWED_HOSTS`` and keep ``DIGIT_HTTPS`` on (the default).
"""

import base64
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("DIGIT_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def secret_from_env_or_file(
    name: str, filename: str, make=lambda: secrets.token_urlsafe(50)
) -> str:
    """A secret from the environment, else one generated once into var/ (local use only)."""
    if os.environ.get(name):
        return os.environ[name]
    path = VAR_DIR / filename
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def fernet_key() -> str:
    """What ``cryptography.fernet.Fernet.generate_key()`` makes: 32 random bytes, base64url."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


DEBUG = env_bool("DIGIT_DEBUG", False)
HTTPS = env_bool("DIGIT_HTTPS", True)
SECRET_KEY = secret_from_env_or_file("DIGIT_SECRET_KEY", "secret.key")
# Keyed hash for pseudonyms of assessment data; kept outside the database on purpose.
PSEUDONYM_KEY = secret_from_env_or_file("DIGIT_PSEUDONYM_KEY", "pseudonym.key")
# Personal identity numbers (docs/identity-numbers.md): Fernet keys, newest first and separated
# by commas (older keys still decrypt: rotation), and the key of their lookup hash. Both live
# outside the database, so a copy of the database alone reveals no number.
IDENTITY_NUMBER_KEYS = [
    key.strip()
    for key in secret_from_env_or_file(
        "DIGIT_IDENTITY_NUMBER_KEYS", "identity-number.keys", fernet_key
    ).split(",")
    if key.strip()
]
IDENTITY_NUMBER_HASH_KEY = secret_from_env_or_file(
    "DIGIT_IDENTITY_NUMBER_HASH_KEY", "identity-number-hash.key"
)
ALLOWED_HOSTS = env_list("DIGIT_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DIGIT_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "digit.access",
    "digit.audit",
    "digit.background",
    "digit.web",
    "digit.people",
    "digit.programmes",
    "digit.competences",
    "digit.assessments",
    "digit.learning",
    "digit.goals",
    "digit.reporting",
    "digit.api",
    "digit.privacy",
    "digit.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_ox",
]

MIDDLEWARE = [
    "digit.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "digit.audit.services.AuditContextMiddleware",
    "digit.access.middleware.SessionLifetimeMiddleware",
    "digit.access.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "digit.access.middleware.NoStoreForAuthenticatedMiddleware",
]

ROOT_URLCONF = "digit.urls"
WSGI_APPLICATION = "digit.wsgi.application"
AUTH_USER_MODEL = "access.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "digit.web.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'digit.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE,  # empty means the default
        conn_max_age=int(os.environ.get("DIGIT_CONN_MAX_AGE", "60")),
        # Off by default: a health check is one more round trip on every request. Turn it on
        # where the database restarts under a running application.
        conn_health_checks=os.environ.get("DIGIT_CONN_HEALTH_CHECKS", "0") == "1",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared between processes (rate limits and TOTP replay protection live here) ------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Several installations (or a test) may share one Redis under their own prefixes.
            "KEY_PREFIX": os.environ.get("DIGIT_CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Background work (Django's tasks framework, queued in the database by django-ox) ---------
# `digit worker` runs the queue (docs/operations.md, "Background work"). A task enqueued inside a
# transaction is one row of that transaction: a rollback takes it back. A worker that dies leaves
# its task to the next one after DIGIT_TASK_LEASE_SECONDS; failures are retried with backoff.
TASKS = {
    "default": {
        "BACKEND": "django_ox.backend.OxBackend",
        "OPTIONS": {
            "MAX_ATTEMPTS": 5,
            "BACKOFF_INITIAL": int(os.environ.get("DIGIT_TASK_BACKOFF_SECONDS", 30)),
            "BACKOFF_MAX": 30 * 60,
            "LOCK_TIMEOUT": int(os.environ.get("DIGIT_TASK_LEASE_SECONDS", 120)),
            # Every worker also dispatches these; each tick is enqueued once however many run.
            # Monthly reminders and retention belong here too (cron times in TIME_ZONE).
            "SCHEDULES": {
                "wave-reminders": {
                    "task": "digit.assessments.tasks.remind_due_waves",
                    "cron": "0 9 * * *",
                },
                "session-reminders": {
                    "task": "digit.learning.tasks.remind_tomorrows_sessions",
                    "cron": "0 8 * * *",
                },
                "monthly-file-reminders": {
                    "task": "digit.reporting.tasks.remind_overdue_monthly_files",
                    "cron": "0 7 * * *",
                },
                "expired-sessions": {
                    "task": "digit.web.tasks.clear_expired_sessions",
                    "cron": "30 3 * * *",
                },
                "old-prepared-files": {
                    "task": "digit.web.tasks.delete_old_prepared_files",
                    "cron": "15 * * * *",
                },
                "finished-tasks": {
                    "task": "digit.web.tasks.prune_finished_tasks",
                    "cron": "45 3 * * 0",
                },
            },
        },
    }
}
# Files built by a worker (PDFs, large exports) are kept this long for their owner to fetch.
DIGIT_PREPARED_FILE_HOURS = int(os.environ.get("DIGIT_PREPARED_FILE_HOURS", 24))
# A person-level export of more rows than this is built by the worker, not in the request.
DIGIT_EXPORT_IN_REQUEST_ROWS = int(os.environ.get("DIGIT_EXPORT_IN_REQUEST_ROWS", 5000))
# Days between automatic reminders of an open wave to those who have not finished (0: never).
DIGIT_WAVE_REMINDER_DAYS = int(os.environ.get("DIGIT_WAVE_REMINDER_DAYS", 7))

# --- Authentication ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "digit.access.backends.PersonModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "digit.access.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Tracking would write a row on every request; the session list shows sign-in time instead.
USERSESSIONS_TRACK_ACTIVITY = False
# Roles that must enrol a second factor (an authenticator app) before anything else (ASVS 6.3.3).
DIGIT_MFA_REQUIRED_ROLES = env_list("DIGIT_MFA_REQUIRED_ROLES", "programme_staff,finance,auditor")

# --- Single sign-on: one OpenID Connect provider (docs/operations.md, "Single sign-on") ------
# Without DIGIT_OIDC_ISSUER there is no provider and the sign-in page shows the password form
# only. Accounts are never created here: a first sign-in links the HR-imported person with the
# provider's verified e-mail (digit.access.adapters.SocialAccountAdapter).
SOCIALACCOUNT_ADAPTER = "digit.access.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # identity is (issuer, subject), never the e-mail
SOCIALACCOUNT_STORE_TOKENS = False  # Digit calls no API of the provider
OIDC_ISSUER = os.environ.get("DIGIT_OIDC_ISSUER", "").rstrip("/")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's provider with a nonce and the issuer in the account's identity.
        "provider_class": "digit.access.sso.WorkAccountProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "work",
                "name": os.environ.get("DIGIT_OIDC_NAME", ""),
                "client_id": os.environ.get("DIGIT_OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("DIGIT_OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": OIDC_ISSUER,
                    "oauth_pkce_enabled": True,
                    # Addresses in these domains count as verified without `email_verified`
                    # (Entra ID does not send it; the tenant's administrators own them).
                    "verified_email": env_list("DIGIT_OIDC_TRUSTED_EMAIL_DOMAINS", ""),
                },
            }
        ]
        if OIDC_ISSUER
        else [],
    }
}
# The provider makes sure of a second factor: a sign-in through it whose ID token says so
# (`amr` contains "mfa", or `acr` is one of DIGIT_OIDC_MFA_ACR_VALUES) needs no second factor
# in Digit, also for the roles in DIGIT_MFA_REQUIRED_ROLES.
DIGIT_OIDC_PROVIDER_ENFORCES_MFA = env_bool("DIGIT_OIDC_PROVIDER_ENFORCES_MFA", False)
DIGIT_OIDC_MFA_ACR_VALUES = env_list("DIGIT_OIDC_MFA_ACR_VALUES", "")
# The sign-in page offers the work account only (no password form) when a provider is set.
DIGIT_SSO_ONLY = env_bool("DIGIT_SSO_ONLY", False)

# --- Sessions and cookies ---------------------------------------------------------------------
# Levels, areas and competences are cached per process this long (digit.competences.reference).
DIGIT_REFERENCE_CACHE_SECONDS = int(os.environ.get("DIGIT_REFERENCE_CACHE_SECONDS", 60))
SESSION_IDLE_SECONDS = int(os.environ.get("DIGIT_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("DIGIT_SESSION_ABSOLUTE_SECONDS", 12 * 3600))
# Idle and absolute timeouts are enforced by digit.access.middleware.SessionLifetimeMiddleware,
# which renews the session at most once a minute; the cookie outlives the idle limit by that.
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DIGIT_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # A load balancer probes the servers over plain HTTP on the inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
    if env_bool("DIGIT_BEHIND_PROXY", False):
        # Only behind a proxy that overwrites the client's X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for the operator of the domain, not for the application.
    "security.W021",
]

# --- Security headers and CSP (Django's built-in) ---------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    # The sign-in form's redirect to the identity provider counts as a form action.
    "form-action": [CSP.SELF, *([origin_of(OIDC_ISSUER)] if OIDC_ISSUER else [])],
}

# --- Upload limits (HR files) -----------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DIGIT_IMPORT_MAX_BYTES = int(os.environ.get("DIGIT_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
DIGIT_IMPORT_MAX_ROWS = int(os.environ.get("DIGIT_IMPORT_MAX_ROWS", 100_000))

# --- Internationalisation: Swedish first ------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files (all served by us, no CDN) --------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DIGIT_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    # `digit collectstatic` (make demo runs it) writes each file once under a content-hashed
    # name, compressed; WhiteNoise serves them with far-future caching. With DEBUG on, files
    # are served from the apps' folders as they are, without collecting.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Mail -------------------------------------------------------------------------------------
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DIGIT_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        ),
        "OPTIONS": {
            "host": os.environ.get("DIGIT_EMAIL_HOST", "127.0.0.1"),
            "port": int(os.environ.get("DIGIT_EMAIL_PORT", "25")),
            "username": os.environ.get("DIGIT_EMAIL_USER", ""),
            "password": os.environ.get("DIGIT_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("DIGIT_EMAIL_TLS", False),
            "timeout": 10,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DIGIT_FROM_EMAIL", "digit@localhost")
DIGIT_BASE_URL = os.environ.get("DIGIT_BASE_URL", "http://127.0.0.1:8000")

# --- Privacy ----------------------------------------------------------------------------------
# No aggregate shows a group smaller than this; the floor is 5 and can only be raised.
DIGIT_MIN_CELL_SIZE = max(5, int(os.environ.get("DIGIT_MIN_CELL_SIZE", "5")))

# --- API for BI tools (docs/api.md) -----------------------------------------------------------
# Requests per token (or per signed-in account) and window: "120/m", "1000/h". Over it: 429
# with Retry-After. Counted in the shared cache, so the limit holds across processes.
DIGIT_API_RATE = os.environ.get("DIGIT_API_RATE", "120/m")
# A personal API token lives at most this many days (its owner picks the date).
DIGIT_API_TOKEN_MAX_DAYS = int(os.environ.get("DIGIT_API_TOKEN_MAX_DAYS", "365"))

# --- Logging: no secrets, no personal data in messages ----------------------------------------
# DIGIT_LOG_FORMAT=json writes one JSON object a line (time, level, logger, request_id,
# message, and the exception when there is one) for a log collector; the default is plain text.
LOG_FORMAT = os.environ.get("DIGIT_LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "digit.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DIGIT_LOG_LEVEL", "WARNING")},
}
