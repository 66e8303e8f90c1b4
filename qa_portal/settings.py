"""Settings for qa_portal, switched by environment variables only.

Every variable is listed in ``.env.example``. The defaults are the ones that are safe for
a local run: DEBUG off, an SQLite file, an in-memory cache, e-mail to the console.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DJANGO_DEBUG=1 for a local development run."
        )
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, as it asks: departments' and FAQ topics' names and descriptions in
    # each language (name_en, name_zh_hant, … on the same row; see */translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "axes",
    # The second factor's authenticator apps (TOTP, RFC 6238): django-otp's device model
    # keeps the key, refuses a code used before, allows a step of clock drift and slows
    # down guessing. Passkeys and recovery codes are ours (qa_portal/accounts/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "qa_portal",
    "questions",
    "specialists",
]

MIDDLEWARE = [
    # First, so that every line logged while a request is served carries its id (and a
    # cached page's response carries one too).
    "machinery.logs.RequestIdMiddleware",
    # Then every response is counted and timed for /metrics, pages from the cache included.
    "machinery.metrics.MetricsMiddleware",
    # Then a cached anonymous question page is answered before anything else runs; it
    # replays the headers the middleware below gave the page when it was stored.
    "questions.archive.pagecache.CachedQuestionPageMiddleware",
    # Public caching headers on anonymous public pages, after the whole stack has decided
    # their cookies and privacy (and before the page cache above stores them).
    "machinery.httpcache.SharedCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qa_portal.middleware.RejectNullBytesMiddleware",
    "qa_portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Doctors, staff and anyone who turned it on reach nothing but the second step until
    # they have given their second factor (or enrolled one).
    "qa_portal.accounts.middleware.SecondFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # A view that cannot reach the database answers 503 with Retry-After, not 500.
    "qa_portal.reliability.DatabaseUnavailableMiddleware",
    # After it, so that a read failing on a replica is answered from the primary first.
    "qa_portal.replicas.PublicReadsMiddleware",
]

ROOT_URLCONF = "qa_portal.urls"
WSGI_APPLICATION = "qa_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qa_portal.context_processors.site",
            ],
        },
    },
]


# Database: an SQLite file unless DATABASE_URL names another (postgres://…).
def database(url: str) -> dict:
    """A DATABASES entry, with the site's connection settings (the primary's and every
    replica's alike)."""
    entry = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A restarted PostgreSQL leaves dead persistent connections behind; check them.
        conn_health_checks=True,
    )
    if entry["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that needs no round trip (see its docstring).
        entry["ENGINE"] = "machinery.postgresql"
        entry.setdefault("OPTIONS", {}).update(
            {
                "connect_timeout": 5,
                # JIT compilation costs tens of milliseconds per query and pays off only for
                # long analytical queries, never for a web page's.
                "options": "-c statement_timeout=15000 -c jit=off",
                # Bind parameters on the server, so that psycopg prepares the statements a
                # connection runs again and again: PostgreSQL then plans a page's queries
                # once per connection instead of on every request (planning cost more than
                # running). (Behind a transaction-pooling PgBouncer, QA_PORTAL_DB_PREPARE=0.)
                "server_side_binding": env_bool("QA_PORTAL_DB_PREPARE", True),
                "prepare_threshold": 5 if env_bool("QA_PORTAL_DB_PREPARE", True) else None,
            }
        )
    return entry


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}

