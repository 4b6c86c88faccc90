"""Settings for Công Vụ: one module, driven by environment variables (12-factor).

Unset variables give the zero-setup demo: SQLite in the project folder, tasks run in-process,
DEBUG on. Production sets DJANGO_DEBUG=0, SECRET_KEY, DATABASE_URL, CELERY_BROKER_URL and
DJANGO_ALLOWED_HOSTS; `manage.py check --deploy` then prints nothing.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import ImproperEnvironment, envbool, envint, envlist, envrate, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", "1")
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperEnvironment("SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production-1234567890"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "treebeard",
    "simple_history",
    # Our apps, in dependency order: each imports only from the ones above it.
    "accounts",
    "inspections",
    "findings",
    "reporting",
    # Tooling on top of the apps: benchmarks, the synthetic country, the load test.
    "bench",
    # On top of the business apps: the demo data (docs/design.md §6); no app imports it.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.memo.RequestMemoMiddleware",
    "accounts.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a locked-out login into our lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL selects the database; unset means SQLite in the project folder (the demo).
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Pages answer many people at once on a few cores: a query spreading over parallel workers
    # only takes cores from the other requests (make load: +35 % requests per second with 0).
    # Exports, which run alone in a worker, ask for parallel workers themselves (csv_copy).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        filter(
            None,
            [
                _options.get("options", ""),
                f"-c max_parallel_workers_per_gather={envint('DATABASE_PARALLEL_WORKERS', '0')}",
            ],
        )
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and sign-in -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# Lock-out after repeated failed logins (django-axes), per user name and address together.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))  # one working day
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: inactivity expiry
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", "0" if DEBUG else "1")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check speaks plain HTTP
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if envbool("DJANGO_BEHIND_TLS_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): our pages need no inline script or style.
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Evidence uploads: size limits, and the most an Office file (a zip) may inflate to.
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024))
EVIDENCE_MAX_UNZIPPED_BYTES = envint("EVIDENCE_MAX_UNZIPPED_BYTES", str(200 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
# Where django.core.mail.backends.filebased.EmailBackend writes (one file per message).
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Công Vụ <no-reply@congvu.local>")

# --- Celery ----------------------------------------------------------------------------------
# Unset CELERY_BROKER_URL: tasks run eagerly in-process (the demo needs no Redis).
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that dies is redelivered after this many seconds (Redis has no
# acknowledgements of its own). Longer than any task runs, retry back-off included.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", "900")}
# Reminders: once a day at REMINDER_HOUR (Asia/Ho_Chi_Minh); exactly once per recommendation,
# kind and day thanks to accounts.ReminderLog's unique constraint.
REMINDER_HOUR = envint("REMINDER_HOUR", "7")
REMINDER_DAYS_BEFORE = [int(day) for day in envlist("REMINDER_DAYS_BEFORE", "7,1")]
REVIEW_REMINDER_WORKING_DAYS = envint("REVIEW_REMINDER_WORKING_DAYS", "3")
CELERY_BEAT_SCHEDULE = {
    "requeue-unsent-emails": {
        "task": "accounts.requeue_unsent_emails",
        "schedule": crontab(minute="2-59/10"),
    },
    "recommendation-reminders": {
        "task": "findings.send_recommendation_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=0),
    },
    "requeue-stuck-pdfs": {
        "task": "reporting.requeue_stuck_pdfs",
        "schedule": crontab(minute="*/10"),
    },
    "requeue-stuck-exports": {
        "task": "reporting.requeue_stuck_exports",
        "schedule": crontab(minute="5-59/10"),
    },
    "review-reminders": {
        "task": "reporting.send_review_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=5),
    },
    "delete-expired-exports": {
        "task": "reporting.delete_expired_exports",
        "schedule": crontab(hour=3, minute=15),
    },
}
# Consolidated report exports: more findings than this are built by a worker (ExportJob), and
# their files are deleted EXPORT_KEEP_HOURS after they are ready.
EXPORT_ASYNC_ROWS = envint("EXPORT_ASYNC_ROWS", "5000")
EXPORT_KEEP_HOURS = envint("EXPORT_KEEP_HOURS", "72")
# Dashboard figures are kept this many seconds per user and filters (0: always computed).
REPORT_CACHE_SECONDS = envint("REPORT_CACHE_SECONDS", "120")

# CACHE_URL=redis://host:6379/1 shares the cache between processes (production); without it
# each process keeps its own in memory.
CACHE_URL = envstr("CACHE_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "congvu"),
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# An export still queued, or running with nobody building it, this many minutes on is queued
# again by beat (the broker lost its message, or its worker died); its page says it is late.
EXPORT_REQUEUE_MINUTES = envint("EXPORT_REQUEUE_MINUTES", "10")

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its challenge (401 + WWW-Authenticate) answers clients without credentials;
    # a session without its CSRF token still gets 403 from SessionAuthentication.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "accounts.throttling.AnonThrottle",
        "accounts.throttling.UserThrottle",
        "accounts.throttling.SearchThrottle",
        "accounts.throttling.ActionScopedThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api_filters.FoldedSearchFilter",
        "core.api_filters.VietnameseOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "EXCEPTION_HANDLER": "core.api_errors.api_exception_handler",
}
# Rates per scope (accounts/throttling.py), read at each request; "off" switches one off.
API_THROTTLE_RATES = {
    "anon": envrate("API_THROTTLE_ANON", "30/min"),
    "user": envrate("API_THROTTLE_USER", "100/min"),
    "search": envrate("API_THROTTLE_SEARCH", "30/min"),
    "summary": envrate("API_THROTTLE_SUMMARY", "20/min"),
    "exports": envrate("API_THROTTLE_EXPORTS", "10/hour"),
}
# Wrong API tokens per client address before every token from it is refused (accounts/api_auth.py).
API_TOKEN_FAILURES = envrate("API_TOKEN_FAILURES", "20/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "Công Vụ API",
    "DESCRIPTION": "Civil-service inspections: plans, visits, findings, conclusions, reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Document the error answers (400, 403, 404, 409) of every operation: config/schema.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.document_error_responses",
    ],
}

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO: keep its warnings only.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
