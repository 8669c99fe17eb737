"""Limits on floods and guessing: how often one address may join, guess a workshop code,
and how often a workshop takes a new participant.

Each limit is a small fixed-window counter in Django's cache (a database table on the
embedded default, Redis when several processes serve), so every process counts the same
requests; its rates are settings (PREPWORK_LIMITS). A refusal raises `Throttled`, which
`ThrottledMiddleware` turns into the product's own 429 page saying why and when to try
again. Facilitators' sign-ins are django-axes' part, not this module's.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workshop.http import refusal

logger = logging.getLogger(__name__)

# Every count's key starts with this; tests give each test a namespace of its own.
NAMESPACE = "prepwork:limit"


class Throttled(Exception):
    """Too many of something from one address or into one workshop; try again later."""

    def __init__(self, reason: str, retry_after: int):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def client_address(request: HttpRequest) -> str:
    """The address a request came from: the connection's own. A trusted proxy's
    X-Forwarded-For is read by the server (`manage.py serve` with PREPWORK_PROXY), which
    then gives the browser's address here; nobody else's header is believed."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def sign_in_address(request: HttpRequest) -> str | None:
    """The address django-axes counts sign-ins by: the same, or None for a request with no
    address at all (Django's own force_login), since the database keeps these addresses
    in an address column that no placeholder word fits."""
    return request.META.get("REMOTE_ADDR") or None


def _window(limit: str, subject: str) -> tuple[str, int, int]:
    """The counter's key in the current window, the limit, and the seconds left."""
    allowed, seconds = settings.PREPWORK_LIMITS[limit]
    now = time.time()
    window = int(now // seconds)
    left = max(1, math.ceil((window + 1) * seconds - now))
    return f"{NAMESPACE}:{limit}:{subject}:{window}", allowed, left


def count(limit: str, subject: str) -> None:
    """Count one more in this window (concurrent counts may lose one on the database
    cache: a limit, not a ledger)."""
    key, _, left = _window(limit, subject)
    try:
        if not cache.add(key, 1, timeout=left + 1):
            try:
                cache.incr(key)
            except ValueError:  # the window ended between the two calls
                cache.add(key, 1, timeout=left + 1)
    except Exception:  # noqa: BLE001 - see _uncounted
        _uncounted(limit)


def check(limit: str, subject: str, reason: str) -> None:
    """Refuse when this window's count has reached the limit."""
    key, allowed, left = _window(limit, subject)
    try:
        counted = cache.get(key) or 0
    except Exception:  # noqa: BLE001 - see _uncounted
        _uncounted(limit)
        return
    if counted >= allowed:
        raise Throttled(reason, retry_after=left)


def _uncounted(limit: str) -> None:
    """While the cache does not answer (Redis restarting), the room goes on unlimited
    rather than stopping: people still join, and the limits count again once it is back."""
    logger.warning("The limit %s is not counted: the cache did not answer.", limit, exc_info=True)


def take(limit: str, subject: str, reason: str) -> None:
    """Check, then count: for something each request does once (joining)."""
    check(limit, subject, reason)
    count(limit, subject)


# --- What the product limits ------------------------------------------------------------


def check_code_guesses(request: HttpRequest) -> None:
    check(
        "code_guess", client_address(request),
        "Too many workshop codes that match no workshop came from your network.",
    )


def count_code_guess(request: HttpRequest) -> None:
    """A code that names no workshop: a typo, or someone guessing."""
    count("code_guess", client_address(request))


def take_join(request: HttpRequest, workshop_pk: int) -> None:
    """One more person joining, from this address and into this workshop."""
    take(
        "join_address", client_address(request),
        "Too many people joined from your network in the last moments.",
    )
    take(
        "join_workshop", str(workshop_pk),
        "Too many people are joining this workshop at once.",
    )


# --- The refusal ------------------------------------------------------------------------


def throttled_response(request: HttpRequest, throttled: Throttled) -> HttpResponse:
    wait = _in_words(throttled.retry_after)
    if getattr(request, "htmx", False):
        response = refusal(f"{throttled.reason} Try again in {wait}.", status=429)
    else:
        context = {"reason": throttled.reason, "wait": wait}
        response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(throttled.retry_after)
    return response


def _in_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def login_locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' refusal of a sign-in after too many wrong passwords, as our page.
    Every try while refused starts the wait again, so the whole wait is what is left."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    locked = render(
        request, "registration/locked_out.html", {"wait": _in_words(seconds)}, status=429
    )
    locked["Retry-After"] = str(seconds)
    return locked


class ThrottledMiddleware:
    """Turns `Throttled`, raised anywhere in a view, into the product's 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, Throttled):
            return throttled_response(request, exception)
        return None
