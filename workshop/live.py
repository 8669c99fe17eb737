"""The one place that pushes to the room.

A change is rendered to HTML once, after its transaction commits, and the same bytes
go to every socket in the audience's groups; each consumer just forwards them, and the
htmx websocket extension swaps them in out of band. Group names come from primary
keys, never from user text.
"""

import logging
from collections.abc import Callable, Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def everyone(workshop_id: int) -> str:
    return f"workshop.{workshop_id}"


def facilitator(workshop_id: int) -> str:
    return f"workshop.{workshop_id}.facilitator"


def participant(participant_id: int) -> str:
    return f"participant.{participant_id}"


def render(template_name: str, context: dict) -> str:
    """Render a fragment shared by everyone in its audience: no request, so no per-person
    CSRF token in it (see the form_token template tag)."""
    return render_to_string(template_name, context)


def publish(
    groups: Iterable[str], render: Callable[[], str], event_type: str = "room.html"
) -> None:
    """Render once and send to the groups as soon as the current transaction commits,
    so nobody ever sees a change that was rolled back."""
    groups = list(groups)
    transaction.on_commit(lambda: send(groups, render(), event_type))


def send(groups: Iterable[str], html: str, event_type: str = "room.html") -> None:
    layer = get_channel_layer()
    try:
        for group in groups:
            async_to_sync(layer.group_send)(group, {"type": event_type, "html": str(html)})
    except Exception:
        # The change is saved; a client that missed the push re-fetches its board
        # when its socket reconnects, so a failing layer must not fail the request.
        logger.exception("Could not push to %s", groups)
