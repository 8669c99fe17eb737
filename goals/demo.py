"""How `seed_demo` fills the goals board: goals in all four quadrants, and two still in
the tray."""

from goals import services
from goals.models import Goal
from workshop.models import Activity, Participant, Workshop

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
