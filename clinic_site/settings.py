"""Settings for the clinic site, read from the environment (django-environ).

Every deploy-time value is documented in `.env.example` and the README. Defaults are
safe for a local machine: DEBUG off, no fallback secret, SQLite and a local-memory cache.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` (written by `make run` / `make test`, ignored by git) fills in whatever the
# real environment leaves unset; real environment variables always win.
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (or run "
            "`make run`, which writes a local one to .env). The site will not start "
            "with DEBUG off and no secret key."
        )
    from django.core.management.utils import get_random_secret_key

    # DEBUG only: a throwaway key, so sessions end when the process does.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, used for canonical links, the sitemap and the admin
# link in staff notifications (never built from the request's Host header). Without it,
# the address `make run` serves on (HOST and PORT, as gunicorn.conf.py reads them).
_run_host = env.str("HOST", default="127.0.0.1")
SITE_URL = env.str(
    "SITE_URL",
    # Listening on every interface: the machine itself still answers on loopback.
    default=f"http://{'127.0.0.1' if _run_host in ('0.0.0.0', '::') else _run_host}"  # noqa: S104
    f":{env.str('PORT', default='8000')}",
).rstrip("/")

INSTALLED_APPS = [
    # Before the admin, so content admins get a field per language (django-modeltranslation).
    "modeltranslation",
    "clinic_site.apps.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Before django_tasks_db: its `db_worker` command, made to outlive database outages.
    "core",
    "django_tasks",
    "django_tasks_db",
    "solo",
    "practice",
    "conditions",
    "content_workflow",
    "appointments",
    "health_data_requests",
    "language_help",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "second_factor",
]

MIDDLEWARE = [
    # First: X-Forwarded-* from a peer that is not a trusted proxy is dropped.
    "core.forwarded.UntrustedForwardedHeadersMiddleware",
    # Outermost but for that: a request's database work ends by a deadline (PostgreSQL).
    "core.middleware.DatabaseDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves anonymous visitors' cached pages before anything else runs; the headers the
    # middleware below adds were kept with each page (SecurityMiddleware's are added here).
    "core.pagecache.PageCacheMiddleware",
    # Header middleware sits before WhiteNoise so static files carry the same policy.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the Host header, so load balancers can probe by IP.
    "core.middleware.HealthCheckMiddleware",
    # Before anything reads the body or the values: NULs removed, uploads only for staff.
    "core.request_input.RequestInputMiddleware",
    "core.middleware.BreachSafeGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL alone: /es/... is Spanish, everything else English (with
    # prefix_default_language=False Django reads no Accept-Language or cookie for it).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a staff session verified once it has passed the second sign-in step.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # APP_DIRS stays on, so Django uses the cached loader whenever DEBUG is off.
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.clinic",
                "clinic_site.context_processors.navigation",
                "practice.context_processors.practice_links",
            ],
            "builtins": ["core.templatetags.site_tags"],
        },
    },
]

# Databases ---------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Each worker keeps its connection (checked before reuse) instead of opening one per
# request. For SQLite this also keeps the WAL file between requests: closing the last
# connection checkpoints and deletes it, an fsync on every request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, with a health check that costs no round trip: Django's own sends
    # SELECT 1, which a frozen server holds until the request's deadline, and then opens
    # a new connection that waits out connect_timeout as well (tests/test_faults.py).
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    # A server that is down or unreachable is given up on within seconds, and in web
    # processes (clinic_site/wsgi.py) so is a statement: the patient gets an answer
    # (core.middleware.DatabaseDeadlineMiddleware bounds a server that froze). Commands
    # (migrations, exports, purges) may take their time.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    if os.environ.get("CLINIC_WEB_PROCESS"):
        DATABASES["default"]["OPTIONS"]["options"] = "-c statement_timeout=5000"
    # Parameters bound by the server rather than quoted into the SQL by psycopg in Python,
    # and a query a connection has run five times prepared, so PostgreSQL stops planning
    # the page queries on every request (0.12 ms of its CPU for a condition page's
    # lists). Off behind a pooler that cannot keep prepared statements (PgBouncer in
    # transaction mode before 1.21).
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
# Several gunicorn workers write to SQLite at once: WAL lets readers and one writer work
# together, IMMEDIATE takes the write lock at BEGIN (no deadlocked upgrades) and the
# timeout makes a second writer wait instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    # A file, not memory, so tests that write from several threads behave like production;
    # one per test process, so two test runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# /healthz answers 503 when the disk the site writes to has less room than this.
HEALTH_MIN_FREE_MB = env.int("HEALTH_MIN_FREE_MB", default=100)

# Cache -------------------------------------------------------------------------------

# The default needs no server: Django's database cache, shared by every worker of one
# server. It lives in an SQLite file of its own (WAL, like the main one), so caching a page
# never waits for the main database's write lock. Several servers share Redis instead
# (CACHE_URL=redis://...), as production does.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://clinic_cache")}
CACHE_BACKEND = CACHES["default"]["BACKEND"]
DATABASES["cache"] = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(
        Path(DATABASES["default"]["NAME"]).with_suffix(".cache.sqlite3")
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        else BASE_DIR / "db.cache.sqlite3"
    ),
    "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": True,
    "OPTIONS": SQLITE_OPTIONS,
    "TEST": {"NAME": str(BASE_DIR / f".test-cache-{os.getpid()}.sqlite3")},
}
# The database cache's table goes to that file, and nothing else does.
DATABASE_ROUTERS = ["core.routers.CacheDatabaseRouter"]
if CACHE_BACKEND in (
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
):
    # django-redis: one client per server, reused. Redis errors count as misses, so the
    # site keeps serving (uncached) and accepting requests while Redis is unreachable.
    CACHES["default"]["BACKEND"] = "django_redis.cache.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.25,
        "SOCKET_TIMEOUT": 0.5,
        **{name.upper(): value for name, value in CACHES["default"].get("OPTIONS", {}).items()},
    }
    # An outage shows in the logs.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="clinic"))
# gunicorn's worker count: gunicorn.conf.py reads the same variable, with this default.
WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=(os.cpu_count() or 1) * 2 + 1)
# The page frame's header, footer and call to action, kept by each worker for the current
# content generation (see core/local_caches.py). With DEBUG on nothing is kept, so
# template edits show at once; FRAME_CACHE=off lets the benchmark render every page whole.
CACHES["frame"] = {
    "BACKEND": "django.core.cache.backends."
    + ("locmem.LocMemCache" if env.bool("FRAME_CACHE", default=not DEBUG) else "dummy.DummyCache"),
    "LOCATION": "frame",
    "TIMEOUT": None,
    # Entries of past generations are never read again: keep a few generations' worth.
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# Whole-page caching for anonymous visitors needs a cache every worker shares: with a
# per-process cache an edit would invalidate one worker's copy and not the others'.
PAGE_CACHE_ENABLED = env.bool(
    "PAGE_CACHE",
    default=CACHE_BACKEND
    not in (
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ),
)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# An X-Cache header (hit or miss) on cacheable pages, for the benchmark and tests only:
# in production it would tell anyone which pages others have just looked at.
PAGE_CACHE_HEADER = env.bool("PAGE_CACHE_HEADER", default=False)

# Sessions, authentication ------------------------------------------------------------

# Sessions live in the database: shared by every worker and server, and unaffected by
# a cache outage. Only staff have sessions; patients never log in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Staff sessions end after this much inactivity (the expiry slides on each request).
SESSION_COOKIE_AGE = env.int("STAFF_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "appointments.views.csrf_failure"
# Messages ride in a cookie, so public pages never need a session.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.password_validation.PasswordVarietyValidator"},
]

ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
# Where signing in goes when it was given nowhere to go, or somewhere refused (another
# site): the staff area, not Django's default /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"
LOGIN_THROTTLE = {
    # Failed staff logins allowed per window before a lockout, per username and per client.
    "PER_USER": env.int("LOGIN_FAILURES_PER_USER", default=5),
    "PER_CLIENT": env.int("LOGIN_FAILURES_PER_CLIENT", default=20),
    "LOCKOUT_SECONDS": env.int("LOGIN_LOCKOUT_MINUTES", default=15) * 60,
}

# Staff sign in with a password and then a code from an authenticator app (TOTP) or a
# recovery code (django-otp). Without a device a staff member is sent to enrol and sees
# nothing else. Off only for a first look on a laptop: on unless DEBUG is.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=not DEBUG)

# HTTPS and security headers ----------------------------------------------------------

# Off for `make run` on http://127.0.0.1; production sets HTTPS=on.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# The load balancer's health probe comes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# How many reverse proxies sit in front of gunicorn: the client address used for rate
# limits is then read from X-Forwarded-For that many hops from the right.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    # Only behind a reverse proxy that sets (and strips client-sent) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies whose X-Forwarded-* headers count (addresses, CIDR networks or "*"); from any
# other peer they are dropped (core.forwarded). gunicorn reads the same variable.
FORWARDED_ALLOW_IPS = env.list("FORWARDED_ALLOW_IPS", default=["127.0.0.1"])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env.list("CSP_IMG_ORIGINS", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# Request limits: a huge body is refused with a 400 page before any work is done.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# Any request's whole body, uploaded files included (only the staff area takes files:
# images up to 10 MB and the form around them).
REQUEST_MAX_BODY_SIZE = 12 * 1024 * 1024

# Internationalization ----------------------------------------------------------------

# English at the site's root, Spanish under /es/ (clinic_site/urls.py). The language
# comes from the URL alone, never from Accept-Language or a cookie, so a cached page is
# right for everyone who asks for that URL.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Where a language's dates and times differ from Django's own (clinic_site/formats/).
FORMAT_MODULE_PATH = ["clinic_site.formats"]
# Content fields (conditions, treatments, FAQs) get a column per language; an empty
# Spanish field shows the English text (django-modeltranslation).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# Static files and media --------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Hashed names, pre-compressed copies and far-future cache headers, served by WhiteNoise.
STATIC_STORAGE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
MEDIA_STORAGE_BACKEND = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE_BACKEND == "s3":
    # Uploaded images in S3-compatible object storage (requirements-s3.txt), so any
    # number of app servers share them and none keeps state on its disk.
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "custom_domain": env.str("S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    SERVE_MEDIA = False
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # Uploaded images are served by the app itself unless a proxy or CDN does it.
    SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {"default": MEDIA_STORAGE, "staticfiles": STATIC_STORAGE}

# Email -------------------------------------------------------------------------------

# Production uses SMTP, e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.org:587.
# The local default writes each email to a file in .mail/ (git-ignored), never to the
# console: an acknowledgement carries a patient's address, and stdout ends up in logs.
EMAIL_CONFIG = env.email("EMAIL_URL", default="filemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / ".mail"))
    # The same, with files and folder readable by the site's own account only.
    EMAIL_BACKEND = "core.mail.PrivateFileEmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="website@clinic.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told that a new appointment request arrived (never what it says).
FRONT_DESK_EMAILS = env.list("FRONT_DESK_EMAILS", default=[])

# Background tasks -------------------------------------------------------------------

# Emails wait in the database for the worker (`manage.py db_worker`), so a slow or broken
# mail server never holds up a patient's request. `send_due_notifications` (every minute)
# queues retries and anything a stopped worker left behind.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOTIFICATIONS = {
    # A failed email is tried again after 1, 2, 4 ... minutes (at most an hour apart)
    # until this long after the request arrived; then it is marked failed in the admin.
    "RETRY_HOURS": env.int("NOTIFICATION_RETRY_HOURS", default=24),
}

# Content ------------------------------------------------------------------------------

# A deleted page's versions (what its medical text said, who approved it, when) are kept
# this long, then purged by `publish_scheduled_revisions`: six years by default, as long
# as US health-care records of policy are kept (HIPAA's documentation rule).
DELETED_PAGE_RETENTION_DAYS = env.int("DELETED_PAGE_RETENTION_DAYS", default=6 * 365)

# The clinic ---------------------------------------------------------------------------

CLINIC = {
    "NAME": env.str("CLINIC_NAME", default="Riverside Pain Management"),
    "PHONE": env.str("CLINIC_PHONE", default="+1 555 010 0123"),
    "STREET_ADDRESS": env.str("CLINIC_STREET_ADDRESS", default="120 Example Avenue, Suite 200"),
    "LOCALITY": env.str("CLINIC_CITY", default="Springfield"),
    "REGION": env.str("CLINIC_REGION", default="IL"),
    "POSTAL_CODE": env.str("CLINIC_POSTAL_CODE", default="62701"),
    "COUNTRY": env.str("CLINIC_COUNTRY", default="US"),
    # Days and times in schema.org's short form: "Mo-Th 08:00-17:00; Fr 08:00-13:00".
    "HOURS": env.str("CLINIC_HOURS", default="Mo-Th 08:00-17:00; Fr 08:00-13:00"),
    "DIRECTIONS": env.str(
        "CLINIC_DIRECTIONS",
        default=(
            "We are on the second floor of the Example Avenue medical building, two blocks "
            "north of the main bus station. Free parking is behind the building, with "
            "accessible spaces next to the entrance. A lift serves every floor."
        ),
    ),
    # When the front desk usually calls back, shown on the thank-you page.
    # The default is translated; a value set in the environment is shown as written.
    "CALLBACK_PROMISE": env.str("CLINIC_CALLBACK_PROMISE", default=None)
    or gettext_lazy("within one business day"),
    # The logo in the header: a path among the static files (SVG, PNG or WebP), drawn in a
    # 40 by 40 px box. The clinic's own goes into static/img/ and is named here.
    "LOGO": env.str("CLINIC_LOGO", default="img/logo.svg"),
}

# The name authenticator apps show next to the staff member's code.
OTP_TOTP_ISSUER = CLINIC["NAME"]

# Appointment requests -----------------------------------------------------------------

APPOINTMENTS = {
    # Submissions allowed per client address per window (counted in the shared cache).
    "RATE_LIMIT": env.int("APPOINTMENT_RATE_LIMIT", default=10),
    "RATE_WINDOW_SECONDS": env.int("APPOINTMENT_RATE_WINDOW_SECONDS", default=3600),
    # Faster than this looks like a bot; the patient is asked to check and send again.
    "MIN_FILL_SECONDS": env.int("APPOINTMENT_MIN_FILL_SECONDS", default=3),
    # An identical request inside this window (a double click, a refresh) is stored once.
    "RESUBMIT_WINDOW_SECONDS": env.int("APPOINTMENT_RESUBMIT_WINDOW_SECONDS", default=600),
    # A request sharing a phone or email with one this recent is flagged for staff.
    "DUPLICATE_WINDOW_DAYS": env.int("APPOINTMENT_DUPLICATE_WINDOW_DAYS", default=30),
    "SEND_ACKNOWLEDGEMENT": env.bool("APPOINTMENT_SEND_ACKNOWLEDGEMENT", default=False),
    # Days after the last status change before `purge_appointment_requests` deletes a
    # request; statuses not listed (new, contacted) wait for staff or the maximum age.
    "RETENTION_DAYS": {
        "spam": env.int("RETENTION_DAYS_SPAM", default=7),
        "closed": env.int("RETENTION_DAYS_CLOSED", default=180),
        "duplicate": env.int("RETENTION_DAYS_DUPLICATE", default=180),
        "no_response": env.int("RETENTION_DAYS_NO_RESPONSE", default=180),
        "scheduled": env.int("RETENTION_DAYS_SCHEDULED", default=180),
    },
    # Whatever its status, a request is deleted this many days after it was submitted;
    # staff see it under "approaching the retention limit" for the warning days before.
    "RETENTION_MAX_DAYS": env.int("RETENTION_MAX_DAYS", default=365),
    "RETENTION_WARNING_DAYS": env.int("RETENTION_WARNING_DAYS", default=30),
    # An export of more requests than this is written by the worker and downloaded from
    # "CSV exports" (a streamed one would outlast gunicorn's timeout); kept this many hours.
    "EXPORT_INLINE_MAX": env.int("EXPORT_INLINE_MAX", default=5000),
    "EXPORT_RETENTION_HOURS": env.int("EXPORT_RETENTION_HOURS", default=24),
}
# Where those exports are written: private files, outside MEDIA_ROOT and never served.
EXPORT_ROOT = Path(env.str("EXPORT_ROOT", default=str(BASE_DIR / "exports")))

# Consumer health data requests (Washington's My Health My Data Act) ------------------

HEALTH_DATA_REQUESTS = {
    # Requests allowed per client address, and per email address, per window.
    "CLIENT_RATE_LIMIT": env.int("HEALTH_DATA_CLIENT_RATE_LIMIT", default=5),
    "ADDRESS_RATE_LIMIT": env.int("HEALTH_DATA_ADDRESS_RATE_LIMIT", default=3),
    "RATE_WINDOW_SECONDS": env.int("HEALTH_DATA_RATE_WINDOW_SECONDS", default=86400),
    # How long the link in the confirmation email works; an unconfirmed request is
    # deleted by the daily purge once its link has expired.
    "CONFIRM_HOURS": env.int("HEALTH_DATA_CONFIRM_HOURS", default=48),
    # The act's deadline for an answer, from confirmation (and from an appeal).
    "RESPONSE_DAYS": 45,
    # How long the appeal link in a denial email works.
    "APPEAL_DAYS": env.int("HEALTH_DATA_APPEAL_DAYS", default=45),
    # Days after a request is completed or denied before its email address is replaced
    # by a keyed hash; the rest of the row stays as the record that it was answered.
    "RETENTION_DAYS": env.int("HEALTH_DATA_RETENTION_DAYS", default=730),
}

# Logging -----------------------------------------------------------------------------

# One JSON object a line on stdout. Django's default admin-email handler is left out:
# it would mail request data (patients' details) to ADMINS.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
    },
}
