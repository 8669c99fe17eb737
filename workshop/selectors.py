"""Reads of the room that are more than a line, each costing the same number of
queries whatever the size of the board."""

from django.db.models import Avg, Count, F, Q, QuerySet

from workshop.access import Member
from workshop.models import Experience, ExperienceRating, Participant, Workshop

EXPERIENCE_SORTS = {
    "newest": ("-created_at", "-pk"),
    "value": (F("avg_value").desc(nulls_last=True), "-created_at", "-pk"),
    "feasibility": (F("avg_feasibility").desc(nulls_last=True), "-created_at", "-pk"),
}


def experiences_with_stats() -> QuerySet[Experience]:
    return Experience.objects.select_related("author").annotate(
        avg_value=Avg("ratings__value"),
        value_count=Count("ratings__value"),
        avg_feasibility=Avg("ratings__feasibility"),
        feasibility_count=Count("ratings__feasibility"),
    )


def experience_board(*, member: Member, sort: str = "newest") -> list[Experience]:
    """The cards this member may see, each with its averages and the member's own rating."""
    cards = experiences_with_stats().filter(workshop=member.workshop)
    if not member.is_facilitator:
        cards = cards.filter(Q(hidden=False) | Q(author=member.participant))
    cards = list(cards.order_by(*EXPERIENCE_SORTS.get(sort, EXPERIENCE_SORTS["newest"])))
    mine = {}
    if member.participant is not None:
        mine = {
            rating.experience_id: rating
            for rating in ExperienceRating.objects.filter(
                participant=member.participant, experience__workshop=member.workshop
            )
        }
    for card in cards:
        card.my_rating = mine.get(card.pk)
    return cards


def agenda(workshop: Workshop) -> list:
    """The phase sessions, each with its activities, in two queries."""
    return list(workshop.phases.prefetch_related("activities"))


def people_in_room(workshop: Workshop) -> list[Participant]:
    """Everyone who joined and was not removed, those online first."""
    return list(
        Participant.objects.filter(workshop=workshop, removed_at__isnull=True).order_by(
            F("open_sockets").desc(), "name", "pk"
        )
    )


def ready_tally(workshop: Workshop) -> tuple[int, int]:
    """How many are done with the open activity, out of those in the room."""
    activity_id = workshop.current_activity_id
    if activity_id is None:
        return 0, 0
    counts = Participant.objects.filter(workshop=workshop, removed_at__isnull=True).aggregate(
        ready=Count("pk", filter=Q(ready_for_id=activity_id)),
        present=Count("pk", filter=Q(open_sockets__gt=0) | Q(ready_for_id=activity_id)),
    )
    return counts["ready"], counts["present"]
