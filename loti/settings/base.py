"""Settings shared by every environment; each value comes from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

# Lets admin, serializer and queryset classes be subscripted for their types at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name: str, default: bool) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SERVICE_NAME = "LOTI Workspace"
# Where people write about accessibility and their personal data (footer statements).
SUPPORT_EMAIL = env("SUPPORT_EMAIL", "support@loti.example")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_celery_beat",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "loti.accounts",
    "loti.audit",
    "loti.notifications",
    "projects",
    "procurement",
    "challenges",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too: every response does.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: a session that timed out says so on the sign-in page.
    "loti.accounts.middleware.SessionTimeoutMiddleware",
    "loti.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loti.urls"
WSGI_APPLICATION = "loti.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.service",
            ],
        },
    },
]

# PostgreSQL only. `python -m loti.stack` sets DATABASE_URL to an embedded server
# when none is given, so every entry point sees a real PostgreSQL.
# Prepared statements: PostgreSQL keeps the plan of a statement a connection runs
# again and again (psycopg prepares it on its sixth run). Planning an officer's project
# list, with its visibility rules, took longer than running it. Django turns them off
# for the sake of connection poolers; PgBouncer keeps them from 1.21 with
# max_prepared_statements set, and DATABASE_PREPARED_STATEMENTS=off suits any other.
DATABASE_OPTIONS: dict[str, object] = (
    {"server_side_binding": True, "prepare_threshold": 5}
    if env_bool("DATABASE_PREPARED_STATEMENTS", True)
    else {}
)


def database(url: str, *, conn_max_age: int | None, conn_health_checks: bool) -> dict[str, Any]:
    """A DATABASES entry for the URL, with DATABASE_OPTIONS: every settings module that
    names its own database (production, the benchmark) gets them too."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks)
    )
    config["OPTIONS"] = {**config.get("OPTIONS", {}), **DATABASE_OPTIONS}
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "loti.postgresql"  # Django's, reading timestamps in C
    return config


