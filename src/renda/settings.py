"""Settings for renda: one env-driven file, safe by default.

Every value comes from an environment variable (RENDA_*). SQLite is the default
database; set RENDA_DATABASE_URL=postgres://… for production. DEBUG is off
unless RENDA_DEBUG=1, and a production start (DEBUG off) refuses to run with
the development secret key.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent  # src/renda
PROJECT_DIR = BASE_DIR.parent.parent  # the checkout
VAR_DIR = Path(os.environ.get("RENDA_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("RENDA_DEBUG", False)
TESTING = env_bool("RENDA_TESTING", False)
DEV_SECRET = "renda-development-only-secret-key-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("RENDA_SECRET_KEY", DEV_SECRET if (DEBUG or TESTING) else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("RENDA_SECRET_KEY is required when RENDA_DEBUG is off")

ALLOWED_HOSTS = env_list("RENDA_ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("RENDA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # /api/v1/docs: Swagger UI from django-ninja's own static files, never from a CDN
    "renda.core",
    "renda.accounts",  # identity: password policy, lock-out, TOTP, sessions (after core: extends its user admin)
    "renda.deputies",
    "renda.workplan",
    "renda.meetings",
    "renda.voting",
    "renda.assembly",
    "renda.proposals",
    "renda.legislation",
    "renda.supervision",
    "renda.budget",
    "renda.participation",
    "renda.portal",
    "renda.lawbook",  # the law book (法规库): versions over time, package amendments, clean-up, subscriptions
    "renda.demo",
]

MIDDLEWARE = [
    "renda.core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "renda.core.middleware.InputSanityMiddleware",  # NUL characters refused before any view or form sees them
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "renda.accounts.middleware.AccountSecurityMiddleware",  # 2FA pending, forced password change, timeouts
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "renda.core.middleware.RuleViolationMiddleware",
    "renda.core.signing.SignedDownloadMiddleware",  # ?signed=1 on .docx/.xlsx downloads: SM2 signature
]

ROOT_URLCONF = "renda.urls"
CSRF_FAILURE_VIEW = "renda.core.views.csrf_failure"
WSGI_APPLICATION = "renda.wsgi.application"

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
                "renda.core.context_processors.navigation",
                "renda.portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("RENDA_DATABASE_URL", f"sqlite:///{VAR_DIR / 'renda.sqlite3'}"),
        conn_max_age=env_int("RENDA_DB_CONN_MAX_AGE", 0),
    )
}
if TESTING and DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # One test database per test process, so parallel runs on one server never drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("RENDA_TEST_DB_NAME") or f"test_renda_{os.getpid()}"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# ---- Identity and sessions (docs/SECURITY.md "Identity and sessions"; renda.accounts) ----
# Password expiry and the TOTP requirement default ON in production and OFF in development/demo and tests.
_IDENTITY_ENFORCED = not (DEBUG or TESTING)
AUTHENTICATION_BACKENDS = ["renda.accounts.backends.LockoutModelBackend"]  # ModelBackend + lock-out
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "display_name", "first_name", "last_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("RENDA_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "renda.accounts.validators.CharacterClassesValidator"},
    {"NAME": "renda.accounts.validators.PasswordHistoryValidator"},
]
RENDA_PASSWORD_MIN_CLASSES = env_int("RENDA_PASSWORD_MIN_CLASSES", 3)  # of upper, lower, digit, symbol
RENDA_PASSWORD_HISTORY = env_int("RENDA_PASSWORD_HISTORY", 5)  # not one of the last N (0: no history check)
RENDA_PASSWORD_MAX_AGE_DAYS = env_int("RENDA_PASSWORD_MAX_AGE_DAYS", 90 if _IDENTITY_ENFORCED else 0)  # 0: never
RENDA_LOCKOUT_USERNAME_FAILURES = env_int("RENDA_LOCKOUT_USERNAME_FAILURES", 5)  # per user name (0: off)
RENDA_LOCKOUT_IP_FAILURES = env_int("RENDA_LOCKOUT_IP_FAILURES", 20)  # per client address (0: off)
RENDA_LOCKOUT_WINDOW_MINUTES = env_int("RENDA_LOCKOUT_WINDOW_MINUTES", 15)  # failures counted within
RENDA_LOCKOUT_MINUTES = env_int("RENDA_LOCKOUT_MINUTES", 30)  # cooling-off time
RENDA_TOTP_REQUIRED = env_bool("RENDA_TOTP_REQUIRED", _IDENTITY_ENFORCED)
RENDA_TOTP_ROLES = env_list("RENDA_TOTP_ROLES", "office,committee,leader,admin")  # superusers always
RENDA_TOTP_ISSUER = os.environ.get("RENDA_TOTP_ISSUER", "人大履职平台")
RENDA_SESSION_IDLE_MINUTES = env_int("RENDA_SESSION_IDLE_MINUTES", 30)  # on top of SESSION_COOKIE_AGE (0: off)
RENDA_SINGLE_SESSION = env_bool("RENDA_SINGLE_SESSION", False)  # a new sign-in ends the user's older sessions

if TESTING:
    # Fast hashing for the test suite only; production keeps Django's PBKDF2 default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("RENDA_STATIC_ROOT", VAR_DIR / "staticfiles"))
NODE_MODULES = PROJECT_DIR / "node_modules"
# Front-end packages come from the npm registry at setup time (`npm ci`) and are
# served from here: nothing is fetched from the internet at run time.
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(os.environ.get("RENDA_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("RENDA_MAX_BODY_BYTES", 10 * 1024 * 1024)
RENDA_MAX_UPLOAD_BYTES = env_int("RENDA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

EMAIL_BACKEND = os.environ.get(
    "RENDA_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("RENDA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("RENDA_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("RENDA_DEFAULT_FROM_EMAIL", "renda@localhost")

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "RENDA_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if (DEBUG or TESTING)
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("RENDA_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["RENDA_REDIS_URL"],
    }

# ---- More than one machine (docs/DEPLOYMENT.md "More than one machine"; renda.core.dbrouter) ----
# Sessions in Redis with the database behind them: RENDA_SESSION_ENGINE=django.contrib.sessions.backends.cached_db.
SESSION_ENGINE = os.environ.get("RENDA_SESSION_ENGINE", "django.contrib.sessions.backends.db")
# A streaming replica (hot standby) for reads that may lag; nothing changes without RENDA_REPLICA_DATABASE_URL.
RENDA_REPLICA_MAX_LAG_SECONDS = env_int("RENDA_REPLICA_MAX_LAG_SECONDS", 5)  # a standby further behind is not used
RENDA_REPLICA_DOWN_SECONDS = env_int("RENDA_REPLICA_DOWN_SECONDS", 10)  # after a failure, reads stay on the primary
RENDA_REPLICA_MARKER_SECONDS = env_int("RENDA_REPLICA_MARKER_SECONDS", RENDA_REPLICA_MAX_LAG_SECONDS + 5)
RENDA_REPLICA_PATHS = env_list("RENDA_REPLICA_PATHS")  # empty: dbrouter.LAG_TOLERANT_PATHS
if os.environ.get("RENDA_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["RENDA_REPLICA_DATABASE_URL"], conn_max_age=env_int("RENDA_DB_CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["renda.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("renda.core.logging.RequestLogMiddleware") + 1,
                      "renda.core.readwrite.ReadYourWritesMiddleware")

SESSION_COOKIE_AGE = env_int("RENDA_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("RENDA_SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Behind nginx terminating TLS (deploy/nginx): trust its X-Forwarded-Proto so CSRF origin checks, secure
# cookies and SSL redirects see https. Only when gunicorn is reachable from nginx alone (loopback/socket).
BEHIND_TLS = env_bool("RENDA_BEHIND_TLS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS else None

# ---- Web hardening (docs/SECURITY.md "Web hardening") ----
# Served over TLS (RENDA_SSL_REDIRECT or behind the TLS proxy): redirect http, HSTS one year incl. subdomains.
# Development and tests (http on 127.0.0.1) keep all of it off unless asked for.
SECURE_SSL_REDIRECT = env_bool("RENDA_SSL_REDIRECT", BEHIND_TLS and not (DEBUG or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # local monitoring probes over plain http
SECURE_HSTS_SECONDS = env_int("RENDA_HSTS_SECONDS", 31536000 if (SECURE_SSL_REDIRECT or BEHIND_TLS) else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RENDA_HSTS_INCLUDE_SUBDOMAINS", True)
# "preload" in the header only allows submitting the domain to the browsers' preload lists (nothing is sent
# anywhere; an intranet domain is never submitted); RENDA_HSTS_PRELOAD=0 leaves it out.
SECURE_HSTS_PRELOAD = env_bool("RENDA_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
CSRF_COOKIE_HTTPONLY = True  # no script reads it: htmx sends the token from the hx-headers in base.html
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): no inline script, style or handler anywhere; htmx's indicator style
# is in our static CSS (base.html sets htmx.config.includeIndicatorStyles=false via <meta name="htmx-config">).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# ---- Cryptography (docs/SECURITY.md "Cryptography") ----
# New personal-data values: SM4-CTR + HMAC-SM3 (renda.core.crypto); old AES-GCM values stay readable.
RENDA_FIELD_CIPHER = os.environ.get("RENDA_FIELD_CIPHER", "sm4hm1")
# The audit chain: HMAC-SM3 for new records; HMAC-SHA256 records written before still verify.
RENDA_AUDIT_HASH = os.environ.get("RENDA_AUDIT_HASH", "sm3")
# SM2 key pair for signing published documents (`renda keys sm2-generate FILE`); in development and tests a key
# is generated into RENDA_VAR_DIR on first use.
RENDA_SIGNING_KEY_FILE = os.environ.get("RENDA_SIGNING_KEY_FILE", "")
RENDA_SIGNING_SIGNER = os.environ.get("RENDA_SIGNING_SIGNER", "")

# RENDA_LOG_FORMAT=json: one JSON object per line (python-json-logger) with request_id, user_id, path, status,
# duration_ms, and one access record per request (renda.core.logging); plain text in development.
LOG_FORMAT = os.environ.get("RENDA_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "renda.core.logging.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "renda.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("RENDA_LOG_LEVEL", "WARNING")},
    "loggers": {
        "renda.request": {
            "level": os.environ.get("RENDA_ACCESS_LOG_LEVEL", "INFO" if LOG_FORMAT == "json" else "WARNING")
        },
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# ---- Audit witness (docs/SECURITY.md, "What an attacker with database access can and cannot hide") ----
# A hash chain inside the database cannot prove its own tail, so signed (SM2) checkpoints of every audit chain's
# head are appended as JSON lines to this file outside the database (`renda audit checkpoint`, the daily
# scheduler, every `renda backup` and `renda restore`); `renda audit verify` checks the chains against them.
# Put it on another volume or ship it off the machine with the logs, and make it append-only (`chattr +a`).
# Empty: no witness (the default in tests, which point it at a temporary file where they need one).
RENDA_AUDIT_WITNESS = os.environ.get("RENDA_AUDIT_WITNESS", "" if TESTING else str(VAR_DIR / "audit-witness.jsonl"))
