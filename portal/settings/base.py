"""Base settings: production-safe. Everything environment-specific comes from variables.

DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, REDIS_URL, EMAIL_URL-like settings (EMAIL_HOST …),
CSRF_TRUSTED_ORIGINS. Integrations switch on only when their variable is set.
"""

import os
from pathlib import Path

import dj_database_url
import fontpkg_pt_sans

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # our apps first, so our templates and catalogs win
    "portal",
    "site_settings",
    "cms",
    "journal.register",
    "journal.gradebook",
    "journal.reports",
    "portal.ops",
    "journal.queries",
    "journal.archive",
    "journal.notifications",
    "journal.messaging",
    # wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # libraries
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "portal.ops.middleware.HealthCheckMiddleware",  # /healthz before anything touches sessions or the database
    "django.middleware.security.SecurityMiddleware",
    "portal.csp.SchoolCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.disk_full.DiskFullMiddleware",  # a full disk while saving a file: a clear 507, nothing half-saved
    "portal.middleware.PasswordChangeRequiredMiddleware",
    "portal.mfa.MfaRequiredMiddleware",
    "portal.middleware.VisitLogMiddleware",
    "portal.middleware.DueMovementsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.seo.NoIndexMiddleware",
    "portal.db.routers.ReplicaReadsMiddleware",  # reports read from the replica, if there is one
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Wagtail's `settings`, with the site settings from the cache (portal/site_cache.py)
                "portal.site_cache.settings_context",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# A read replica for the reports (issue 12 §6, portal/db/routers.py): DATABASE_REPLICA_URL.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # in tests: the same database
DATABASE_ROUTERS = ["portal.db.routers.ReplicaRouter"]
# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: with a district's
# 20 schools in one database the register list's estimate did, and compiling took 32 of its 55 ms
# (EXPLAIN ANALYZE on the 20-school bench) — for queries that run in a few milliseconds. Our pages'
# queries are short index lookups: JIT off for the portal's connections (PG_JIT=on to keep it).
for _alias, _db in DATABASES.items():
    if _db["ENGINE"] == "django.db.backends.postgresql" and os.environ.get("PG_JIT", "off") == "off":
        _options = _db.setdefault("OPTIONS", {})
        _options["options"] = (_options.get("options", "") + " -c jit=off").strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # the same backend, aware of the real SQLite parameter limit (bulk imports in few queries)
    DATABASES["default"]["ENGINE"] = "portal.db.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's and allauth's backends, loading the user of a session together with their roles in one
# query (portal/auth.py). Sessions made under the plain backends' names end: one new login.
AUTHENTICATION_BACKENDS = [
    "portal.auth.ModelBackend",
    "portal.auth.AuthenticationBackend",
]

