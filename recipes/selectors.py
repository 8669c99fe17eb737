"""Reads of the persofails and recipes boards, each costing the same number of queries however many
items there are."""

import re
from collections import defaultdict

from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.safestring import mark_safe

from barriers.models import Asset, Barrier
from goals.models import Goal
from recipes import lint
from recipes.forms import GuardrailForm, PersofailForm, RecipeForm
from recipes.models import MOST_SELECTED, Guardrail, Persofail, Recipe
from recipes.schema import TOUCHPOINTS
from workshop import votes
from workshop.access import Audience, Member
from workshop.models import Activity, Participant, Workshop

PERSOFAILS = "recipes/persofails.html"
ROLE_LABELS = dict(Participant.Role.choices)
# The projector shows the scariest first, this many.
PROJECTOR_PERSOFAILS = 6
PROJECTOR_GUARDRAILS = 8


def persofails_url(workshop: Workshop) -> str:
    return reverse("persofail_list", args=[workshop.code])


def guardrails_url(workshop: Workshop) -> str:
    return reverse("guardrail_list", args=[workshop.code])


def with_authors():
    return Persofail.objects.annotate(
        author_name=F("author__name"), author_role=F("author__role")
    ).prefetch_related(Prefetch("guardrails", queryset=Guardrail.objects.order_by("pk")))


def _mark(item, prefix: str, url: str) -> None:
    """What every card of these boards carries: its DOM id, its URL, whose it is, a byline."""
    item.dom = mark_safe(f"{prefix}-{item.pk}")
    item.url = mark_safe(f"{url}{item.pk}/")
    item.author_key = item.author_id or "facilitator"
    name = getattr(item, "author_name", None)
    item.byline = f"{name} · {ROLE_LABELS[item.author_role]}" if name else "Facilitator"


def prepare(persofails: list[Persofail], *, workshop: Workshop) -> list[Persofail]:
    url = persofails_url(workshop)
    for persofail in persofails:
        _mark(persofail, "persofail", url)
    return persofails


def prepare_guardrails(guardrails: list[Guardrail], *, workshop: Workshop) -> list[Guardrail]:
    url = guardrails_url(workshop)
    for guardrail in guardrails:
        _mark(guardrail, "guardrail", url)
    return guardrails


def board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    persofails = prepare(list(with_authors().filter(workshop=workshop)), workshop=workshop)
    guardrails = prepare_guardrails(
        list(Guardrail.objects.filter(workshop=workshop).select_related("persofail")),
        workshop=workshop,
    )
    context = {
        "persofails": persofails,
        "persofail_total": len(persofails),
        "guardrails": guardrails,
        "persofails_url": persofails_url(workshop),
        "guardrails_url": guardrails_url(workshop),
        "persofail_form": PersofailForm(),
        "guardrail_form": GuardrailForm(),
        "has_starter": any(p.author_id is None for p in persofails),
    }
    if audience == Audience.PROJECTOR:
        context["more_persofails"] = max(0, len(persofails) - PROJECTOR_PERSOFAILS)
        context["persofails"] = persofails[-PROJECTOR_PERSOFAILS:][::-1]  # the newest
        context["guardrails"] = guardrails[-PROJECTOR_GUARDRAILS:]
    return context


def vote_items(*, workshop: Workshop) -> dict[int, str]:
    """The persofails a dot vote ranks: which are scariest."""
    return dict(
        Persofail.objects.filter(workshop=workshop, hidden=False).values_list("pk", "text")
    )


# --- Recipes ----------------------------------------------------------------------------

RECIPES = "recipes/recipes.html"
# The people a goal's words name ("customers about to leave", "new members").
GOAL_AUDIENCE = re.compile(
    r"\b(?:(?:new|first-time|loyal|returning|lapsed|inactive|flagged|young|older|"
    r"existing|premium|business)\s+)?(?:customers?|members?|users?|shoppers?|savers?|"
    r"subscribers?|families|parents|students|visitors?)\b(?:\s+(?:who|about to|in their)"
    r"\s+[\w\s'-]{3,40})?",
    re.IGNORECASE,
)
PROJECTOR_RECIPES = 6
# Triggers most recipes start from, offered as the builder's suggestions.
COMMON_TRIGGERS = [
    "a customer opens the app", "a customer abandons a cart", "a purchase is delivered",
    "a customer has been inactive for 30 days", "a customer's plan is about to renew",
    "a customer contacts support twice in a week",
]


