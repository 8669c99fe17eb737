"""Recipes out to engineering and back: a workshop's recipes as RecipeSpec JSON (a list
valid against /recipes/schema.json) or CSV, and an import that takes a JSON list whole
or not at all."""

import json

from django.db import transaction
from pydantic import ValidationError

from barriers.models import Barrier
from goals.models import Goal
from recipes import services
from recipes.models import Guardrail, Recipe
from recipes.schema import RecipeSpec, context_for, errors_by_field
from workshop import spreadsheets
from workshop.models import Participant, Workshop

MAX_BYTES = 1_000_000
MAX_RECIPES = 500


class ImportRefused(Exception):
    """The import saved nothing: `errors` says why, item by item where it can."""

    def __init__(self, errors: list[dict]):
        super().__init__("Nothing was imported.")
        self.errors = errors


def specs_of(workshop: Workshop) -> list[RecipeSpec]:
    recipes = Recipe.objects.filter(workshop=workshop).prefetch_related("guardrails", "blocked_by")
    return [
        RecipeSpec(
            trigger=recipe.trigger, audience=recipe.audience, condition=recipe.condition,
            action=recipe.action, content=recipe.content, success_metric=recipe.success_metric,
            owner=recipe.owner, launch=recipe.launch, touchpoint=recipe.touchpoint,
            data_needed=recipe.data_needed, goal=recipe.goal_id,
            guardrails=[g.pk for g in recipe.guardrails.all()],
            blocked_by=[b.pk for b in recipe.blocked_by.all()],
        )
        for recipe in recipes
    ]


def as_json(workshop: Workshop) -> str:
    return json.dumps([spec.model_dump(mode="json") for spec in specs_of(workshop)], indent=2)


def as_csv(workshop: Workshop) -> str:
    """One row a recipe, one column a field; a list's items joined by "; ". Written
    for spreadsheets: no cell runs as a formula."""
    fields = list(RecipeSpec.model_fields)
    rows = []
    for spec in specs_of(workshop):
        row = spec.model_dump(mode="json")
        rows.append([
            "; ".join(map(str, row[name])) if isinstance(row[name], list) else row[name]
            for name in fields
        ])
    return spreadsheets.csv_text([fields, *rows])


def workshop_context(workshop: Workshop) -> dict:
    return context_for(
        guardrails=Guardrail.objects.filter(workshop=workshop).values_list("pk", flat=True),
        goals=Goal.objects.filter(workshop=workshop).values_list("pk", flat=True),
        barriers=Barrier.objects.filter(workshop=workshop).values_list("pk", flat=True),
    )


def parse(body: bytes) -> list:
    """The posted bytes as a JSON list, or ImportRefused saying what is wrong with them."""
    if len(body) > MAX_BYTES:
        raise ImportRefused([{"message": f"An import is at most {MAX_BYTES:,} bytes."}])
    try:
        items = json.loads(body)
    except RecursionError:
        raise ImportRefused([{"message": "The JSON nests too deep to be a list of recipes."}])
    except ValueError as error:
        raise ImportRefused([{"message": f"That is not JSON: {error}."}])
    if not isinstance(items, list):
        raise ImportRefused([{"message": "Send a JSON list of recipes, [ {...}, {...} ]."}])
    if len(items) > MAX_RECIPES:
        raise ImportRefused([{"message": f"An import is at most {MAX_RECIPES} recipes."}])
    return items


@transaction.atomic
def import_recipes(
    *, workshop: Workshop, author: Participant | None, items: list
) -> list[Recipe]:
    """Save every recipe, or, if any is invalid, none: each error with its item's index
    and field."""
    context = workshop_context(workshop)
    specs, errors = [], []
    for index, item in enumerate(items):
        try:
            specs.append(RecipeSpec.model_validate(item, context=context))
        except ValidationError as error:
            for field, messages in errors_by_field(error).items():
                errors += [{"index": index, "field": field, "message": m} for m in messages]
    if errors:
        raise ImportRefused(errors)
    return [services.recipe_create(workshop=workshop, author=author, spec=spec) for spec in specs]
