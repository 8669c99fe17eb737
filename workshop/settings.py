"""Prepwork's one settings module.

Defaults give the embedded setup (SQLite, in-memory channel layer, one process, DEBUG
off); production differs only by environment variables: SECRET_KEY, DEBUG,
ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and PREPWORK_URL.
"""

import os
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
