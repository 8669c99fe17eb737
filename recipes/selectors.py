"""Reads of the persofails and recipes boards, each costing the same number of queries however many
items there are."""

from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.safestring import mark_safe

from barriers.models import Asset, Barrier
from recipes.forms import GuardrailForm, PersofailForm, RecipeForm
from recipes.models import Guardrail, Persofail, Recipe
from recipes.schema import TOUCHPOINTS
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


def prepare(persofails: list[Persofail], *, workshop: Workshop) -> list[Persofail]:
    url = persofails_url(workshop)
    for persofail in persofails:
        persofail.dom = mark_safe(f"persofail-{persofail.pk}")
        persofail.url = mark_safe(f"{url}{persofail.pk}/")
        persofail.author_key = persofail.author_id or "facilitator"
        name = getattr(persofail, "author_name", None)
        persofail.byline = (
            f"{name} · {ROLE_LABELS[persofail.author_role]}" if name else "Facilitator"
        )
    return persofails


def prepare_guardrails(guardrails: list[Guardrail], *, workshop: Workshop) -> list[Guardrail]:
    url = guardrails_url(workshop)
    for guardrail in guardrails:
        guardrail.dom = mark_safe(f"guardrail-{guardrail.pk}")
        guardrail.url = mark_safe(f"{url}{guardrail.pk}/")
        guardrail.author_key = guardrail.author_id or "facilitator"
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
PROJECTOR_RECIPES = 6
# Triggers most recipes start from, offered as the builder's suggestions.
COMMON_TRIGGERS = [
    "a customer opens the app", "a customer abandons a cart", "a purchase is delivered",
    "a customer has been inactive for 30 days", "a customer's plan is about to renew",
    "a customer contacts support twice in a week",
]


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
        recipe.dom = mark_safe(f"recipe-{recipe.pk}")
        recipe.url = mark_safe(f"{url}{recipe.pk}/")
        recipe.author_key = recipe.author_id or "facilitator"
        name = getattr(recipe, "author_name", None)
        recipe.byline = f"{name} · {ROLE_LABELS[recipe.author_role]}" if name else "Facilitator"
        recipe.touchpoint_label = TOUCHPOINTS.get(recipe.touchpoint, recipe.touchpoint)
    return recipes


def recipes_board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    recipes = prepare_recipes(list(with_links().filter(workshop=workshop)), workshop=workshop)
    context = {
        "recipes": recipes,
        "recipe_total": len(recipes),
        "recipes_url": recipes_url(workshop),
        "recipe_form": RecipeForm(workshop=workshop),
        "trigger_suggestions": sorted({r.trigger for r in recipes} | set(COMMON_TRIGGERS)),
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
