"""Prepwork's one settings module.

Defaults give the embedded setup (SQLite, in-memory channel layer, one process, DEBUG
off); production differs only by environment variables: SECRET_KEY, DEBUG,
ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, PREPWORK_URL, PREPWORK_PROXY and the limits
(PREPWORK_JOINS_PER_ADDRESS and its neighbours below).
"""

import datetime
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from workshop import network

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number from {minimum}, not {value!r}.")
    return number


def env_seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if seconds <= 0:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}.")
    return seconds


RATE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour)s?\s*$")
SECONDS_IN = {"second": 1, "minute": 60, "hour": 3600}


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A limit written as people say it, "60/minute": how many, in how many seconds."""
    value = os.environ.get(name, "").strip() or default
    match = RATE.match(value)
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"{name} must be a number per second, minute or hour, like 60/minute, not {value!r}."
        )
    return int(match[1]), SECONDS_IN[match[2]]


def env_url(name: str) -> str:
    value = os.environ.get(name, "").strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise ImproperlyConfigured(
            f"{name} must be an address like http://10.0.0.5:8000, not {value!r}."
        )
    return value


# The product, not a debug build: DEBUG=true is for working on Prepwork itself.
DEBUG = env_bool("DEBUG", False)

# Where `make run` listens (HOST=0.0.0.0 serves the local network), and the address
# participants' devices use to reach it when the facilitator knows better (a proxy, a
# name on the network). See workshop.addresses.
PREPWORK_HOST = os.environ.get("PREPWORK_HOST", "127.0.0.1")
SERVING_NETWORK = PREPWORK_HOST in ("0.0.0.0", "::", "[::]")
PREPWORK_URL = env_url("PREPWORK_URL")
NETWORK_ADDRESSES = network.network_addresses() if SERVING_NETWORK else []

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
if SERVING_NETWORK:
    ALLOWED_HOSTS += NETWORK_ADDRESSES + network.network_host_names()
if PREPWORK_URL:
    ALLOWED_HOSTS.append(urlsplit(PREPWORK_URL).hostname)
    # A proxy that passes requests on with its own Host header (127.0.0.1:8001) would
    # otherwise fail the CSRF check of every form sent from the public address (over
    # https Django compares the browser's Origin with the Host it was given).
    CSRF_TRUSTED_ORIGINS = [PREPWORK_URL]

# The addresses of the TLS proxies in front of the server, comma-separated: only
# requests from them may say, in X-Forwarded-Proto and X-Forwarded-For, that the
# browser used https and where it is. `manage.py serve` hands them to uvicorn
# (--forwarded-allow-ips); with none set, those headers are ignored.
PREPWORK_PROXY = env_list("PREPWORK_PROXY", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "workshop",
    "experiences",
    "goals",
    "barriers",
    "recipes",
    "roadmap",
]

MIDDLEWARE = [
    # A board page of hundreds of cards is mostly repeated markup: compressed, a room of
    # laptops on one Wi-Fi fetches a tenth of it. (Django pads the compressed body against
    # BREACH, and masks CSRF tokens.)
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a sign-in refused for too many failures into the product's own page.
    "axes.middleware.AxesMiddleware",
    # Turns a refusal of workshop.limits into the product's own page.
    "workshop.limits.ThrottledMiddleware",
    # Last, though WhiteNoise suggests near the top: it works only synchronously, and
    # Django switches between the event loop and a worker thread at every boundary
    # between asynchronous and synchronous middleware. Innermost, it makes the whole
    # chain run synchronously in one hop: a card's POST makes 4 switches instead of 19.
    "whitenoise.middleware.WhiteNoiseMiddleware",
]

ROOT_URLCONF = "workshop.urls"
ASGI_APPLICATION = "workshop.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI each request runs in a thread of its own, where a kept connection
    # (CONN_MAX_AGE) would never be used again: a pool lends connections out instead, so
    # a request does not pay for connecting to PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 2, "max_size": 40}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The browser tests' live server runs in another thread, which an in-memory
    # database cannot be shared with.
    main_db = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": main_db.with_name(f"test_{main_db.name}")}
    # Each request writes from its own thread: take the write lock when a transaction
    # starts, so concurrent writers wait their turn instead of failing with "database is
    # locked" when a read-then-write transaction cannot upgrade its lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

def secret_key_beside(database: dict) -> str:
    """A key generated on the first start and kept beside the SQLite database (or in the
    project folder), so participants' cookies survive a restart of the laptop."""
    folder = Path(database["NAME"]).parent if database["ENGINE"].endswith("sqlite3") else BASE_DIR
    path = folder / ".prepwork_secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "") or secret_key_beside(DATABASES["default"])

