"""Every write to a workshop: validated, saved in one transaction, then pushed to the
room through workshop.live once it has committed."""

import datetime
from functools import partial

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from workshop import live, selectors
from workshop.models import (
    Activity,
    Experience,
    ExperienceRating,
    Participant,
    PhaseSession,
    Workshop,
    new_join_code,
)
from workshop.starter_deck import STARTER_DECK

Phase = PhaseSession.Phase
Kind = Activity.Kind

# The method's default agenda over two to three days; the minutes are each timer's default.
DEFAULT_AGENDA: list[tuple[str, list[tuple[str, int]]]] = [
    (
        Phase.KICKSTART,
        [(Kind.TEAM, 15), (Kind.NORTH_STAR, 20), (Kind.EXPERIENCES, 45),
         (Kind.GOALS, 45), (Kind.BARRIERS, 60)],
    ),
    (Phase.PLANNING, [(Kind.PERSOFAILS, 30), (Kind.RECIPES, 90), (Kind.PRIORITISE, 45)]),
    (Phase.EXECUTION, [(Kind.ROADMAP, 60)]),
]


class EditConflict(Exception):
    """The item changed since the editor opened it; saving would overwrite that change."""

    def __init__(self, current):
        super().__init__("This changed while you were editing it.")
        self.current = current


# --- Workshops and the agenda -------------------------------------------------------


@transaction.atomic
def workshop_create(
    *, facilitator, organisation: str, title: str, dates: dict[str, datetime.date | None]
) -> Workshop:
    workshop = Workshop(facilitator=facilitator, organisation=organisation, title=title)
    workshop.code = _unused_join_code()
    workshop.full_clean()
    workshop.save()
    first_activity = None
    for session_position, (phase, activities) in enumerate(DEFAULT_AGENDA):
        session = PhaseSession.objects.create(
            workshop=workshop, phase=phase, position=session_position, date=dates.get(phase)
        )
        for position, (kind, minutes) in enumerate(activities):
            activity = Activity.objects.create(
                session=session, kind=kind, title=Kind(kind).label,
                minutes=minutes, position=position,
            )
            first_activity = first_activity or activity
    workshop.current_activity = first_activity
    workshop.save(update_fields=["current_activity"])
    PhaseSession.objects.filter(pk=first_activity.session_id).update(
        status=PhaseSession.Status.LIVE
    )
    return workshop


def _unused_join_code() -> str:
    for _ in range(20):
        code = new_join_code()
        if not Workshop.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not find an unused join code.")


@transaction.atomic
def activity_open(*, workshop: Workshop, activity: Activity) -> None:
    """Move the room to an activity; every screen follows the facilitator there."""
    workshop.current_activity = activity
    workshop.timer_ends_at = None
    workshop.timer_seconds = None
    workshop.save(update_fields=["current_activity", "timer_ends_at", "timer_seconds"])
    position = activity.session.position
    sessions = PhaseSession.objects.filter(workshop=workshop)
    sessions.filter(position__lt=position).update(status=PhaseSession.Status.DONE)
    sessions.filter(position=position).update(status=PhaseSession.Status.LIVE)
    sessions.filter(position__gt=position).update(status=PhaseSession.Status.PLANNED)
    refresh_room(workshop)


@transaction.atomic
def activity_set_locked(*, activity: Activity, locked: bool) -> None:
    activity.locked = locked
    activity.save(update_fields=["locked"])
    refresh_room(activity.session.workshop)


@transaction.atomic
def activity_set_hiding(*, activity: Activity, hide: bool) -> None:
    activity.hide_new_cards = hide
    activity.save(update_fields=["hide_new_cards"])
    refresh_room(activity.session.workshop)


def refresh_room(workshop: Workshop) -> None:
    """Ask every screen to fetch the room again: for changes that look different to
    each person (a new board, a lock, a reveal)."""
    url = reverse("room", args=[workshop.code])
    live.publish(
        [live.everyone(workshop.pk)],
        partial(live.render, "workshop/_room_refresh.html", {"room_url": url}),
    )


# --- The timer ------------------------------------------------------------------------


@transaction.atomic
def timer_start(*, workshop: Workshop, minutes: int) -> None:
    workshop.timer_seconds = minutes * 60
    workshop.timer_ends_at = timezone.now() + datetime.timedelta(minutes=minutes)
    workshop.save(update_fields=["timer_ends_at", "timer_seconds"])
    _publish_timer(workshop)


@transaction.atomic
def timer_stop(*, workshop: Workshop) -> None:
    workshop.timer_ends_at = None
    workshop.timer_seconds = None
    workshop.save(update_fields=["timer_ends_at", "timer_seconds"])
    _publish_timer(workshop)


def _publish_timer(workshop: Workshop) -> None:
    live.publish(
        [live.everyone(workshop.pk)],
        partial(live.render, "workshop/_timer.html", {"workshop": workshop}),
    )


# --- People ---------------------------------------------------------------------------


@transaction.atomic
def participant_join(*, workshop: Workshop, name: str, role: str) -> Participant:
    participant = Participant(workshop=workshop, name=name.strip(), role=role)
    participant.full_clean()
    participant.save()
    publish_people(workshop)
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant) -> None:
    """Take someone out of the room: their socket closes and their cookie stops working."""
    participant.removed_at = timezone.now()
    participant.save(update_fields=["removed_at"])
    workshop = participant.workshop
    live.publish(
        [live.participant(participant.pk)],
        partial(live.render, "workshop/_removed.html", {"workshop": workshop}),
        event_type="participant.removed",
    )
    publish_people(workshop)