# PostgreSQL read replicas (README, Read replicas): DATABASES["replica_1"], … Tests never
# create them (a mirror of the test database). A URL that cannot be one is left out and
# logged at start (machinery.replicas.log_configuration): the site reads from the primary.
DATABASE_REPLICAS = []
DATABASE_REPLICA_ERRORS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    try:
        replica = database(url)
    except ValueError:  # an unknown scheme, a bad port…
        replica = {}
    if replica.get("ENGINE") != "machinery.postgresql" or not replica.get("NAME"):
        DATABASE_REPLICA_ERRORS.append(f"entry {number} is not a PostgreSQL URL; ignored")
        continue
    DATABASES[f"replica_{number}"] = {**replica, "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(f"replica_{number}")
DATABASE_ROUTERS = ["machinery.replicas.ReplicaRouter"]
# A client that wrote reads from the primary for this long (0: off); a replica further
# behind than the lag limit is skipped. Keep the lag limit plus the few seconds between
# two checks below the first, so that nobody misses what they wrote.
READ_YOUR_WRITES_SECONDS = int(os.environ.get("QA_PORTAL_READ_YOUR_WRITES_SECONDS", "10"))
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("QA_PORTAL_REPLICA_MAX_LAG_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "qa_portal.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "questions:my-questions"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link is valid for an hour

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Cache: Redis when REDIS_URL is set, otherwise memory local to the process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "machinery.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "qa_portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that change only with a deploy or a new page generation (header,
# footer, Similar Q&A, More info) are kept in each worker's memory: no network round trip.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Login lockout (django-axes): after 5 failures for one address from one IP, 15 minutes.
# Attempts are counted in the shared cache when there is Redis, else in the database.
AXES_FAILURE_LIMIT = int(os.environ.get("QA_PORTAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("QA_PORTAL_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "machinery.ratelimit.client_ip"
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, though users log in by e-mail
AXES_USERNAME_CALLABLE = "machinery.ratelimit.login_username"
# Failures are forgiven when the whole sign-in succeeds, second factor included
# (qa_portal/accounts/signin.py), not at the password alone.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)

# The second factor (README, "Two-factor sign-in"). A remembered browser skips the second
# step for this many days.
REMEMBER_BROWSER_DAYS = int(os.environ.get("QA_PORTAL_REMEMBER_BROWSER_DAYS", "30"))

# Background work: e-mails are sent by Django's tasks framework. The immediate backend runs
# them in the request; production sets QA_PORTAL_TASKS=database and runs `manage.py db_worker`.
if os.environ.get("QA_PORTAL_TASKS", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated fields (django-modeltranslation): English is the language of the original
# columns; a name missing in the reader's language falls back to the other one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hant")}
# Dates read YYYY/MM/DD in both languages, as on the reference page ("2000/11/28").
FORMAT_MODULE_PATH = ["qa_portal.formats"]
# The language chosen in the footer is remembered for a year; without a choice the
# browser's Accept-Language decides (zh-TW and zh-HK fall back to zh-hant).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Taipei")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# E-mail: the console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "qa_portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. A strict Content-Security-Policy: no inline script or style anywhere.
CSRF_FAILURE_VIEW = "qa_portal.views.csrf_failure"

SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto (the usual production
    # set-up). Turn it off (DJANGO_BEHIND_PROXY=0) when gunicorn faces clients directly:
    # then a client could claim HTTPS by sending the header itself.
    if env_bool("DJANGO_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Prometheus scrapes each machine's gunicorn directly, over the internal network: plain
    # HTTP to an address that METRICS_ALLOWED_IPS or the token admits (README, Metrics).
    SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain, so that
    # no other host (a sibling subdomain) can set or shadow these cookies.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the request id (machinery.logs); e-mail addresses are blanked out
    # as a safety net. Question bodies, e-mail addresses and passwords are never logged.
    "filters": {
        "request_id": {"()": "machinery.logs.RequestIdFilter"},
        "redact_email": {"()": "machinery.logs.RedactEmailFilter"},
    },
    "formatters": {
        "plain": {"format": "{asctime} {levelname} [{request_id}] {name} {message}", "style": "{"},
        # One JSON object a line, for a log collector (DJANGO_LOG_FORMAT=json).
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{asctime}{levelname}{request_id}{name}{message}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("DJANGO_LOG_FORMAT") == "json" else "plain",
            # The filters run before either formatter: the JSON lines are redacted too.
            "filters": ["request_id", "redact_email"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

# How many proxies (load balancer, TLS terminator) stand before gunicorn and append to
# X-Forwarded-For; 0 trusts REMOTE_ADDR. Rate limits and login lockout use this address.
TRUSTED_PROXY_COUNT = int(os.environ.get("QA_PORTAL_TRUSTED_PROXY_COUNT", "0"))

# Who may read /metrics (Prometheus): clients from these comma-separated addresses or
# networks (the client's address as rate limits see it), or any client sending
# "Authorization: Bearer <METRICS_TOKEN>" (empty: no token opens it). Others get a 404.
METRICS_ALLOWED_IPS = os.environ.get("QA_PORTAL_METRICS_ALLOWED_IPS", "127.0.0.1/32,::1/128")
METRICS_TOKEN = os.environ.get("QA_PORTAL_METRICS_TOKEN", "")

# Site-specific settings.
# The site's name; empty: "Ask a Hospital Doctor", in the reader's language
# (machinery.site.site_name).
SITE_NAME = os.environ.get("QA_PORTAL_SITE_NAME", "")
EMERGENCY_NUMBER = os.environ.get("QA_PORTAL_EMERGENCY_NUMBER", "119")
# The suicide prevention line (Taiwan's, 24 hours), in the emergency help.
CRISIS_LINE_NUMBER = os.environ.get("QA_PORTAL_CRISIS_LINE_NUMBER", "1925")
# The site's own address, for links in e-mails sent outside a request.
BASE_URL = os.environ.get("QA_PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a doctor's invitation link stays valid.
DOCTOR_INVITATION_DAYS = int(os.environ.get("QA_PORTAL_DOCTOR_INVITATION_DAYS", "7"))
# How long the link e-mailed at sign-up to confirm the address stays valid.
VERIFY_HOURS = int(os.environ.get("QA_PORTAL_VERIFY_HOURS", "48"))
# How long opening "Reply" reserves a question for one doctor.
CLAIM_MINUTES = int(os.environ.get("QA_PORTAL_CLAIM_MINUTES", "30"))
# A doctor's request for more information holds the question for them this long; the
# patient is reminded once after REMIND days; once answered, the question is theirs again
# for HOLD hours, then the department's.
CLARIFICATION_DAYS = int(os.environ.get("QA_PORTAL_CLARIFICATION_DAYS", "7"))
CLARIFICATION_REMIND_DAYS = int(os.environ.get("QA_PORTAL_CLARIFICATION_REMIND_DAYS", "3"))
CLARIFIED_HOLD_HOURS = int(os.environ.get("QA_PORTAL_CLARIFIED_HOLD_HOURS", "24"))
# A patient may ask one follow-up on a reply this many days after it; it is held for the
# doctor who replied for HOLD hours, then any doctor of the department may answer.
FOLLOW_UP_DAYS = int(os.environ.get("QA_PORTAL_FOLLOW_UP_DAYS", "30"))
FOLLOW_UP_HOLD_HOURS = int(os.environ.get("QA_PORTAL_FOLLOW_UP_HOLD_HOURS", "24"))
# Anonymous readers get question pages from the cache for this long (0 turns it off).
PAGE_CACHE_SECONDS = int(os.environ.get("QA_PORTAL_PAGE_CACHE_SECONDS", "600"))
# Shared caches (Varnish, a CDN) may keep anonymous public pages this long (s-maxage; 0:
# no page is marked public); browsers a minute at most. machinery.httpcache.
SHARED_CACHE_SECONDS = int(os.environ.get("QA_PORTAL_SHARED_CACHE_SECONDS", "600"))
# The pages they may keep (URL names) and the tags, beyond "all", that purge them: a
# question's page goes when it changes, the lists showing excerpts when any question does.
SHARED_CACHE_PAGES = {
    "home": ["lists"],
    "robots": [],
    "sitemap": ["lists"],
    "sitemap-section": ["lists"],
    "questions:detail": ["q-{pk}"],
    "questions:detail-short": ["q-{pk}"],
    **{
        f"questions:{name}": ["lists"]
        for name in (
            "department-list",
            "department-detail",
            "topic-list",
            "topic-detail",
            "doctor-detail",
            "feed-latest",
            "feed-latest-atom",
            "feed-department",
            "feed-department-atom",
            "feed-topic",
            "feed-topic-atom",
        )
    },
}
# Base URLs of the shared caches the site purges after each change (comma-separated,
# e.g. http://127.0.0.1:6081; empty: none).
CACHE_PURGE_URLS = env_list("QA_PORTAL_CACHE_PURGE_URLS")
# With Redis, each worker keeps copies of the cached pages it fetched, up to this many
# megabytes, used without a round trip to Redis and dropped on any invalidation (0: off).
PAGE_COPIES_BYTES = int(float(os.environ.get("QA_PORTAL_PAGE_COPIES_MB", "16")) * 1024 * 1024)
# The approximate index of the vectors of meaning (`manage.py build_meaning_index`): a
# path every worker can read, a symbolic link the command points at each new build. Empty:
# exact search, right for archives of up to about 100,000 Q&A.
MEANING_INDEX_PATH = os.environ.get("QA_PORTAL_MEANING_INDEX", "")
# Question page views are added up in each worker and written every this many views.
VIEW_COUNT_FLUSH_EVERY = int(os.environ.get("QA_PORTAL_VIEW_COUNT_FLUSH_EVERY", "100"))
# How many questions one account may ask in 24 hours.
QUESTIONS_PER_DAY = int(os.environ.get("QA_PORTAL_QUESTIONS_PER_DAY", "3"))
# Sign-ups and password-reset requests allowed from one IP address per hour.
SIGNUPS_PER_HOUR = int(os.environ.get("QA_PORTAL_SIGNUPS_PER_HOUR", "5"))
PASSWORD_RESETS_PER_HOUR = int(os.environ.get("QA_PORTAL_PASSWORD_RESETS_PER_HOUR", "5"))
# New links to confirm the e-mail address one account may ask for per hour.
VERIFY_EMAILS_PER_HOUR = int(os.environ.get("QA_PORTAL_VERIFY_EMAILS_PER_HOUR", "3"))
# Reports of a Q&A allowed from one IP address per hour.
REPORTS_PER_HOUR = int(os.environ.get("QA_PORTAL_REPORTS_PER_HOUR", "10"))
# Question submissions (the ask form posted) from one IP address per hour: several
# accounts behind one address cannot flood the doctors' queues past their daily limits.
ASKS_PER_HOUR = int(os.environ.get("QA_PORTAL_ASKS_PER_HOUR", "20"))
# Replies one doctor may publish per hour (a stolen doctor account cannot spray replies).
REPLIES_PER_HOUR = int(os.environ.get("QA_PORTAL_REPLIES_PER_HOUR", "30"))
# "This answered my question too", per IP address.
HELPED_PER_HOUR = int(os.environ.get("QA_PORTAL_HELPED_PER_HOUR", "30"))
