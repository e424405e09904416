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
    "renda.core",
    "renda.deputies",
    "renda.workplan",
    "renda.meetings",
    "renda.proposals",
    "renda.legislation",
    "renda.supervision",
    "renda.participation",
    "renda.demo",
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
    "renda.core.middleware.RuleViolationMiddleware",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

SESSION_COOKIE_AGE = env_int("RENDA_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("RENDA_SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("RENDA_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("RENDA_HSTS_SECONDS", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RENDA_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
