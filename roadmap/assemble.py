"""The roadmap, assembled from what every board holds: never retyped, and in a fixed
number of queries however much the workshop produced.

`assemble(workshop)` gives one `Roadmap`, which the roadmap board, the stakeholder page
and the PDF all draw: the north star first; the recipes chosen to do first with why;
the rest by launch quarter; each recipe's owner, metric, guardrails, goal and blocking
barriers with their commitments; the goals 2x2; the top-rated connected experiences; the
barrier heat map and every open barrier, with its commitment or what it lacks; lint
warnings still open; the team by role;
the workshop's sessions.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from barriers.models import Barrier
from barriers.selectors import heat_map
from experiences.selectors import with_stats
from goals.models import Goal
from recipes import lint
from recipes.models import Guardrail, Recipe
from recipes.schema import TOUCHPOINTS
from recipes.selectors import warnings_of
from roadmap import charts
from workshop.models import AMBITIONS, Participant, PhaseSession, Workshop

TOP_EXPERIENCES = 5
# The 2x2 stays legible with this many numbered goals; the rest are counted.
GOALS_SHOWN = 30
# The summary page lists this many of the earliest commitments.
DUE_NEXT = 5
ROLE_LABELS = dict(Participant.Role.choices)


@dataclass
class Roadmap:
    workshop: Workshop
    made_at: datetime.datetime
    chosen: list[Recipe]
    by_quarter: list[tuple[str, list[Recipe]]]
    # Every recipe's action by launch quarter, chosen ones marked: the timeline's data.
    launches: list[tuple[str, list[tuple[str, bool]]]]
    goals: list[Goal]
    goals_hidden: int
    experiences: list
    heat: dict
    # Barriers not yet resolved with a next step or a date: what the calendar and "due
    # next" are made of.
    commitments: list[Barrier]
    open_warnings: list[tuple[Recipe, list[lint.Warning]]]
    team: list[tuple[str, list[str]]]
    # Every barrier not yet resolved, dated ones first: what stands in the way, including
    # what nobody owns or has committed to yet.
    open_barriers: list[Barrier] = field(default_factory=list)
    # The workshop's sessions as they are planned: (phase, date or None), in order.
    sessions: list[tuple[str, datetime.date | None]] = field(default_factory=list)
    charts: dict = field(default_factory=dict)

    @property
    def ambition(self) -> str:
        return self.workshop.get_ambition_display() if self.workshop.ambition else ""

    @property
    def ambition_explained(self) -> str:
        return AMBITIONS.get(self.workshop.ambition, "")

    @property
    def recipe_total(self) -> int:
        return len(self.chosen) + sum(len(recipes) for _, recipes in self.by_quarter)

    @property
    def overdue_total(self) -> int:
        return sum(barrier.overdue for barrier in self.commitments)

    @property
    def people(self) -> int:
        return sum(len(names) for _, names in self.team)

    @property
    def launches_short(self) -> list[tuple[str, list[tuple[str, bool]], int]]:
        """Each quarter's recipes as the timeline shows them: (quarter, shown, more)."""
        return [(quarter, *charts.shortlist(launching)) for quarter, launching in self.launches]

    @property
    def launch_span(self) -> str:
        """The quarters the recipes launch in, first to last: "2027-Q1 to 2027-Q3"."""
        if not self.launches:
            return ""
        first, last = self.launches[0][0], self.launches[-1][0]
        return first if first == last else f"{first} to {last}"

    @property
    def due_next(self) -> list[Barrier]:
        """The commitments a stakeholder should watch first: the earliest dates."""
        return [barrier for barrier in self.commitments if barrier.due][:DUE_NEXT]


def _recipes(workshop: Workshop) -> list[Recipe]:
    return list(
        Recipe.objects.filter(workshop=workshop, hidden=False)
        .select_related("goal")
        .prefetch_related(
            Prefetch("guardrails", queryset=Guardrail.objects.order_by("pk")),
            Prefetch("blocked_by", queryset=Barrier.objects.select_related("owner").order_by("pk")),
        )
        .order_by("launch", "pk")
    )


def owner_of(barrier: Barrier) -> str:
    return barrier.owner.name if barrier.owner_id else barrier.owner_name


def _barrier_facts(barrier: Barrier, today: datetime.date) -> Barrier:
    barrier.owner_label = owner_of(barrier)
    barrier.overdue = barrier.is_overdue(today)
    return barrier


def assemble(workshop: Workshop, *, today: datetime.date | None = None) -> Roadmap:
    today = today or timezone.localdate()
    warnings = warnings_of(workshop)
    recipes = _recipes(workshop)
    for recipe in recipes:
        recipe.warnings = warnings.get(recipe.pk, [])
        recipe.touchpoint_label = TOUCHPOINTS.get(recipe.touchpoint, recipe.touchpoint)
        recipe.blockers = [_barrier_facts(b, today) for b in recipe.blocked_by.all()]
    chosen = sorted((r for r in recipes if r.selected), key=lambda r: r.selected_at)
    quarters: dict[str, list[Recipe]] = defaultdict(list)
    for recipe in recipes:
        if not recipe.selected:
            quarters[recipe.launch].append(recipe)

    barriers = [_barrier_facts(b, today) for b in
                Barrier.objects.filter(workshop=workshop, hidden=False).select_related("owner")]
    open_barriers = sorted(
        (b for b in barriers if b.status != Barrier.Status.RESOLVED),
        key=lambda b: (b.due is None, b.due or today, b.pk),
    )
    commitments = [b for b in open_barriers if b.due or b.next_step]
    goals = list(Goal.objects.filter(workshop=workshop, hidden=False, x__isnull=False)
                 .order_by("pk"))
    experiences = sorted(
        with_stats(workshop.experiences.filter(hidden=False)),
        key=lambda card: (card.avg_value is None, -(card.avg_value or 0), card.pk),
    )[:TOP_EXPERIENCES]
    team: dict[str, list[str]] = defaultdict(list)
    for name, role in (Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
                       .order_by("name").values_list("name", "role")):
        team[ROLE_LABELS.get(role, role)].append(name)

    heat = heat_map(barriers)
    roadmap = Roadmap(
        workshop=workshop, made_at=timezone.now(), chosen=chosen,
        by_quarter=sorted(quarters.items()), launches=_launches(recipes),
        goals=goals[:GOALS_SHOWN],
        goals_hidden=max(0, len(goals) - GOALS_SHOWN),
        experiences=experiences,
        heat=heat, commitments=commitments, open_barriers=open_barriers,
        open_warnings=[(recipe, recipe.warnings) for recipe in recipes if recipe.warnings],
        team=sorted(team.items()),
        sessions=[(PhaseSession.Phase(phase).label, date) for phase, date
                  in workshop.phases.order_by("position").values_list("phase", "date")],
    )
    roadmap.charts = {
        "goals": charts.goals_grid([(goal.text, goal.x, goal.y) for goal in roadmap.goals]),
        "timeline": charts.timeline(roadmap.launches),
        "heat": charts.heat_map(
            [(row["label"], [cell["count"] for cell in row["cells"]]) for row in heat["rows"]
             if row["total"]],
            [label for _, label in heat["severities"]],
        ),
    }
    return roadmap


def _launches(recipes: list[Recipe]) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Every recipe in its launch quarter, the chosen ones marked, quarters in order."""
    quarters: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for recipe in recipes:
        quarters[recipe.launch].append((recipe.action[:1].upper() + recipe.action[1:],
                                        recipe.selected))
    return sorted(quarters.items())
