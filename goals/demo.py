"""How `seed_demo` fills the goals board: goals in all four quadrants, two still in the
tray (one a likely duplicate), a silent round the room has placed and the facilitator
revealed, and a revealed dot vote."""

import random

from goals import selectors, services
from goals.models import Goal, Placement
from workshop import services as workshop_services
from workshop.models import Activity, Participant, Workshop

# How far apart the room placed each placed goal in the silent round, in grid units.
SPREADS = [0.1, 0.6, 0.25, 1.2, 0.15, 0.45]
# Where the room's dots went, as indexes into DEMO_GOALS: a clear first, a close second.
FAVOURITES = [1, 2, 0, 1, 4, 2, 1, 0, 6]

DEMO_GOALS = [
    # text, department, success metric, x, y
    ("Fewer customers call twice about one problem", "support",
     "Repeat contacts within 7 days", -0.55, 0.45),
    ("Offers that fit where each customer is in life", "marketing",
     "Offer acceptance and 12-month retention", 0.6, 0.7),
    ("Spot a customer about to leave before they do", "data",
     "Churn among flagged customers", 0.7, -0.5),
    ("Stop sending letters nobody reads", "leadership",
     "Cost per customer notice", -0.7, -0.6),
    ("Onboarding that skips what a customer already told us", "product",
     "Time to first salary deposit", 0.35, 0.3),
    ("Explain why we recommend a product", "legal",
     "Complaints about mis-selling", 0.2, 0.55),
    ("One view of the customer for every team", "engineering",
     "Share of journeys using the shared profile", None, None),
    ("Push more banner clicks on the app home", "marketing", "Banner clicks", None, None),
    # A duplicate of the first, for the facilitator to merge.
    ("Customers call twice about one problem: stop it", "engineering",
     "Repeat calls per customer", None, None),
]


def fill(*, workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    by_role = {person.role: person for person in people}
    for text, department, metric, x, y in DEMO_GOALS:
        goal = services.goal_create(
            workshop=workshop, activity=activity, author=by_role.get(department),
            text=text, department=department, success_metric=metric,
        )
        if x is not None:
            Goal.objects.filter(pk=goal.pk).update(x=x, y=y)
    silent = services.round_start(workshop=workshop)
    noise = random.Random(11)
    placed = Goal.objects.filter(workshop=workshop, x__isnull=False).order_by("pk")
    Placement.objects.bulk_create(
        Placement(
            round=silent, goal=goal, participant=person,
            x=_on_grid(goal.x + noise.uniform(-spread, spread)),
            y=_on_grid(goal.y + noise.uniform(-spread, spread)),
        )
        for goal, spread in zip(placed, SPREADS)
        for person in people
    )
    services.round_reveal(silent=silent)
    _vote(workshop, activity, people)


def _vote(workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    """Each person spends three dots, mostly on the room's favourites."""
    goals = list(Goal.objects.filter(workshop=workshop).order_by("pk"))
    items = selectors.vote_items(workshop=workshop)
    workshop_services.vote_open(activity=activity, budget=3, one_per_item=False)
    for number, person in enumerate(people):
        for dot in range(3):
            goal = goals[FAVOURITES[(number * 3 + dot) % len(FAVOURITES)]]
            workshop_services.dot_give(
                activity=activity, participant=person, item_id=goal.pk, items=items
            )
    workshop_services.vote_reveal(activity=activity)


def _on_grid(value: float) -> float:
    return round(max(-1.0, min(1.0, value)), 3)
