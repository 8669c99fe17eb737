"""Reads of the room that are more than a line, each costing the same number of
queries whatever the size of the room."""

import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from workshop.models import Participant, PresenceLease, Workshop

RECENT_ARRIVALS = 5


@dataclass(frozen=True)
class RoleCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Presence:
    """Who is in the room, summed up: the same few lines whether 5 or 500 joined."""

    total: int
    online: int
    ready: int  # done with the open activity
    present: int  # online, or done and gone
    by_role: list[RoleCount]
    recent: list[Participant]


def agenda(workshop: Workshop) -> list:
    """The phase sessions, each with its activities, in two queries."""
    return list(workshop.phases.prefetch_related("activities"))


def online_now() -> Exists:
    """Whether a participant is online: some server process's lease on them still runs."""
    return Exists(
        PresenceLease.objects.filter(participant=OuterRef("pk"), expires_at__gt=timezone.now())
    )


def _in_room(workshop: Workshop):
    """Everyone who joined and was not removed, each with `is_online`."""
    return Participant.objects.filter(workshop=workshop, removed_at__isnull=True).annotate(
        is_online=online_now()
    )


def presence(workshop: Workshop) -> Presence:
    activity_id = workshop.current_activity_id or 0
    online = online_now()
    rows = (
        Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
        .values("role")
        .annotate(
            people=Count("pk"),
            online=Count("pk", filter=Q(online)),
            ready=Count("pk", filter=Q(ready_for_id=activity_id)),
            present=Count("pk", filter=Q(online) | Q(ready_for_id=activity_id)),
        )
    )
    counts = {row["role"]: row for row in rows}
    by_role = [
        RoleCount(value, label, counts[value]["people"])
        for value, label in Participant.Role.choices
        if value in counts
    ]
    recent = list(_in_room(workshop).order_by("-joined_at", "-pk")[:RECENT_ARRIVALS])
    return Presence(
        total=sum(row["people"] for row in counts.values()),
        online=sum(row["online"] for row in counts.values()),
        ready=sum(row["ready"] for row in counts.values()),
        present=sum(row["present"] for row in counts.values()),
        by_role=by_role,
        recent=recent,
    )


def natural_key(name: str) -> list:
    """Sorts "Person 2" before "Person 10", and ignores case."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name.casefold())]


def people_by_name(workshop: Workshop) -> list[Participant]:
    """Everyone who joined and was not removed, by name as people read names."""
    return sorted(_in_room(workshop), key=lambda person: (natural_key(person.name), person.pk))


def participant_count(workshop: Workshop) -> int:
    """Everyone who has joined and not been removed: who counts against the limit."""
    return Participant.objects.filter(workshop=workshop, removed_at__isnull=True).count()


def room_is_full(workshop: Workshop) -> bool:
    return participant_count(workshop) >= workshop.participant_limit
