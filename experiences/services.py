"""Writes to the connected-experiences board: validated, saved in one transaction, then
pushed to the room through workshop.live once it has committed."""

from django.db import transaction
from django.db.models import F

from experiences import selectors
from experiences.models import Experience, ExperienceRating
from experiences.starter_deck import STARTER_DECK
from workshop import live, room, services
from workshop.models import Activity, Participant, Workshop
from workshop.services import EditConflict

BOARD = "experiences/board.html"


def _audience(experience: Experience) -> list[str]:
    """Hidden cards go only to their author and the facilitator, never to the group."""
    if not experience.hidden:
        return [live.everyone(experience.workshop_id)]
    audience = [live.facilitator(experience.workshop_id)]
    if experience.author_id:
        audience.append(live.participant(experience.author_id))
    return audience


def _publish_card(experience: Experience, fragment: str, *, fresh_stats: bool = False) -> None:
    """Push a card, or one part of it, to everyone who may see it. Only its figures need
    reading back (`fresh_stats`): a new card has none, an edit changes only its words."""
    workshop = experience.workshop

    def render() -> str:
        if fresh_stats:
            card = selectors.card_for(workshop=workshop, experience_id=experience.pk)
        else:
            card = selectors.card_without_ratings(experience)
        context = {"card": card, "workshop": workshop, "shared": True, "live": True}
        if fragment == "new-card":
            context.update(selectors.vote_context(workshop))
        return live.render(f"{BOARD}#{fragment}", context)

    live.publish(_audience(experience), render)
    room.board_changed(workshop, Activity.Kind.EXPERIENCES, itself=False)


def _publish_waiting(workshop: Workshop) -> None:
    """Everyone may know how many cards wait for the reveal, never what they say."""

    def render() -> str:
        context = {"waiting": selectors.waiting_count(workshop=workshop)}
        return live.render(f"{BOARD}#waiting", context)

    live.publish([live.everyone(workshop.pk)], render)


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
    # The workshop and the author come from the request's own checks: no query re-reads them.
    experience.full_clean(exclude=["workshop", "author"])
    experience.save()
    _publish_card(experience, "new-card")
    if experience.hidden:
        _publish_waiting(workshop)
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
    current.workshop = experience.workshop
    _publish_card(current, "body")
    return current


@transaction.atomic
def experience_delete(*, experience: Experience) -> None:
    audience = _audience(experience)
    dom_id = f"experience-{experience.pk}"
    services.dot_item_removed(
        workshop=experience.workshop, kind=Activity.Kind.EXPERIENCES, item_id=experience.pk
    )
    experience.delete()
    live.publish(audience, lambda: f'<div id="{dom_id}" hx-swap-oob="delete"></div>')
    if experience.hidden:
        _publish_waiting(experience.workshop)


@transaction.atomic
def experience_rate(
    *, experience: Experience, participant: Participant,
    value: int | None = None, feasibility: int | None = None,
) -> ExperienceRating:
    """Set this participant's value or feasibility score (or both) for a card."""
    rating, _ = ExperienceRating.objects.get_or_create(
        experience=experience, participant=participant
    )
    if value is not None:
        rating.value = value
    if feasibility is not None:
        rating.feasibility = feasibility
    # Scores are checked here; the card and the person were just read, and the database's
    # own constraints guard the rest, so no query is spent re-checking them.
    rating.full_clean(
        exclude=["experience", "participant"], validate_unique=False, validate_constraints=False
    )
    rating.save()
    _publish_card(experience, "stats", fresh_stats=True)
    return rating


@transaction.atomic
def experiences_reveal(*, workshop: Workshop, activity: Activity) -> int:
    """Show every hidden card to everyone at once, and stop hiding new ones."""
    revealed = Experience.objects.filter(workshop=workshop, hidden=True).update(hidden=False)
    activity.hide_new_cards = False
    activity.save(update_fields=["hide_new_cards"])
    room.push_stage(workshop)
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
        room.push_stage(workshop)
    return len(cards)
