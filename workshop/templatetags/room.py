"""Small template helpers for the room and its boards: times for the shared timer, a
link's domain, the CSRF field of per-person renders, an item's dot control."""

import time
from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.html import format_html

from workshop.access import Audience

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


@register.simple_tag(takes_context=True)
def dot_control(context, item_id: int, label: str) -> str:
    """An item's part in the open dot vote (workshop.votes): while voting, a participant's
    buttons to give a dot and take one back, with their own dots on it; once revealed,
    its dots, for everyone. Built here rather than in a template, as a board draws
    hundreds of items. A shared render shows nobody's dots; static/js/room.js sets each
    person's own from their meter (#my-dots)."""
    vote = context.get("dot_vote")
    if vote is None:
        return ""
    if vote.is_revealed:
        dots = context["dot_totals"].get(item_id, 0)
        words = f"{dots} dot{'' if dots == 1 else 's'}" if dots else "No dots"
        return format_html(
            '<p class="dot-total{}" data-dots="{}"><span class="pip" aria-hidden="true">'
            "</span>{}</p>",
            "" if dots else " is-empty", dots, words,
        )
    voter = context.get("audience") == Audience.PARTICIPANTS or (
        context.get("shared") and context.get("audience") != Audience.PROJECTOR
    )
    if not vote.is_open or not voter:
        return ""
    mine = context["my_dots"].get(item_id, 0)
    left = context["dots_left"]
    return format_html(
        '<form class="dots participant-only contrib" data-dot-item="{item}" method="post" '
        'action="{url}" hx-post="{url}" hx-swap="none">{token}'
        '<input type="hidden" name="item" value="{item}">'
        '<span class="dot-label" aria-hidden="true">Your dots</span>'
        '<button class="dot-take" name="change" value="take"{no_take}>−'
        '<span class="visually-hidden"> Take back a dot from “{label}”</span></button>'
        '<span class="dot-mine" data-mine="{mine}"><span class="dot-pips" aria-hidden="true">'
        '{pips}</span><span class="visually-hidden">Your dots on “{label}”: </span>'
        '<span class="dot-count">{mine}</span></span>'
        '<button class="dot-give" name="change" value="give"{no_give}>+'
        '<span class="visually-hidden"> Give a dot to “{label}”</span></button></form>',
        item=item_id, url=context["dot_url"], token=form_token(context), label=label,
        mine=mine, pips="●" * mine,
        no_take="" if mine else " disabled",
        no_give=" disabled" if left <= 0 or (vote.one_per_item and mine) else "",
    )