# Caches: Redis when REDIS_URL is set (needed for shared login rate limits with several
# workers), otherwise the local memory cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Languages: Kyrgyz (state language) is the default, Russian (official language) the second.
LANGUAGE_CODE = "ky"
LANGUAGES = [
    ("ky", "Кыргызча"),
    ("ru", "Русский"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Our own strings first; then the Kyrgyz strings of Wagtail, wagtail-localize and
# django-tables2 (they ship none) in a catalog of their own that makemessages never touches.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
# Decimal comma and «30-ноябрь» dates in Kyrgyz (portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("fonts/pt-sans", Path(fontpkg_pt_sans.__file__).parent / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def media_storage_from_env(environ):
    """Public media (Wagtail images and documents, uploads of the public sites) on an S3-compatible
    object store when AWS_STORAGE_BUCKET_NAME is set (django-storages; issue 12 §6, docs/scaling.md),
    else on the local disk. Private files stay in PRIVATE_MEDIA_ROOT behind the access check."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": environ.get("AWS_S3_ACCESS_KEY_ID") or environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_S3_SECRET_ACCESS_KEY") or environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,  # a CDN in front of the bucket
        "location": environ.get("AWS_LOCATION", "media"),
        "file_overwrite": False,  # two uploads of "photo.jpg" never replace each other
        "querystring_auth": False,  # public media: plain, cacheable URLs
        "default_acl": None,  # the bucket's policy decides (public read)
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES["default"] = media_storage_from_env(os.environ)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
FONT_DIR = Path(fontpkg_pt_sans.__file__).parent / "files"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Wagtail
WAGTAIL_SITE_NAME = "Mektep"
# The deployment's real address (e.g. https://school.example.kg): `manage.py site_url` points the
# default Wagtail Site at it, so the sitemap, canonical links and e-mails carry it.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "png", "txt", "csv"]
WAGTAIL_MODERATION_ENABLED = True
# slugs in Latin letters (the admin transliterates titles; cms.slugs does it on the server too)
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No external resources at run time (schools have unreliable internet; privacy): no Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# The Django admin (database tables) is off; a setting turns it on for superusers only.
DJANGO_ADMIN_ENABLED = os.environ.get("DJANGO_ADMIN_ENABLED", "").lower() in ("1", "true", "yes")
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"

# Authentication (django-allauth): accounts are issued by the school, no public sign-up.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:start"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_ADAPTER = "portal.adapters.SchoolAccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_SESSION_REMEMBER = None

# Email: console unless EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mektep@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
# change reasons are sentences (e.g. why a movement record was cancelled), not 100-character labels
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# Sessions are read from the cache (Redis in production) and written through to the database: no
# session query per request, and no session lost when the cache restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Wagtail's live preview shows the page in a same-origin frame: SAMEORIGIN, not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# Backups (issue 12, R-J10: on several media): `manage.py backup` writes one encrypted archive
# (database, MEDIA_ROOT, PRIVATE_MEDIA_ROOT) to every destination below. See README "Backups".
BACKUP_ENCRYPTION_KEY = os.environ.get("BACKUP_ENCRYPTION_KEY", "")
BACKUP_DESTINATIONS = [
    {"kind": "local", "name": f"local-{n}" if n else "local", "path": path}
    for n, path in enumerate(env_list("BACKUP_LOCAL_DIRS"))
]
if os.environ.get("BACKUP_S3_BUCKET"):
    BACKUP_DESTINATIONS.append({
        "kind": "s3", "name": "s3", "bucket": os.environ["BACKUP_S3_BUCKET"],
        "prefix": os.environ.get("BACKUP_S3_PREFIX", "mektep/"),
        "endpoint_url": os.environ.get("BACKUP_S3_ENDPOINT_URL", ""),
        "access_key_id": os.environ.get("BACKUP_S3_ACCESS_KEY_ID", ""),
        "secret_access_key": os.environ.get("BACKUP_S3_SECRET_ACCESS_KEY", ""),
        "region": os.environ.get("BACKUP_S3_REGION", ""),
    })
BACKUP_RETENTION = {"daily": 7, "weekly": 4, "monthly": 12}
BACKUP_MAX_AGE_HOURS = int(os.environ.get("BACKUP_MAX_AGE_HOURS", "26"))
BACKUP_WORK_DIR = os.environ.get("BACKUP_WORK_DIR", "")
BACKUP_SCRATCH_DATABASE = os.environ.get("BACKUP_SCRATCH_DATABASE", "")
# Private files from the environment too (portal.private_files; README "Production"): their folder,
# and the nginx internal location that sends them after the access check (X-Accel-Redirect).
if os.environ.get("PRIVATE_MEDIA_ROOT"):
    PRIVATE_MEDIA_ROOT = Path(os.environ["PRIVATE_MEDIA_ROOT"])
PRIVATE_MEDIA_X_ACCEL = os.environ.get("PRIVATE_MEDIA_X_ACCEL", "")
# the school (code) whose system administrator runs the deployment and sees its backups
OPS_SCHOOL_CODE = os.environ.get("OPS_SCHOOL_CODE", "")
# Content-Security-Policy (django-csp, portal/csp.py): no inline script on our pages; scripts are
# static files, our few <script>/<style> elements carry the request's nonce. The admin's paths get
# portal.csp.ADMIN_POLICY instead.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

from portal.csp import template_style_hash  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, template_style_hash(BASE_DIR / "templates" / "error_frame.html")],
        # data-driven style="width: 40%" of bar charts: no script can run from an attribute
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# Public pages for anonymous visitors from the cache (portal/public_cache.py): purged on publish
# and on register changes; browsers may keep a page PUBLIC_CACHE_MAX_AGE seconds.
PUBLIC_CACHE_ENABLED = os.environ.get("PUBLIC_CACHE_ENABLED", "true").lower() in ("1", "true", "yes")
PUBLIC_CACHE_TIMEOUT = int(os.environ.get("PUBLIC_CACHE_TIMEOUT", "600"))
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "60"))
# Static files: CompressedManifestStaticFilesStorage (above) writes hashed names and .gz/.br
# copies; WhiteNoise sends the hashed ones with "max-age=315360000, public, immutable".

# Two-factor authentication (allauth.mfa, portal/mfa.py): TOTP and recovery codes for every staff
# account; required for the director, deputy, system administrator and site administrator when
# MFA_REQUIRED_ROLES is on (default on; off in dev and the demo).
MFA_ADAPTER = "portal.mfa.SchoolMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Mektep")
MFA_ALLOW_UNVERIFIED_EMAIL = True  # accounts are issued by the school (portal/mfa.py)
MFA_REQUIRED_ROLES = os.environ.get("MFA_REQUIRED_ROLES", "true").lower() in ("1", "true", "yes")
# Notifications and background work (issue 11 §4–§5) -----------------------------------------
# The queue: django-tasks with the database backend and its worker (`manage.py notifications_worker`,
# started by `make run`); TASKS_BACKEND=rq puts it on Redis (django-tasks-rq, workers on several
# machines: `manage.py notifications_worker` there too); "immediate" runs tasks in the request.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("TASKS_REDIS_URL") or os.environ.get("REDIS_URL")
                             or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NOTIFICATIONS_ENABLED = os.environ.get("NOTIFICATIONS_ENABLED", "true").lower() in ("1", "true", "yes")
NOTIFICATIONS_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFICATIONS_RETRY_BASE_SECONDS", "60"))
NOTIFICATIONS_RETRY_MAX_SECONDS = 6 * 60 * 60
NOTIFICATIONS_MAX_ATTEMPTS = 8
NOTIFICATIONS_LEASE_SECONDS = int(os.environ.get("NOTIFICATIONS_LEASE_SECONDS", "120"))
NOTIFICATIONS_HTTP_TIMEOUT = 20
NOTIFICATIONS_KEEP_DAYS = 365
EMAIL_TIMEOUT = 30
# Telegram bot (off unless TELEGRAM_BOT_TOKEN is set); TELEGRAM_API_URL for a Bot API server of your own.
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_BOT_USERNAME = os.environ.get("TELEGRAM_BOT_USERNAME", "")
TELEGRAM_API_URL = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org")
# Web push (off unless the VAPID keys are set: `manage.py notifications_vapid_keys` makes a pair).
WEBPUSH_VAPID_PUBLIC_KEY = os.environ.get("WEBPUSH_VAPID_PUBLIC_KEY", "")
WEBPUSH_VAPID_PRIVATE_KEY = os.environ.get("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_SUBJECT = os.environ.get("WEBPUSH_VAPID_SUBJECT", "mailto:admin@localhost")
WEBPUSH_ALLOW_HTTP = False  # push services use https; tests point at a local http endpoint
