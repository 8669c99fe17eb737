"""Reads of the goals board, each costing the same number of queries however many goals
there are, and how a goal is described, in words, where it sits."""

import math
from copy import copy
from statistics import fmean

from django.db.models import F, Prefetch, QuerySet
from rapidfuzz import fuzz, process
from django.urls import reverse
from django.utils.safestring import mark_safe

from goals.forms import GoalForm
from goals.models import Goal, Placement, SilentRound
from workshop import votes
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


# How alike two goals' words must be (0 to 100, word order and repeats ignored) for the
# facilitator to be offered to merge them.
ALIKE = 80
DUPLICATES_SHOWN = 5


def with_authors(goals: QuerySet[Goal] | None = None) -> QuerySet[Goal]:
    goals = Goal.objects.all() if goals is None else goals
    return goals.annotate(
        author_name=F("author__name"), author_role=F("author__role")
    ).prefetch_related(Prefetch("also_by", queryset=Participant.objects.only("name", "role")))


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
        authors = [f"{name} · {ROLE_LABELS[role]}" if name is not None else "Facilitator"]
        authors += [f"{person.name} · {ROLE_LABELS[person.role]}" for person in goal.also_by.all()]
        goal.byline = ", ".join(authors)
        goal.department_label = ROLE_LABELS.get(goal.department, goal.department)
        goal.where = describe(goal.x, goal.y)
        goal.x_attr = "" if goal.x is None else f"{goal.x:.3f}"
        goal.y_attr = "" if goal.y is None else f"{goal.y:.3f}"
    return goals


def vote_context(workshop: Workshop) -> dict:
    """The goals' dot vote, for a push of one goal (its dot control)."""
    return votes.shared_context(workshop, votes.vote_for_board(workshop, Activity.Kind.GOALS))


def goal_for(goal_id: int, *, workshop: Workshop) -> Goal | None:
    """One goal as everyone sees it, read afresh (a push renders what was saved last)."""
    goal = with_authors().filter(pk=goal_id, workshop=workshop).first()
    return None if goal is None else prepare([goal], board_url=board_url(workshop))[0]


def likely_duplicates(goals: list[Goal]) -> list[tuple[Goal, Goal]]:
    """Pairs of goals whose words say much the same, most alike first: the older one of
    each pair keeps, the newer one would merge into it. Compared here, on this machine."""
    if len(goals) < 2:
        return []
    texts = [goal.text.lower() for goal in goals]
    pairs = []
    for i, text in enumerate(texts[:-1]):
        later = texts[i + 1:]
        for _, score, j in process.extract(
            text, later, scorer=fuzz.token_set_ratio, score_cutoff=ALIKE, limit=None
        ):
            pairs.append((score, goals[i], goals[i + 1 + j]))
    pairs.sort(key=lambda pair: pair[0], reverse=True)
    return [(keep, merge) for _, keep, merge in pairs[:DUPLICATES_SHOWN]]


def duplicates_for(workshop: Workshop) -> list[tuple[Goal, Goal]]:
    goals = prepare(list(with_authors().filter(workshop=workshop)), board_url=board_url(workshop))
    return likely_duplicates(goals)


def open_round(workshop: Workshop) -> SilentRound | None:
    return SilentRound.objects.filter(workshop=workshop, closed_at__isnull=True).first()


def board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    goals = prepare(list(with_authors().filter(workshop=workshop)), board_url=board_url(workshop))
    silent = open_round(workshop)
    context = {
        "silent": silent,
        "goal_total": len(goals),
        "quadrants": QUADRANTS,
        "goals_url": board_url(workshop),
        "goal_form": _form_for(member),
    }
    if audience == Audience.FACILITATOR:
        context["duplicates"] = likely_duplicates(goals)
    if silent is not None and silent.is_placing:
        # Every grid starts empty: each person sees only where they put goals themselves.
        mine = {}
        if member is not None and member.participant is not None:
            mine = {
                placement.goal_id: placement
                for placement in Placement.objects.filter(
                    round=silent, participant=member.participant
                )
            }
        for goal in goals:
            placed = mine.get(goal.pk)
            place_at(goal, placed.x if placed else None, placed.y if placed else None)
        context.update(progress(workshop, silent))
    elif silent is not None:
        context["disagreements"] = disagreements(silent, goals)
    context["placed"] = [goal for goal in goals if goal.x_attr]
    context["unplaced"] = [goal for goal in goals if not goal.x_attr]
    return context


