"""The one place that pushes to the room.

A change is rendered to HTML once, after its transaction commits, and the same bytes
go to every socket in the audience's groups: each server process receives one copy per
group and hands it to its own sockets (workshop.relay). The htmx websocket extension
swaps the fragment in out of band. Group names come from primary keys, never from user
text.

The groups of a workshop's room:
- everyone(w): every screen, whoever it belongs to;
- audience(w, a): every participant's screen, the facilitator's, or the projector's;
- participant(p): one person's screens (their hidden drafts, their removal).
"""

import logging
import re
import time
from collections.abc import Callable, Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string

from workshop.access import Audience

logger = logging.getLogger(__name__)

# Event types on the channel layer; workshop.relay has one handler for each.
PUSH = "room.push"  # HTML for the sockets of a group
CLOSE = "room.close"  # HTML for the sockets of a group, which are then closed
PRESENCE = "room.presence"  # someone came, left or is done: the relay coalesces these


WORKSHOP_GROUP = re.compile(r"^workshop\.(\d+)")

# When this process last pushed a change to each workshop (wall clock, milliseconds, as
# pages are stamped). With the in-memory layer one process makes every push, so this is
# all there is to know about what a page drawn a moment ago may have missed.
last_sent: dict[int, int] = {}


def now_ms() -> int:
    return int(time.time() * 1000)


def everyone(workshop_id: int) -> str:
    return f"workshop.{workshop_id}"


def audience(workshop_id: int, audience: Audience) -> str:
    return f"workshop.{workshop_id}.{audience}"


def facilitator(workshop_id: int) -> str:
    return audience(workshop_id, Audience.FACILITATOR)


def participant(participant_id: int) -> str:
    return f"participant.{participant_id}"


def render(template_name: str, context: dict) -> str:
    """Render a fragment shared by everyone in its audience: no request, so no per-person
    CSRF token in it (see the form_token template tag)."""
    return render_to_string(template_name, context)


def publish(groups: Iterable[str], fragment: Callable[[], str], event_type: str = PUSH) -> None:
    """Render once and send to the groups as soon as the current transaction commits,
    so nobody ever sees a change that was rolled back."""
    groups = list(groups)
    transaction.on_commit(lambda: send(groups, {"type": event_type, "html": fragment()}))


def publish_each(fragments: Callable[[], dict[str, str]], event_type: str = PUSH) -> None:
    """Like publish, for fragments that differ by group (each person's own share of a
    board): built once, after the commit, and each sent to its own group."""

    def send_each() -> None:
        for group, html in fragments().items():
            send([group], {"type": event_type, "html": html})

    transaction.on_commit(send_each)


def presence_changed(workshop_id: int) -> None:
    """Tell every process that someone came, left or is done; each renders one presence
    frame for all the changes of a short window (workshop.relay)."""
    message = {"type": PRESENCE, "workshop": workshop_id}
    transaction.on_commit(lambda: send([everyone(workshop_id)], message))


def send(groups: Iterable[str], message: dict) -> None:
    layer = get_channel_layer()
    try:
        for group in groups:
            async_to_sync(layer.group_send)(group, {**message, "group": group})
            workshop = WORKSHOP_GROUP.match(group)
            if workshop and message["type"] != PRESENCE:
                last_sent[int(workshop.group(1))] = now_ms()
    except Exception:
        # The change is saved; a client that missed the push re-fetches its board
        # when its socket reconnects, so a failing layer must not fail the request.
        logger.exception("Could not push to %s", groups)