@transaction.atomic
def participant_set_ready(*, participant: Participant, ready: bool) -> None:
    workshop = participant.workshop
    participant.ready_for_id = workshop.current_activity_id if ready else None
    participant.save(update_fields=["ready_for"])
    publish_people(workshop)


@transaction.atomic
def participant_connected(*, participant_id: int) -> None:
    _count_socket(participant_id, +1)


@transaction.atomic
def participant_disconnected(*, participant_id: int) -> None:
    _count_socket(participant_id, -1)


def _count_socket(participant_id: int, change: int) -> None:
    sockets = Participant.objects.filter(pk=participant_id)
    if change < 0:
        sockets = sockets.filter(open_sockets__gt=0)
    sockets.update(open_sockets=F("open_sockets") + change)
    participant = Participant.objects.select_related("workshop").filter(pk=participant_id).first()
    if participant is not None:  # gone with its workshop while the socket was open
        publish_people(participant.workshop)


def publish_people(workshop: Workshop) -> None:
    """Push who is in the room and how many are done, one render for everyone."""

    def render() -> str:
        people = selectors.people_in_room(workshop)
        ready, present = selectors.ready_tally(workshop)
        context = {"workshop": workshop, "people": people, "ready": ready, "present": present}
        html = live.render("workshop/_people.html", context)
        if workshop.current_activity and workshop.current_activity.kind == Kind.TEAM:
            html += live.render("workshop/_team.html", context)
        return html

    live.publish([live.everyone(workshop.pk)], render)


# --- Connected experiences ------------------------------------------------------------


def _experience_audience(experience: Experience) -> list[str]:
    """Hidden cards go only to their author and the facilitator, never to the group."""
    if not experience.hidden:
        return [live.everyone(experience.workshop_id)]
    audience = [live.facilitator(experience.workshop_id)]
    if experience.author_id:
        audience.append(live.participant(experience.author_id))
    return audience


def _publish_experience(experience: Experience, fragment: str) -> None:
    def render() -> str:
        card = selectors.experiences_with_stats().get(pk=experience.pk)
        card.my_rating = None
        context = {"card": card, "workshop": experience.workshop, "live": True}
        return live.render(f"workshop/_experience_card.html#{fragment}", context)

    live.publish(_experience_audience(experience), render)


@transaction.atomic
def experience_create(
    *,
    workshop: Workshop,
    activity: Activity,
    author: Participant | None,
    title: str,
    company: str,
    description: str,
    link: str = "",
) -> Experience:
    experience = Experience(
        workshop=workshop, author=author, title=title, company=company,
        description=description, link=link, hidden=activity.hide_new_cards,
    )
    experience.full_clean()
    experience.save()
    _publish_experience(experience, "new-card")
    return experience


@transaction.atomic
def experience_update(
    *, experience: Experience, version: int, title: str, company: str,
    description: str, link: str = "",
) -> Experience:
    """Save an edit made to `version`; refuse it if someone saved a newer one meanwhile."""
    current = Experience.objects.select_for_update().get(pk=experience.pk)
    if current.version != version:
        raise EditConflict(current)
    current.title, current.company = title, company
    current.description, current.link = description, link
    current.version = F("version") + 1
    current.full_clean(exclude=["version"])
    current.save()
    current.refresh_from_db()
    _publish_experience(current, "body")
    return current


@transaction.atomic
def experience_delete(*, experience: Experience) -> None:
    audience = _experience_audience(experience)
    dom_id = f"experience-{experience.pk}"
    experience.delete()
    live.publish(audience, lambda: f'<div id="{dom_id}" hx-swap-oob="delete"></div>')


@transaction.atomic
def experience_rate(
    *, experience: Experience, participant: Participant, dimension: str, score: int
) -> ExperienceRating:
    if dimension not in ExperienceRating.Dimension.values:
        raise ValueError(f"Unknown rating dimension {dimension!r}.")
    rating, _ = ExperienceRating.objects.get_or_create(
        experience=experience, participant=participant
    )
    setattr(rating, dimension, score)
    rating.full_clean()
    rating.save()
    _publish_experience(experience, "stats")
    return rating


@transaction.atomic
def experiences_reveal(*, workshop: Workshop, activity: Activity) -> int:
    """Show every hidden card to everyone at once, and stop hiding new ones."""
    revealed = Experience.objects.filter(workshop=workshop, hidden=True).update(hidden=False)
    activity.hide_new_cards = False
    activity.save(update_fields=["hide_new_cards"])
    refresh_room(workshop)
    return revealed


@transaction.atomic
def starter_deck_load(*, workshop: Workshop) -> int:
    """Add the well-known examples that are not on the board yet; returns how many."""
    present = set(Experience.objects.filter(workshop=workshop).values_list("title", flat=True))
    cards = [
        Experience(workshop=workshop, **example)
        for example in STARTER_DECK
        if example["title"] not in present
    ]
    for card in cards:
        card.full_clean()
    Experience.objects.bulk_create(cards)
    if cards:
        refresh_room(workshop)
    return len(cards)