def place_at(goal: Goal, x: float | None, y: float | None) -> Goal:
    """Draw a goal at x, y (its place on one person's grid) rather than where it is."""
    goal.x_attr = "" if x is None else f"{x:.3f}"
    goal.y_attr = "" if y is None else f"{y:.3f}"
    goal.where = describe(x, y)
    return goal


def progress(workshop: Workshop, silent: SilentRound) -> dict:
    """How many people have placed goals so far in a silent round, never where."""
    started = Placement.objects.filter(round=silent).values("participant").distinct().count()
    people = Participant.objects.filter(workshop=workshop, removed_at__isnull=True).count()
    return {"placed_people": started, "people": people}


def disagreements(silent: SilentRound, goals: list[Goal]) -> list[dict]:
    """Every goal someone placed, with everyone's placements, their centre and how far
    they spread: the goals the room disagrees on most first."""
    by_goal = placements_by_goal(silent)
    rows = []
    for goal in goals:
        points = by_goal.get(goal.pk)
        if not points:
            continue
        centre = centre_of(points)
        spread = fmean(math.dist(point, centre) for point in points)
        rows.append({
            "goal": goal,
            "dots": [{"x": f"{x:.3f}", "y": f"{y:.3f}"} for x, y in points],
            "centre": {"x": f"{centre[0]:.3f}", "y": f"{centre[1]:.3f}"},
            "spread": spread,
            "agreement": agreement(spread),
        })
    return sorted(rows, key=lambda row: row["spread"], reverse=True)


def agreement(spread: float) -> str:
    if spread < 0.25:
        return "Close agreement"
    if spread < 0.6:
        return "Some disagreement"
    return "Wide disagreement"


def placements_by_goal(silent: SilentRound) -> dict[int, list[tuple[float, float]]]:
    by_goal: dict[int, list[tuple[float, float]]] = {}
    for x, y, goal_id in Placement.objects.filter(round=silent).values_list("x", "y", "goal_id"):
        by_goal.setdefault(goal_id, []).append((x, y))
    return by_goal


def centre_of(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Where the room put a goal, on average."""
    return fmean(x for x, _ in points), fmean(y for _, y in points)


def personal_placements(*, workshop: Workshop, activity: Activity) -> dict[int, dict]:
    """During a silent round, each participant's own placements, for their group alone."""
    silent = open_round(workshop)
    if silent is None or not silent.is_placing:
        return {}
    placements = list(Placement.objects.filter(round=silent))
    if not placements:
        return {}
    goals = {
        goal.pk: goal
        for goal in prepare(
            list(with_authors().filter(workshop=workshop)), board_url=board_url(workshop)
        )
    }
    shares: dict[int, dict] = {}
    for placement in placements:
        goal = copy(goals[placement.goal_id])
        shares.setdefault(placement.participant_id, {"own": []})["own"].append(
            place_at(goal, placement.x, placement.y)
        )
    return shares


def _form_for(member: Member | None) -> GoalForm:
    """A participant's goal is for their own team, unless they say otherwise."""
    if member is not None and member.participant is not None:
        return GoalForm(initial={"department": member.participant.role})
    return GoalForm()


def vote_items(*, workshop: Workshop) -> dict[int, str]:
    """The goals a dot vote is held on: those everyone sees, in their own words."""
    return dict(Goal.objects.filter(workshop=workshop, hidden=False).values_list("pk", "text"))
