"""Writes to the planning boards: validated, saved in one transaction; the board's items
are then pushed anew to each audience (workshop.room.push_board)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from recipes import selectors
from recipes.models import MOST_SELECTED, STARTER, STARTER_GUARDRAIL, Guardrail, Persofail, Recipe
from recipes.schema import RecipeSpec
from workshop import live, room, services
from workshop.models import Activity, Participant, Workshop
from workshop.services import EditConflict

Kind = Activity.Kind


def _board_changed(workshop: Workshop) -> None:
    room.board_changed(workshop, Kind.PERSOFAILS)


@transaction.atomic
def persofail_create(
    *, workshop: Workshop, author: Participant | None, text: str, hurt: str, kind: str
) -> Persofail:
    persofail = Persofail(
        workshop=workshop, author=author, text=text.strip(), hurt=hurt.strip(), kind=kind
    )
    persofail.full_clean(exclude=["workshop", "author"])
    persofail.save()
    _board_changed(workshop)
    return persofail


@transaction.atomic
def persofail_delete(*, persofail: Persofail) -> None:
    services.dot_item_removed(
        workshop=persofail.workshop, kind=Kind.PERSOFAILS, item_id=persofail.pk
    )
    persofail.delete()
    _board_changed(persofail.workshop)


@transaction.atomic
def guardrail_create(
    *, workshop: Workshop, author: Participant | None, text: str,
    persofail: Persofail | None = None,
) -> Guardrail:
    """A rule recipes can cite, from a persofail or on its own."""
    guardrail = Guardrail(workshop=workshop, author=author, persofail=persofail, text=text.strip())
    guardrail.full_clean(exclude=["workshop", "author", "persofail"])
    guardrail.save()
    _board_changed(workshop)
    return guardrail


@transaction.atomic
def guardrail_delete(*, guardrail: Guardrail) -> None:
    guardrail.delete()
    _board_changed(guardrail.workshop)


@transaction.atomic
def starter_add(*, workshop: Workshop) -> Persofail:
    """The method's own example, with its guardrail: the room sees what a good one is."""
    persofail = persofail_create(workshop=workshop, author=None, **STARTER)
    guardrail_create(workshop=workshop, author=None, text=STARTER_GUARDRAIL, persofail=persofail)
    return persofail


# --- Recipes ----------------------------------------------------------------------------

SPEC_FIELDS = ["trigger", "audience", "condition", "action", "content", "success_metric",
               "owner", "launch", "touchpoint", "data_needed"]


def _recipes_changed(workshop: Workshop) -> None:
    room.board_changed(workshop, Kind.RECIPES)


def _apply(recipe: Recipe, spec: RecipeSpec) -> None:
    for name in SPEC_FIELDS:
        setattr(recipe, name, getattr(spec, name))
    recipe.goal_id = spec.goal


@transaction.atomic
def recipe_create(*, workshop: Workshop, author: Participant | None, spec: RecipeSpec) -> Recipe:
    """Save a recipe the spec has validated for this workshop (recipes.forms.RecipeForm)."""
    recipe = Recipe(workshop=workshop, author=author)
    _apply(recipe, spec)
    recipe.save()
    recipe.guardrails.set(spec.guardrails)
    recipe.blocked_by.set(spec.blocked_by)
    _recipes_changed(workshop)
    return recipe


@transaction.atomic
def recipe_update(*, recipe: Recipe, version: int, spec: RecipeSpec) -> Recipe:
    """Save an edit made to `version`; refuse it if someone saved a newer one meanwhile."""
    current = Recipe.objects.select_for_update().get(pk=recipe.pk)
    if current.version != version:
        raise EditConflict(current)
    _apply(current, spec)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    current.guardrails.set(spec.guardrails)
    current.blocked_by.set(spec.blocked_by)
    _recipes_changed(recipe.workshop)
    return current


@transaction.atomic
def recipe_delete(*, recipe: Recipe) -> None:
    services.dot_item_removed(workshop=recipe.workshop, kind=Kind.RECIPES, item_id=recipe.pk)
    recipe.delete()
    _recipes_changed(recipe.workshop)


# --- Prioritise --------------------------------------------------------------------------


class ChoiceRefused(ValueError):
    """A recipe cannot be chosen to do first: the reason, in words for the facilitator."""


def _publish_note(workshop: Workshop, recipe_id: int) -> None:
    """Push one recipe's note on the value/effort grid as it stands once the move has
    committed: whichever of two moves commits last is what every screen ends on."""

    def render() -> str:
        recipe = selectors.note_for(recipe_id, workshop=workshop)
        if recipe is None:
            return ""
        context = {"recipe": recipe, "workshop": workshop, "shared": True,
                   **selectors.note_context(workshop)}
        return live.render(f"{selectors.PRIORITISE}#note", context)

    live.publish([live.everyone(workshop.pk)], render)


@transaction.atomic
def recipe_move(*, recipe: Recipe, x: float | None, y: float | None, final: bool) -> None:
    """Put a recipe at effort x, value y on the 2x2, or back in the tray with both None."""
    Recipe.objects.filter(pk=recipe.pk).update(effort=x, value=y, moves=F("moves") + 1)
    _publish_note(recipe.workshop, recipe.pk)


@transaction.atomic
def recipe_choose(*, recipe: Recipe, why: str) -> Recipe:
    """The facilitator chooses a recipe to do first, and says why in one line: the
    decision the roadmap leads with. Choosing it again rewrites the why."""
    # The workshop's row is locked first, so two choices at once cannot both be the
    # second.
    Workshop.objects.select_for_update().only("pk").get(pk=recipe.workshop_id)
    current = Recipe.objects.select_for_update().get(pk=recipe.pk)
    if current.selected_at is None:
        chosen = Recipe.objects.filter(workshop=recipe.workshop, selected_at__isnull=False)
        if chosen.count() >= MOST_SELECTED:
            raise ChoiceRefused(
                "Two recipes are chosen already. The method does one or two first: set "
                "one aside before choosing another."
            )
        current.selected_at = timezone.now()
    current.why = why.strip()
    current.save(update_fields=["selected_at", "why"])
    _recipes_changed(recipe.workshop)
    return current


@transaction.atomic
def recipe_set_aside(*, recipe: Recipe) -> None:
    Recipe.objects.filter(pk=recipe.pk).update(selected_at=None, why="")
    _recipes_changed(recipe.workshop)
