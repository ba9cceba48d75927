"""Tests: fast and deterministic. PostgreSQL when DATABASE_URL is set (CI), else SQLite."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
if not os.environ.get("EMAIL_HOST"):  # noqa: F405 - a test's worker subprocess talks to a local SMTP server
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/mektep-test-media"))  # noqa: F405
# immediate tasks, unless a test's subprocess (the worker) asks for the database backend
if os.environ.get("TASKS_BACKEND") != "database":  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# live_server threads keep persistent connections open past teardown otherwise.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The cache outlives a test's database: the public page cache is on only in its own tests.
PUBLIC_CACHE_ENABLED = False
# on in the tests of two-factor authentication only
MFA_REQUIRED_ROLES = False