def audience_suggestions(workshop: Workshop, recipes: list[Recipe]) -> list[str]:
    """Audiences the room has named already, and the customers its goals speak of."""
    found = {recipe.audience for recipe in recipes}
    for text in Goal.objects.filter(workshop=workshop).values_list("text", flat=True):
        found.update(match.group(0).rstrip(" .,") for match in GOAL_AUDIENCE.finditer(text))
    return sorted(found, key=str.casefold)


def recipes_url(workshop: Workshop) -> str:
    return reverse("recipe_list", args=[workshop.code])


def with_links():
    return Recipe.objects.select_related("goal").annotate(
        author_name=F("author__name"), author_role=F("author__role")
    ).prefetch_related(
        Prefetch("guardrails", queryset=Guardrail.objects.order_by("pk")),
        Prefetch("blocked_by", queryset=Barrier.objects.order_by("pk")),
    )


def prepare_recipes(recipes: list[Recipe], *, workshop: Workshop) -> list[Recipe]:
    url = recipes_url(workshop)
    for recipe in recipes:
        _mark(recipe, "recipe", url)
        recipe.touchpoint_label = TOUCHPOINTS.get(recipe.touchpoint, recipe.touchpoint)
    return recipes


def recipes_board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    recipes = prepare_recipes(list(with_links().filter(workshop=workshop)), workshop=workshop)
    warnings = warnings_of(workshop)
    for recipe in recipes:
        recipe.warnings = warnings.get(recipe.pk, [])
    context = {
        "recipes": recipes,
        "recipe_total": len(recipes),
        "warned_total": len(warnings),
        "recipes_url": recipes_url(workshop),
        "recipe_form": RecipeForm(workshop=workshop),
        "trigger_suggestions": sorted({r.trigger for r in recipes} | set(COMMON_TRIGGERS)),
        "audience_suggestions": audience_suggestions(workshop, recipes),
        "data_suggestions": list(
            Asset.objects.filter(workshop=workshop).values_list("name", flat=True)
        ),
    }
    if audience == Audience.PROJECTOR:
        context["more_recipes"] = max(0, len(recipes) - PROJECTOR_RECIPES)
        context["recipes"] = recipes[-PROJECTOR_RECIPES:][::-1]
    return context


def recipe_vote_items(*, workshop: Workshop) -> dict[int, str]:
    """The recipes a dot vote is held on, each as its if-then in short."""
    return {
        pk: f"When {trigger}, {action}"
        for pk, trigger, action in Recipe.objects.filter(workshop=workshop, hidden=False)
        .values_list("pk", "trigger", "action")
    }


# --- Lint --------------------------------------------------------------------------------


def facts_of(workshop: Workshop) -> lint.Facts:
    """What recipe lint reads of a workshop, in six queries however much there is."""
    guardrails_of, blocked_by = defaultdict(list), defaultdict(list)
    for recipe_id, guardrail_id in Recipe.guardrails.through.objects.filter(
        recipe__workshop=workshop
    ).order_by("pk").values_list("recipe_id", "guardrail_id"):
        guardrails_of[recipe_id].append(guardrail_id)
    for recipe_id, barrier_id in Recipe.blocked_by.through.objects.filter(
        recipe__workshop=workshop
    ).order_by("pk").values_list("recipe_id", "barrier_id"):
        blocked_by[recipe_id].append(barrier_id)
    recipes = [
        lint.RecipeFacts(
            id=row["pk"], trigger=row["trigger"], audience=row["audience"],
            action=row["action"], success_metric=row["success_metric"], launch=row["launch"],
            condition=row["condition"], content=row["content"], owner=row["owner"],
            goal=row["goal_id"], data_needed=tuple(row["data_needed"] or ()),
            guardrails=tuple(guardrails_of[row["pk"]]), blocked_by=tuple(blocked_by[row["pk"]]),
        )
        for row in Recipe.objects.filter(workshop=workshop).values(
            "pk", "trigger", "audience", "action", "success_metric", "launch", "condition",
            "content", "owner", "goal_id", "data_needed",
        )
    ]
    barriers = {
        pk: lint.BarrierFacts(
            description=description, due=due, resolved=status == Barrier.Status.RESOLVED,
            owner=owner or owner_name,
        )
        for pk, description, due, status, owner, owner_name in Barrier.objects.filter(
            workshop=workshop
        ).values_list("pk", "description", "due", "status", "owner__name", "owner_name")
    }
    return lint.Facts(
        recipes=recipes,
        guardrails=dict(Guardrail.objects.filter(workshop=workshop).values_list("pk", "text")),
        assets={lint.fold(name): status for name, status in Asset.objects.filter(
            workshop=workshop).values_list("name", "status")},
        barriers=barriers,
    )


