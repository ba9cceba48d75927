"""Local development: relaxes base settings only."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# the demo accounts stay usable without an authenticator app
MFA_REQUIRED_ROLES = os.environ.get("MFA_REQUIRED_ROLES", "false").lower() in ("1", "true", "yes")  # noqa: F405