REDIS_URL = os.environ.get("REDIS_URL", "")
# Each process reads every push of its rooms from one relay channel (workshop.relay): it
# must hold a burst, where a channel per socket held a hundred.
RELAY_CAPACITY = {"relay.*": 5000}
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 gives up on a socket after 5 s by default, exactly as long as
            # channels-redis blocks waiting for a message: every quiet socket would drop.
            "CONFIG": {
                # A room of hundreds joining or leaving at once changes hundreds of
                # group memberships at once: redis-py's pool of 100 would refuse some.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 1000}],
                "prefix": "prepwork",
                "channel_capacity": RELAY_CAPACITY,
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "workshop.layers.InMemoryChannelLayer",
            "CONFIG": {"channel_capacity": RELAY_CAPACITY},
        }
    }

# Django's cache keeps the counts of workshop.limits: a table of the database on the
# embedded default (made by a migration of workshop), Redis when REDIS_URL is set, so
# every server process counts the same requests.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "prepwork-cache",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "prepwork_cache",
            # A count lives a minute or an hour; culling a third of them when the table
            # is full only forgets some counts early.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Limits on floods and guessing, each "N/second|minute|hour" per address (the
# connection's own, or the one a trusted proxy names), see workshop.limits. A room of
# 40 behind one office address joins well within them; the benchmark raises them.
PREPWORK_LIMITS = {
    # Joining a workshop (a new participant), from one address and into one workshop.
    "join_address": env_rate("PREPWORK_JOINS_PER_ADDRESS", "60/minute"),
    "join_workshop": env_rate("PREPWORK_JOINS_PER_WORKSHOP", "120/minute"),
    # Codes that name no workshop, from one address.
    "code_guess": env_rate("PREPWORK_CODE_GUESSES_PER_ADDRESS", "20/minute"),
}

# Facilitators' sign-ins, counted by django-axes in the database: after
# PREPWORK_LOGIN_FAILURES wrong passwords from one address, that address waits
# PREPWORK_LOGIN_COOLOFF_MINUTES before it may try again, even with the right one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("PREPWORK_LOGIN_FAILURES", 10, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("PREPWORK_LOGIN_COOLOFF_MINUTES", 15, 1))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "workshop.limits.sign_in_address"
AXES_LOCKOUT_CALLABLE = "workshop.limits.login_locked_out"
# Sign-ins are counted, not logged a second time in the admin's access log.
AXES_DISABLE_ACCESS_LOG = True

# Someone is online while a server process holds a lease on them, renewed a few times
# per lease: a process that dies stops renewing, and the people it held show as away
# once their lease runs out (workshop.relay). A socket that stops answering is closed
# after as long. Tests shorten it to see a crash heal in seconds.
PRESENCE_LEASE = env_seconds("PREPWORK_PRESENCE_LEASE", 45.0)
# The sockets one participant may hold at once, across every process: a few tabs and a
# phone, not a flood from one cookie.
SOCKETS_PER_PARTICIPANT = 6

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Serve straight from the app and project folders, so a fresh clone runs without a
# collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Nothing a room sends comes near this; a pasted megabyte gets a clear 400, not a save.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "workshop.views.csrf_failure"

# Served at an https:// address (behind a TLS proxy, see PREPWORK_PROXY): cookies go
# only over TLS, browsers are told to use nothing else, and plain http redirects.
SECURE_DEPLOYMENT = PREPWORK_URL.startswith("https://")
if SECURE_DEPLOYMENT:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # /healthz answers the proxy's or the orchestrator's plain-http checks.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