def warnings_of(workshop: Workshop) -> dict[int, list[lint.Warning]]:
    return lint.lint(facts_of(workshop))


# --- Prioritise --------------------------------------------------------------------------

PRIORITISE = "recipes/prioritise.html"
AXES = ("low value", "high value", "little effort", "much effort")
QUADRANTS = [
    ("top-left", "Quick wins"), ("top-right", "Big bets"),
    ("bottom-left", "Small comforts"), ("bottom-right", "Money pits"),
]


def prepare_notes(recipes: list[Recipe], *, workshop: Workshop) -> list[Recipe]:
    """What a recipe's note on the value/effort grid needs, worked out once here."""
    url = recipes_url(workshop)
    for recipe in recipes:
        recipe.dom = mark_safe(f"priority-{recipe.pk}")
        recipe.url = mark_safe(f"{url}{recipe.pk}/")
        recipe.x_attr = "" if recipe.effort is None else f"{recipe.effort:.3f}"
        recipe.y_attr = "" if recipe.value is None else f"{recipe.value:.3f}"
        recipe.where = describe(recipe.effort, recipe.value)
    return recipes


def _lean(value: float, low: str, high: str) -> str:
    if abs(value) < 0.1:
        return f"midway between {low} and {high}"
    return f"{'strongly' if abs(value) >= 0.5 else 'leaning'} {high if value > 0 else low}"


def describe(effort: float | None, value: float | None) -> str:
    """Where a recipe sits, as a screen reader says it (static/js/grid.js says it the
    same way from the plane's data-axes)."""
    if effort is None or value is None:
        return "Not placed yet"
    return f"{_lean(value, *AXES[:2])}, {_lean(effort, *AXES[2:])}".capitalize()


def note_for(recipe_id: int, *, workshop: Workshop) -> Recipe | None:
    """One recipe's note as everyone sees it, read afresh (a push shows what was saved last)."""
    recipe = Recipe.objects.filter(pk=recipe_id, workshop=workshop).first()
    return None if recipe is None else prepare_notes([recipe], workshop=workshop)[0]


def note_context(workshop: Workshop) -> dict:
    """The prioritise board's vote, for a push of one note (its dot control)."""
    return votes.shared_context(workshop, votes.vote_for_board(workshop, Activity.Kind.PRIORITISE))


def prioritise_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    recipes = prepare_notes(
        list(Recipe.objects.filter(workshop=workshop, hidden=False)), workshop=workshop
    )
    chosen = sorted((r for r in recipes if r.selected), key=lambda r: r.selected_at)
    warnings = warnings_of(workshop)
    for recipe in chosen:
        recipe.warning_count = len(warnings.get(recipe.pk, ()))
    return {
        "placed": [recipe for recipe in recipes if recipe.x_attr],
        "unplaced": [recipe for recipe in recipes if not recipe.x_attr],
        "chosen": chosen,
        "recipe_total": len(recipes),
        "can_choose_more": len(chosen) < MOST_SELECTED,
        "most_selected": MOST_SELECTED,
        "axes": ",".join(AXES),
        "quadrants": QUADRANTS,
    }
