"""Reads of the connected-experiences board, each costing the same number of queries
whatever the number of cards."""

from django.db.models import Avg, Count, F, Q, QuerySet
from django.urls import reverse

from experiences import cards as card_views
from experiences.forms import ExperienceForm
from experiences.models import Experience, ExperienceRating
from workshop import votes
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
    # The author's name and role come as two columns rather than a model per card.
    return cards.annotate(
        author_name=F("author__name"),
        author_role=F("author__role"),
        avg_value=Avg("ratings__value"),
        value_count=Count("ratings__value"),
        avg_feasibility=Avg("ratings__feasibility"),
        feasibility_count=Count("ratings__feasibility"),
    )


def board_url(workshop: Workshop) -> str:
    """The prefix of every card's URL: built once, not reversed for each card."""
    return reverse("experience_list", args=[workshop.code])


def sort_from(options, *, revealed: bool = False) -> str:
    """The order asked for; once a vote's dots are revealed, most dots first unless asked."""
    default = "dots" if revealed else "newest"
    sort = (options or {}).get("sort", default)
    return sort if sort in SORTS or (revealed and sort == "dots") else default


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
            ).values_list("experience_id", "value", "feasibility", named=True)
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
    vote = votes.vote_on(activity)
    dots = votes.totals(vote) if vote is not None else {}
    revealed = vote is not None and vote.is_revealed
    sort = sort_from(options, revealed=revealed)
    cards = visible_cards(
        workshop=workshop, audience=audience, member=member,
        sort="newest" if sort == "dots" else sort,
    )
    if sort == "dots":
        # Few enough to count here: a board has tens of cards, hundreds at most.
        cards = sorted(cards, key=lambda card: dots.get(card.pk, 0), reverse=True)
    if audience == Audience.PROJECTOR:
        total = len(cards) if sort == "dots" else cards.count()
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
        "sorts": [(key, key.capitalize()) for key in [*SORTS, *(["dots"] if revealed else [])]],
        "waiting": waiting_count(workshop=workshop),
        "experiences_url": url,
        "experience_form": ExperienceForm(),
    }


def personal_shares(*, workshop: Workshop, activity: Activity) -> dict[int, dict]:
    """What each participant has of their own on the board, which a shared render leaves
    out: their ratings (the rating scales need only the cards' ids and their scores) and
    their cards still hidden from the others. Two queries for the whole room."""
    url = board_url(workshop)
    shares: dict[int, dict] = {}

    def share(participant_id: int) -> dict:
        return shares.setdefault(participant_id, {"rated": [], "own_hidden": []})

    for rating in ExperienceRating.objects.filter(experience__workshop=workshop):
        card = Experience(pk=rating.experience_id, workshop=workshop)
        card.my_rating = rating
        share(rating.participant_id)["rated"].append(card)
    for card in with_stats().filter(workshop=workshop, hidden=True, author__isnull=False):
        share(card.author_id)["own_hidden"].append(card)
    for participant_id, mine in shares.items():
        scores = {card.pk: card.my_rating for card in mine["rated"]}
        for card in mine["own_hidden"]:
            card.my_rating = scores.get(card.pk)
        card_views.address(mine["rated"], board_url=url)
        card_views.prepare(mine["own_hidden"], board_url=url)
    return shares


def card_without_ratings(card: Experience) -> Experience:
    """A card as everyone sees it, where its figures do not matter or are none yet."""
    if not hasattr(card, "value_count"):
        card.avg_value = card.avg_feasibility = None
        card.value_count = card.feasibility_count = 0
    card.my_rating = None
    return card_views.prepare([card], board_url=board_url(card.workshop))[0]


def vote_context(workshop: Workshop) -> dict:
    """The cards' dot vote, for a push of one card (its dot control)."""
    return votes.shared_context(
        workshop, votes.vote_for_board(workshop, Activity.Kind.EXPERIENCES)
    )


def card_for(*, workshop: Workshop, experience_id: int) -> Experience:
    """One card with its averages, as everyone sees it: no one's own rating on it."""
    card = with_stats().get(pk=experience_id)
    card.my_rating = None
    return card_views.prepare([card], board_url=board_url(workshop))[0]


def vote_items(*, workshop: Workshop) -> dict[int, str]:
    """The cards a dot vote is held on: those everyone sees, by title."""
    return dict(
        Experience.objects.filter(workshop=workshop, hidden=False).values_list("pk", "title")
    )
