"""Settings for the China–Central Asia Cooperation Tracker.

Every value comes from the environment, with safe development defaults: with nothing set, the
site runs on SQLite under var/ with the local-memory cache. DJANGO_ENV=production refuses to
start without a real secret key and allowed hosts.
"""

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from corsheaders.defaults import default_headers
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name, default=()):
    """Addresses or networks (10.0.0.5, 10.0.0.0/24, ::1), comma-separated."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks, not {item!r}"
            ) from None
    return networks


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"


def development_secret_key():
    """A random key kept under var/, so development sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of 50 or more characters "
            "when DJANGO_ENV=production"
        )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_ENV=production"
        )
    DEBUG = env_bool("DJANGO_DEBUG", False)
    # Rotating the key: the old one here keeps sessions and signed forms valid meanwhile.
    SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY") or development_secret_key()
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
    DEBUG = env_bool("DJANGO_DEBUG", True)

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "corsheaders",
    "rest_framework",
    # DRF's own token table is kept (empty) only for the migration that hashed its keys.
    "rest_framework.authtoken",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "csp",
    "axes",
    "cooperation",
]

MIDDLEWARE = [
    "cooperation.observability.RequestIDMiddleware",
    "cooperation.limits.RequestSizeLimitMiddleware",
    "cooperation.limits.NulCharacterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cooperation.api.compression.ApiGZipMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cooperation.api.ratelimit.RateLimitHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # CommonMiddleware, with 308 (not 301) for writes to an address without its slash.
    "cooperation.trailing_slash.TrailingSlashMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cooperation.admin.passwords.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Outside the public cache, so answers from the cache are conditional too (304s on a hit).
    "django.middleware.http.ConditionalGetMiddleware",
    "cooperation.caching.PublicCacheMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
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
                "cooperation.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
            conn_health_checks=True,
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The covering indexes' INCLUDE columns are a PostgreSQL speed-up; SQLite builds the same
    # indexes without them, which is all a local copy needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Cache: Django's own Redis backend when REDIS_URL is set, local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tracker"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The benchmark's baseline view (benchmarks/); never in production.
BENCHMARK = env_bool("DJANGO_BENCHMARK", False)
if BENCHMARK and PRODUCTION:
    raise ImproperlyConfigured("DJANGO_BENCHMARK must not be set when DJANGO_ENV=production")

# Anonymous pages and API answers are cached this long at most; any content change takes
# effect at once (see cooperation/caching.py). 0 turns the cache off.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)

# Password guessing: after AXES_FAILURE_LIMIT failed logins for one user name from one address,
# that pair is locked out for the cool-off (429). Only the admin login takes a password; API
# tokens are made and revoked in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cooperation.admin.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "cooperation.limits.client_ip"

# The visitor's address, for every rate limit and the login lockout (cooperation.limits.client_ip):
# behind DJANGO_NUM_PROXIES reverse proxies it is read from X-Forwarded-For, but only on requests
# that come from one of DJANGO_TRUSTED_PROXIES; anyone else who reaches the app server directly
# is counted by their own address, whatever header they send.
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured("DJANGO_NUM_PROXIES must be 0 or more")
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# Editors' sessions end after a working day without a visit, and with the browser.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 60 * 60 * 12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Request bodies: the proxy's cap (deploy/nginx) again in the app; form fields as Django's own.
MAX_REQUEST_BYTES = env_int("DJANGO_MAX_REQUEST_BYTES", 25 * 1024 * 1024)
# An address (path and query string) longer than the request line nginx and gunicorn take
# (deploy/): no address of the site comes near it, and pages that link to themselves with
# their query would repeat it.
MAX_ADDRESS_BYTES = env_int("DJANGO_MAX_ADDRESS_BYTES", 8 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the default and the fallback for content not yet translated.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production, whitenoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# A spreadsheet waiting for the editor's confirmation is kept in the database, so the
# confirming request may reach any app server (for a day).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "cooperation.admin.imports.DatabaseUploadStorage"
IMPORT_PREVIEW_SECONDS = env_int("IMPORT_PREVIEW_SECONDS", 24 * 60 * 60)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
# With false, only managers publish: editors save drafts and submit changes for review, and a
# published record changes only through the review queue (docs/editors.md).
EDITORS_PUBLISH_DIRECTLY = env_bool("EDITORS_PUBLISH_DIRECTLY", True)
# Spreadsheet imports are measured before they are parsed (cooperation/admin/imports.py).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 30 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Map tiles: none by default (markers still show on a plain background). For OpenStreetMap:
# MAP_TILE_URL=https://tile.openstreetmap.org/{z}/{x}/{y}.png and its attribution.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Backups are signed (HMAC-SHA256) with this key and verified before a restore; without it, a
# key derived from DJANGO_SECRET_KEY. Keep it where the backups are not (docs/operations.md).
BACKUP_KEY = env_str("DJANGO_BACKUP_KEY")
SNAPSHOT_ROOT = Path(env_str("SNAPSHOT_ROOT", str(MEDIA_ROOT / "snapshots")))
# A new snapshot this many seconds after an editor publishes (one for a burst of publishes,
# written in the background); "off" for none (then run `manage.py export_snapshot` yourself).
SNAPSHOT_DELAY_SECONDS = (
    None
    if env_str("SNAPSHOT_DELAY_SECONDS").lower() == "off"
    else env_int("SNAPSHOT_DELAY_SECONDS", 60)
)
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous write is answered 401 with WWW-Authenticate.
        "cooperation.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "cooperation.api.permissions.ModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["cooperation.api.filtering.TrackerFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "cooperation.api.pagination.TrackerPagination",
    "DEFAULT_SCHEMA_CLASS": "cooperation.api.schema.TrackerAutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "cooperation.api.negotiation.TrackerContentNegotiation",
    "DEFAULT_RENDERER_CLASSES": [
        "cooperation.api.renderers.JSONRenderer",
        "cooperation.api.negotiation.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "cooperation.api.throttles.AnonThrottle",
        "cooperation.api.throttles.UserThrottle",
        "cooperation.api.throttles.ExportThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "300/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
        # Filtered CSV and GeoJSON exports, per visitor, on top of the rates above.
        "export": env_str("API_THROTTLE_EXPORT", "120/hour"),
        # Requests with a wrong, expired or revoked token, per address.
        "failed_auth": env_str("API_THROTTLE_FAILED_AUTH", "20/minute"),
    },
    "COERCE_DECIMAL_TO_STRING": False,
    # DRF itself never reads X-Forwarded-For: the throttles ask cooperation.limits.client_ip,
    # which trusts it from the configured proxies only (NUM_PROXIES and TRUSTED_PROXIES above).
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "cooperation.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# API tokens (django-rest-knox, cooperation.ApiToken): stored as SHA-512 digests, sent as
# `Authorization: Token <key>`, valid API_TOKEN_DAYS by default (the owner may choose up to
# API_TOKEN_MAX_DAYS), ended by a password change or deactivation.
KNOX_TOKEN_MODEL = "cooperation.ApiToken"
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

if not env_bool("API_THROTTLES", True):
    # Only for load tests from one address; every real visitor is rate-limited.
    REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = []

SPECTACULAR_SETTINGS = {
    "TITLE": "China–Central Asia Cooperation Tracker API",
    "DESCRIPTION": (
        "Sourced records of Belt and Road projects, summits, trade figures and articles on "
        "cooperation between China and Central Asia. Read by anyone (published records); "
        "written by editors with a token. Guide: docs/api.md."
    ),
    # Follows docs/api-changelog.md.
    "VERSION": "1.3.3",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PublicationStatusEnum": "cooperation.models.base.PublicationStatus",
        "ConfidenceEnum": "cooperation.models.base.Confidence",
        "ProjectStatusEnum": "cooperation.models.projects.ProjectStatus",
        "DatePrecisionEnum": "cooperation.models.dates.DatePrecision",
        "TradeFlowEnum": "cooperation.models.trade.TradeFlow",
        "ArticleKindEnum": "cooperation.models.articles.ArticleKind",
        "OrganizationKindEnum": "cooperation.models.reference.OrganizationKind",
        "SourceKindEnum": "cooperation.models.reference.SourceKind",
        "SummitKindEnum": "cooperation.models.summits.SummitKind",
        "OutcomeKindEnum": "cooperation.models.summits.OutcomeKind",
        "MilestoneKindEnum": "cooperation.models.projects.MilestoneKind",
    },
}

# The API may be read from any site's pages; only reads, and without credentials.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# Browsers may revalidate (If-None-Match, If-Modified-Since) and read the validators, the
# language, the file name of an export and the rate-limit signals.
CORS_ALLOW_HEADERS = [*default_headers, "accept-language", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = [
    "Content-Disposition",
    "Content-Language",
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
]

# Production hardening; `manage.py check --deploy` runs clean with DJANGO_ENV=production.
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix: browsers keep such a cookie only if it is Secure, for Path=/ and
    # without a Domain, so no other host (a subdomain included) can set or replace it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"
    if env_bool("DJANGO_BEHIND_TLS_PROXY", True):
        # The reverse proxy terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")


# Content Security Policy: scripts and styles from this site's own files only, never inline (a
# cached page cannot carry a per-request nonce). Map tiles, when configured, come from their host.
def tile_sources(url):
    """The tile host for img-src; Leaflet's {s} subdomain placeholder becomes a wildcard."""
    if not url:
        return []
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *tile_sources(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Logs: one JSON object per line in production (DJANGO_LOG_FORMAT=json), readable text in
# development; every line carries the request ID that the response's X-Request-ID header and
# the error page show.
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cooperation.observability.RequestIDFilter"}},
    "formatters": {
        "json": {"()": "cooperation.observability.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own handlers, so each line is written once, in this format.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Lockouts are warnings; its start-up banner on every command is not news.
        "axes.apps": {"level": "WARNING"},
    },
}
