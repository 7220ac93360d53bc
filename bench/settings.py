"""Settings for the benchmark: production-like (DEBUG off, persistent connections),
on the benchmark's own database, with the framework-floor and naive-peer views mounted
beside the app's URLs and e-mail counted instead of sent."""

from bench.database import bench_database_url
from loti.settings.base import *  # noqa: F403
from loti.settings.base import DATABASES, INSTALLED_APPS, database, env

DEBUG = False
# Whatever DATABASE_URL says, the benchmark only ever writes to `<name>_bench`.
DATABASES["default"] = database(
    bench_database_url(env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/loti")),
    conn_max_age=None,  # persistent, as a production web process keeps them
    conn_health_checks=False,
)
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The API under test serves no static files; an empty folder keeps WhiteNoise quiet
# without the per-request file lookups of its development mode.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Counts each message in Redis by its reference: a duplicate send is seen, not guessed.
NOTIFICATIONS_EMAIL_SENDER = "bench.senders.CountingSender"
ALLOW_DEMO_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # A refused late bid is a 409 the scenario expects, not news.
    "loggers": {"django.request": {"level": "ERROR"}},
}
