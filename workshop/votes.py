"""Dot votes, read: what each screen may know of a vote, built once for every board.

The facilitator opens a vote on an activity with a budget of dots per person (and, if
they like, at most one dot per item); participants give dots to items and take them back
(workshop.services); the facilitator closes voting and reveals the counts. Until the
reveal a count is nobody's to see: a participant's page and socket carry their own dots
alone, the facilitator learns how many people have voted, the projector only that a vote
is under way. After it, everyone sees every item's dots and the results in order.

A board takes part by registering `vote_items` (workshop.boards) and drawing
`{% dot_control item.pk item.label %}` on each item; items are named by primary key.
"""

from collections import Counter

from django.urls import reverse

from workshop import boards
from workshop.access import Audience, Member
from workshop.models import Activity, Dot, DotVote, Participant, Workshop

# The projector shows the top of the results; the room shows them all.
PROJECTOR_RESULTS = 4


def vote_on(activity: Activity | None) -> DotVote | None:
    """The activity's vote, if its board has votes and one was opened."""
    board = boards.for_activity(activity)
    if board is None or not board.has_votes:
        return None
    return DotVote.objects.filter(activity=activity).first()


def vote_for_board(workshop: Workshop, kind: str) -> DotVote | None:
    """The vote on a workshop's board of this kind, for a push that knows only the board."""
    return DotVote.objects.filter(
        activity__session__workshop=workshop, activity__kind=kind
    ).first()


def dots_of(vote: DotVote, participant_id: int) -> Counter[int]:
    """How many dots one participant has on each item."""
    return Counter(
        Dot.objects.filter(vote=vote, participant_id=participant_id).values_list(
            "item_id", flat=True
        )
    )


def totals(vote: DotVote) -> Counter[int]:
    """Every item's dots. Only for a revealed vote: before, they are nobody's to see."""
    if not vote.is_revealed:
        return Counter()
    return Counter(Dot.objects.filter(vote=vote).values_list("item_id", flat=True))


def progress(vote: DotVote, workshop: Workshop) -> dict:
    """How far the room has got, never on what: for the facilitator while votes come in."""
    dots = Dot.objects.filter(vote=vote)
    people = Participant.objects.filter(workshop=workshop, removed_at__isnull=True).count()
    return {
        "voters": dots.values("participant").distinct().count(),
        "spent": dots.count(),
        "people": people,
    }


def results(vote: DotVote, labels: dict[int, str], limit: int | None = None) -> list[dict]:
    """The items that got dots, most first, with their share of the leader's dots."""
    counted = totals(vote)
    rows = [
        {"item": item_id, "label": labels[item_id], "dots": dots}
        for item_id, dots in counted.most_common()
        if item_id in labels
    ][:limit]
    most = rows[0]["dots"] if rows else 1
    for row in rows:
        row["width"] = round(row["dots"] / most * 20) * 5  # a meter class per 5%
    return rows


def dot_url(workshop: Workshop, vote: DotVote) -> str:
    return reverse("dots", args=[workshop.code, vote.activity_id])


def shared_context(workshop: Workshop, vote: DotVote | None) -> dict:
    """What every item's dot control needs in a render shared by a whole audience:
    the vote, and every item's dots once they are revealed."""
    if vote is None:
        return {"dot_vote": None}
    return {
        "dot_vote": vote,
        "dot_totals": totals(vote),
        "dot_url": dot_url(workshop, vote),
        **_own(vote, Counter()),
    }


def own_context(vote: DotVote, participant_id: int) -> dict:
    """One participant's own dots and how many they have left."""
    return _own(vote, dots_of(vote, participant_id))


def _own(vote: DotVote, mine: Counter[int]) -> dict:
    left = max(0, vote.budget - mine.total())
    return {
        "dot_vote": vote, "my_dots": mine, "dots_left": left,
        # For static/js/room.js, which shows them on items pushed without them.
        "my_dots_attr": ",".join(f"{item}:{count}" for item, count in sorted(mine.items())),
        # The meter's dots, spent ones last.
        "dot_meter": [index >= left for index in range(vote.budget)],
    }


def stage_context(
    *, workshop: Workshop, activity: Activity | None, audience: Audience, member: Member | None
) -> dict:
    """The open board's vote as one screen may see it."""
    vote = vote_on(activity)
    context = shared_context(workshop, vote)
    if vote is None:
        return context
    if audience == Audience.FACILITATOR and not vote.is_revealed:
        context["vote_progress"] = progress(vote, workshop)
    if member is not None and member.participant is not None:
        context.update(own_context(vote, member.participant.pk))
    if vote.is_revealed:
        labels = boards.for_activity(activity).vote_items(workshop=workshop)
        limit = PROJECTOR_RESULTS if audience == Audience.PROJECTOR else None
        context["vote_results"] = results(vote, labels, limit)
    return context


def personal_shares(*, workshop: Workshop, activity: Activity | None) -> dict[int, dict]:
    """While a vote is open, each voter's own dots, for their group alone: a shared push
    shows everyone a full budget. One query for the whole room."""
    vote = vote_on(activity)
    if vote is None or not vote.is_open:
        return {}
    by_person: dict[int, Counter[int]] = {}
    for participant_id, item_id in Dot.objects.filter(vote=vote).values_list(
        "participant_id", "item_id"
    ):
        by_person.setdefault(participant_id, Counter())[item_id] += 1
    return {participant_id: _own(vote, mine) for participant_id, mine in by_person.items()}
