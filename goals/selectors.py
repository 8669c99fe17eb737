"""Reads of the goals board, each costing the same number of queries however many goals
there are, and how a goal is described, in words, where it sits."""

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.safestring import mark_safe

from goals.forms import GoalForm
from goals.models import Goal
from workshop.access import Audience, Member
from workshop.models import Activity, Participant, Workshop

BOARD = "goals/board.html"
ROLE_LABELS = dict(Participant.Role.choices)

# The grid's four quadrants, in reading order, and what goals there have in common.
QUADRANTS = [
    ("top-left", "Serve customers faster"),
    ("top-right", "Experiences that know the customer"),
    ("bottom-left", "Run a leaner business"),
    ("bottom-right", "Learn about customers"),
]


def with_authors(goals: QuerySet[Goal] | None = None) -> QuerySet[Goal]:
    goals = Goal.objects.all() if goals is None else goals
    return goals.annotate(author_name=F("author__name"), author_role=F("author__role"))


def board_url(workshop: Workshop) -> str:
    """The prefix of every goal's URL: built once, not reversed for each goal."""
    return reverse("goal_list", args=[workshop.code])


def _lean(value: float, low: str, high: str) -> str:
    if abs(value) < 0.1:
        return f"midway between {low} and {high}"
    strength = "strongly" if abs(value) >= 0.5 else "leaning"
    return f"{strength} {high if value > 0 else low}"


def describe(x: float | None, y: float | None) -> str:
    """Where a goal sits, as a screen reader says it (static/js/grid.js says it the same way)."""
    if x is None or y is None:
        return "Not placed yet"
    return (
        f"{_lean(y, 'back-stage', 'front-stage')}, "
        f"{_lean(x, 'business efficiency', 'customer understanding')}"
    ).capitalize()


def prepare(goals: list[Goal], *, board_url: str) -> list[Goal]:
    """What each goal's template needs, worked out once here."""
    for goal in goals:
        goal.dom = mark_safe(f"goal-{goal.pk}")
        goal.url = mark_safe(f"{board_url}{goal.pk}/")
        if hasattr(goal, "author_name"):
            name, role = goal.author_name, goal.author_role
        else:
            author = goal.author
            name, role = (author.name, author.role) if author else (None, None)
        goal.author_key = goal.author_id or "facilitator"
        goal.byline = f"{name} · {ROLE_LABELS[role]}" if name is not None else "Facilitator"
        goal.department_label = ROLE_LABELS.get(goal.department, goal.department)
        goal.where = describe(goal.x, goal.y)
        goal.x_attr = "" if goal.x is None else f"{goal.x:.3f}"
        goal.y_attr = "" if goal.y is None else f"{goal.y:.3f}"
    return goals


def goal_for(goal_id: int, *, workshop: Workshop) -> Goal | None:
    """One goal as everyone sees it, read afresh (a push renders what was saved last)."""
    goal = with_authors().filter(pk=goal_id, workshop=workshop).first()
    return None if goal is None else prepare([goal], board_url=board_url(workshop))[0]


def board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    goals = prepare(list(with_authors().filter(workshop=workshop)), board_url=board_url(workshop))
    return {
        "placed": [goal for goal in goals if goal.is_placed],
        "unplaced": [goal for goal in goals if not goal.is_placed],
        "goal_total": len(goals),
        "quadrants": QUADRANTS,
        "goals_url": board_url(workshop),
        "goal_form": _form_for(member),
    }


def _form_for(member: Member | None) -> GoalForm:
    """A participant's goal is for their own team, unless they say otherwise."""
    if member is not None and member.participant is not None:
        return GoalForm(initial={"department": member.participant.role})
    return GoalForm()
