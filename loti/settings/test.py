from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"

# A small model that exists only for the tenancy tests.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.tenancy_app"]  # noqa: F405

# Static files come from the finders; nothing is collected in development.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# axes announces every reset of failed attempts; the suite makes thousands.
AXES_VERBOSE = False
