"""Small template helpers for the room and its boards: times for the shared timer, a
link's domain, the CSRF field of per-person renders."""

import time
from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.filter
def epoch_ms(moment) -> str:
    return "" if moment is None else str(int(moment.timestamp() * 1000))


@register.simple_tag
def now_ms() -> str:
    return str(int(time.time() * 1000))


@register.filter
def time_left(ends_at) -> str:
    """mm:ss until a moment, for the page as first rendered (scripts then tick it)."""
    if ends_at is None:
        return "–:–"
    seconds = max(0, int((ends_at - timezone.now()).total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@register.filter
def domain(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.") or url


@register.simple_tag(takes_context=True)
def form_token(context) -> str:
    """The CSRF field when a render belongs to one person's request. Fragments pushed to
    the whole room have none: their forms rely on the X-CSRFToken header that htmx
    sends from each person's page."""
    token = context.get("csrf_token")
    if not token:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