DATABASES = {
    "default": database(
        env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/loti"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out sign-in is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "frontend:sign-in"
LOGIN_REDIRECT_URL = "frontend:account"
LOGOUT_REDIRECT_URL = "frontend:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after
# signing in whatever happens (loti/accounts/middleware.py). The cookie lives no longer
# than the idle limit; it is renewed as the person uses the service.
SESSION_IDLE_MINUTES = int(env("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(env("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (django-axes): failures are counted per e-mail address *and* IP
# address together, so someone guessing at another person's account from elsewhere
# cannot lock that person out; a lock lifts by itself after the cool-off.
AXES_FAILURE_LIMIT = int(env("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("SIGN_IN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "loti.accounts.sign_in.attempted_username"
AXES_CLIENT_IP_CALLABLE = "loti.accounts.sign_in.client_ip"
AXES_LOCKOUT_CALLABLE = "loti.accounts.sign_in.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password", "code", "otp"]
AXES_VERBOSE = False
# Failures are kept (until the cool-off passes) to throttle; successful sign-ins are not
# logged with their IP address and browser: the audit log and sessions say enough.
AXES_DISABLE_ACCESS_LOG = True
# Proxies in front of the app that append to X-Forwarded-For (a load balancer is 1).
# 0 trusts no header: the connecting address is the client's.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Two-factor sign-in (django-otp): codes from an authenticator app, or a recovery code.
OTP_TOTP_ISSUER = "LOTI Workspace"
TWO_FACTOR_RECOVERY_CODES = 10
# How long the code step of a sign-in waits after the password was right.
TWO_FACTOR_PENDING_MINUTES = 5

# Anonymous visitors are handled by the visibility selectors, not a guardian user.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

INVITATION_MAX_AGE_DAYS = int(env("INVITATION_MAX_AGE_DAYS", "14"))

# Data files kept beside the repository (../shared in CI): the CPV 2008 codes, OCDS schemas.
SHARED_DATA_DIR = Path(env("LOTI_SHARED_DIR", str(BASE_DIR.parent / "shared")))
# Prefix of every Open Contracting ID we publish; registered with the OCDS helpdesk.
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", "ocds-loti01")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "LOTI Workspace <no-reply@loti.example>")

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery closes a worker's database connections around every task unless this is set;
# it then closes them only every this many tasks. loti/celery.py applies Django's rule
# (CONN_MAX_AGE, broken connections) around each task instead.
CELERY_DB_REUSE_MAX = 1000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when the broker is down; the outbox keeps the work.
# Tasks are acknowledged late, so one held by a worker that died (killed, or its host
# lost) goes back on the queue after the visibility timeout. Keep it longer than any
# task runs or waits for its countdown (an e-mail retry waits at most an hour, under
# four minutes by default). Every task is safe to run twice, so a task redelivered
# while its first worker still runs it costs time, never a second e-mail.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": int(env("CELERY_BROKER_VISIBILITY_TIMEOUT", "3600")),
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Three queues, so a digest run (tens of thousands of summaries) never delays someone's
# immediate e-mail. A worker started without -Q consumes all three; in production give
# "notifications" workers of its own (docs/operations.md).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = (Queue("default"), Queue("notifications"), Queue("digests"))
CELERY_TASK_ROUTES = {
    "notifications.email_deliver": {"queue": "notifications"},
    "notifications.digests_start": {"queue": "digests"},
    "notifications.digest_batch_send": {"queue": "digests"},
}

# Notifications: e-mail goes through an outbox table and Celery (see loti/notifications).
# The sender is any class with send(message); a GOV.UK Notify one can be named here.
NOTIFICATIONS_EMAIL_SENDER = env(
    "NOTIFICATIONS_EMAIL_SENDER", "loti.notifications.senders.DjangoEmailSender"
)
NOTIFICATIONS_EMAIL_MAX_ATTEMPTS = int(env("NOTIFICATIONS_EMAIL_MAX_ATTEMPTS", "5"))
NOTIFICATIONS_EMAIL_RETRY_BACKOFF_SECONDS = int(
    env("NOTIFICATIONS_EMAIL_RETRY_BACKOFF_SECONDS", "30")
)
# Rows still pending this long after they fell due are handed to the broker again.
NOTIFICATIONS_SWEEP_GRACE_SECONDS = int(env("NOTIFICATIONS_SWEEP_GRACE_SECONDS", "60"))
# Longer than the delivery task's time limit: a claim older than this belongs to a dead worker.
NOTIFICATIONS_SENDING_LEASE_SECONDS = int(env("NOTIFICATIONS_SENDING_LEASE_SECONDS", "900"))
NOTIFICATIONS_DIGEST_HOUR = int(env("NOTIFICATIONS_DIGEST_HOUR", "7"))
NOTIFICATIONS_WEEKLY_DIGEST_DAY = env("NOTIFICATIONS_WEEKLY_DIGEST_DAY", "monday")
NOTIFICATIONS_DIGEST_BATCH_SIZE = int(env("NOTIFICATIONS_DIGEST_BATCH_SIZE", "200"))

# Synced into django-celery-beat's tables by its DatabaseScheduler when beat starts.
# Crontab hours are in CELERY_TIMEZONE (Europe/London), so 7 means 7am London time.
CELERY_BEAT_SCHEDULE = {
    "notifications-email-sweep": {
        "task": "notifications.email_sweep",
        "schedule": 60.0,
    },
    "notifications-daily-digest": {
        "task": "notifications.digests_start",
        "schedule": crontab(minute="0", hour=str(NOTIFICATIONS_DIGEST_HOUR)),
        "args": ("daily",),
    },
    "notifications-weekly-digest": {
        "task": "notifications.digests_start",
        "schedule": crontab(
            minute="0",
            hour=str(NOTIFICATIONS_DIGEST_HOUR),
            day_of_week=NOTIFICATIONS_WEEKLY_DIGEST_DAY,
        ),
        "args": ("weekly",),
    },
    # Judges with unscored entries, 48 hours before a round's deadline: once each.
    "challenges-judging-reminders": {
        "task": "challenges.judging_reminders",
        "schedule": 15 * 60.0,
    },
    # Contracts register imports whose task was never queued or whose worker died.
    "procurement-contract-imports-sweep": {
        "task": "procurement.contract_imports_sweep",
        "schedule": 60.0,
    },
    # Contracts that came into the market pipeline's window overnight.
    "procurement-pipeline-alerts": {
        "task": "procurement.pipeline_alerts",
        "schedule": crontab(minute="30", hour="6"),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "loti.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "loti.api.schema.ErrorResponsesSchema",
    "EXCEPTION_HANDLER": "loti.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LOTI Workspace API",
    "DESCRIPTION": "Projects, playbooks, challenges and the SME tender board of London's boroughs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files: no third-party CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Other apps have fields called "kind" too; name the organisation's one outright.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "loti.accounts.models.Organisation.Kind",
        "CriterionKindEnum": "procurement.models.CriterionKind",
        "BidStatusEnum": "procurement.models.BidStatus",
        "NotificationFrequencyEnum": "loti.notifications.models.Frequency",
        "NotificationCategoryEnum": "loti.notifications.models.Category",
        "FeedbackStatusEnum": "projects.models.PublicFeedback.Status",
        "PartnerInterestStatusEnum": "projects.models.PartnerInterest.Status",
        "PlaybookStatusEnum": "projects.models.Playbook.Status",
        "AdoptionStepStatusEnum": "projects.models.AdoptionStep.Status",
        "ChallengeStatusEnum": "challenges.models.ChallengeStatus",
        "RoundStatusEnum": "challenges.models.RoundStatus",
        "ConflictStatusEnum": "challenges.models.ConflictStatus",
        "PrizeKindEnum": "challenges.models.PrizeKind",
        "RoundKindEnum": "challenges.models.RoundKind",
        "ConflictKindEnum": "challenges.models.ConflictKind",
        "ConflictSourceEnum": "challenges.models.ConflictSource",
        "OrganisationSizeEnum": "loti.accounts.models.Organisation.Size",
        "ContractCategoryEnum": "procurement.models.ContractCategory",
        "VisibilityEnum": "loti.visibility.Visibility",
    },
}

# A strict Content Security Policy on every response (django-csp): scripts, styles,
# images and fonts from our own origin only, no inline code, never framed.
CONTENT_SECURITY_POLICY: dict[str, dict[str, list[str] | bool]] = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # GOV.UK Frontend and Swagger UI draw some icons from data: URLs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Demo accounts may be created (manage.py seed_demo); never in production.
ALLOW_DEMO_DATA = True

# Largest upload accepted, in bytes.
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Contracts register imports: a file larger than this is checked and imported by a
# Celery task (with a progress bar) rather than in the request.
CONTRACT_IMPORT_BACKGROUND_BYTES = int(env("CONTRACT_IMPORT_BACKGROUND_BYTES", "100000"))
CONTRACT_IMPORT_MAX_ROWS = int(env("CONTRACT_IMPORT_MAX_ROWS", "20000"))
# A workbook is a zip: refuse one that unpacks to more than this before reading it.
CONTRACT_IMPORT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
