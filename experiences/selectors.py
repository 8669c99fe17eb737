"""Reads of the connected-experiences board, each costing the same number of queries
whatever the number of cards."""

from django.db.models import Avg, Count, F, Q, QuerySet
from django.urls import reverse

from experiences import cards as card_views
from experiences.forms import ExperienceForm
from experiences.models import Experience, ExperienceRating
from workshop.access import Audience, Member
from workshop.models import Activity, Workshop

SORTS = {
    "newest": ("-created_at", "-pk"),
    "value": (F("avg_value").desc(nulls_last=True), "-created_at", "-pk"),
    "feasibility": (F("avg_feasibility").desc(nulls_last=True), "-created_at", "-pk"),
}
# The projector shows the top of the board; the rest is counted ("+ 12 more").
PROJECTOR_CARDS = 12


def with_stats(cards: QuerySet[Experience] | None = None) -> QuerySet[Experience]:
    cards = Experience.objects.all() if cards is None else cards
    return cards.select_related("author").annotate(
        avg_value=Avg("ratings__value"),
        value_count=Count("ratings__value"),
        avg_feasibility=Avg("ratings__feasibility"),
        feasibility_count=Count("ratings__feasibility"),
    )


def board_url(workshop: Workshop) -> str:
    """The prefix of every card's URL: built once, not reversed for each card."""
    return reverse("experience_list", args=[workshop.code])


def sort_from(options) -> str:
    sort = (options or {}).get("sort", "newest")
    return sort if sort in SORTS else "newest"


def visible_cards(
    *, workshop: Workshop, audience: Audience, member: Member | None, sort: str
) -> QuerySet[Experience]:
    """The cards a screen may show: hidden ones only to the facilitator and their author."""
    cards = with_stats().filter(workshop=workshop)
    if audience != Audience.FACILITATOR:
        mine = Q(author=member.participant) if member is not None and member.participant else Q()
        cards = cards.filter(Q(hidden=False) | mine) if mine else cards.filter(hidden=False)
    return cards.order_by(*SORTS[sort])


def attach_my_ratings(cards: list[Experience], member: Member | None) -> None:
    """Each card's `my_rating`: this participant's own rating of it, or None."""
    mine = {}
    if member is not None and member.participant is not None:
        mine = {
            rating.experience_id: rating
            for rating in ExperienceRating.objects.filter(
                participant=member.participant, experience__workshop=member.workshop
            )
        }
    for card in cards:
        card.my_rating = mine.get(card.pk)


def waiting_count(*, workshop: Workshop) -> int:
    """How many cards wait for the reveal: everyone may know the number, nobody else the text."""
    return Experience.objects.filter(workshop=workshop, hidden=True).count()


def board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    sort = sort_from(options)
    cards = visible_cards(workshop=workshop, audience=audience, member=member, sort=sort)
    if audience == Audience.PROJECTOR:
        total = cards.count()
        cards = list(cards[:PROJECTOR_CARDS])
    else:
        cards = list(cards)
        total = len(cards)
    attach_my_ratings(cards, member)
    url = board_url(workshop)
    return {
        "cards": card_views.prepare(cards, board_url=url),
        "card_total": total,
        "more_cards": total - len(cards),
        "sort": sort,
        "sorts": [(key, key.capitalize()) for key in SORTS],
        "waiting": waiting_count(workshop=workshop),
        "experiences_url": url,
        "experience_form": ExperienceForm(),
    }


def personal_context(*, workshop: Workshop, activity: Activity, member: Member) -> dict:
    """What a shared render of the board left out for this participant: their own
    ratings, and their own cards still hidden from the others."""
    theirs = ExperienceRating.objects.filter(participant=member.participant)
    rated = list(
        with_stats().filter(workshop=workshop, pk__in=theirs.values("experience_id"))
    )
    attach_my_ratings(rated, member)
    own_hidden = list(
        with_stats().filter(workshop=workshop, hidden=True, author=member.participant)
    )
    url = board_url(workshop)
    return {
        "rated": card_views.prepare(rated, board_url=url),
        "own_hidden": card_views.prepare(own_hidden, board_url=url),
        "experiences_url": url,
    }


def card_for(*, workshop: Workshop, experience_id: int) -> Experience:
    """One card with its averages, as everyone sees it: no one's own rating on it."""
    card = with_stats().get(pk=experience_id)
    card.my_rating = None
    return card_views.prepare([card], board_url=board_url(workshop))[0]
