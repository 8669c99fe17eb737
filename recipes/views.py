"""The planning boards: persofails and their guardrails, the recipe builder and its
recipes; the recipes' published schema."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from recipes import exchange, selectors, services
from goals.forms import MoveForm
from goals.services import move_is_due
from recipes.forms import (
    ChoiceForm, GuardrailForm, PersofailForm, RecipeEditForm, RecipeForm,
)
from recipes.models import Guardrail, Persofail, Recipe
from recipes.schema import published_schema
from workshop import access, room
from workshop.access import Member
from workshop.http import HtmxHttpRequest, refusal
from workshop.models import Activity
from workshop.services import EditConflict

PERSOFAILS = selectors.PERSOFAILS


@require_GET
@cache_control(public=True, max_age=3600)
def schema(request: HttpRequest) -> JsonResponse:
    """The JSON Schema of recipes.json, the export and the import: a list of recipes, one
    recipe's schema under `$defs`, for engineering's tools."""
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": request.build_absolute_uri(),
        "title": "Recipes",
        "description": "A workshop's personalization recipes, as /w/<CODE>/recipes.json "
                       "and manage.py export_recipes write them.",
        **published_schema(),
    }
    return JsonResponse(document, json_dumps_params={"indent": 2})


# --- Persofails -------------------------------------------------------------------------


def _board_activity(member: Member) -> Activity:
    return room.board_activity(member, Activity.Kind.PERSOFAILS)


def _persofail(member: Member, persofail_id: int) -> Persofail:
    persofail = get_object_or_404(Persofail, pk=persofail_id, workshop=member.workshop)
    persofail.workshop = member.workshop
    persofail.url = f"{selectors.persofails_url(member.workshop)}{persofail.pk}/"
    return persofail


def _context(member: Member, **extra) -> dict:
    workshop = member.workshop
    return {
        "workshop": workshop, "persofails_url": selectors.persofails_url(workshop),
        "guardrails_url": selectors.guardrails_url(workshop), **extra,
    }


@require_POST
def persofail_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Add a persofail."""
    member = access.require_member(request, code)
    _board_activity(member)
    form = PersofailForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(request, f"{PERSOFAILS}#persofail-form",
                          _context(member, persofail_form=form), status=422)
        return room.render_room(request, member, status=422, persofail_form=form)
    services.persofail_create(
        workshop=member.workshop, author=member.participant, **form.cleaned_data
    )
    if not request.htmx:
        return redirect("room", member.workshop.code)
    fresh = PersofailForm()
    fresh.fields["text"].widget.attrs["autofocus"] = True
    response = render(request, f"{PERSOFAILS}#persofail-form",
                      _context(member, persofail_form=fresh, saved=True))
    return trigger_client_event(response, "roomSaved", {"message": "Added. Everyone sees it now."})


@require_POST
def persofail_delete(request: HtmxHttpRequest, code: str, persofail_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    persofail = _persofail(member, persofail_id)
    access.check_can_remove(member, persofail)
    if not member.is_facilitator:
        _board_activity(member)
    services.persofail_delete(persofail=persofail)
    return room.written(request, member)


@require_http_methods(["GET", "POST"])
def persofail_guardrail(request: HtmxHttpRequest, code: str, persofail_id: int) -> HttpResponse:
    """Turn a persofail into a guardrail recipes can cite: its author or the facilitator
    (the same people who may remove it)."""
    member = access.require_member(request, code)
    persofail = _persofail(member, persofail_id)
    access.check_can_remove(member, persofail)
    _board_activity(member)
    form = GuardrailForm(request.POST or None)
    context = _context(member, persofail=persofail, form=form)
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 422
        return render(request, f"{PERSOFAILS}#guardrail-editor", context, status=status)
    services.guardrail_create(
        workshop=member.workshop, author=member.participant, persofail=persofail,
        **form.cleaned_data,
    )
    return room.written(request, member, "Guardrail added. Recipes can cite it now.")


@require_POST
def guardrail_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The facilitator adds a guardrail of their own."""
    member = access.require_facilitator(request, code)
    form = GuardrailForm(request.POST)
    if not form.is_valid():
        return render(request, f"{PERSOFAILS}#guardrail-form",
                      _context(member, guardrail_form=form), status=422)
    services.guardrail_create(workshop=member.workshop, author=None, **form.cleaned_data)
    if not request.htmx:
        return redirect("room", member.workshop.code)
    return render(request, f"{PERSOFAILS}#guardrail-form",
                  _context(member, guardrail_form=GuardrailForm(), saved=True))


@require_POST
def guardrail_delete(request: HtmxHttpRequest, code: str, guardrail_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    guardrail = get_object_or_404(Guardrail, pk=guardrail_id, workshop=member.workshop)
    guardrail.workshop = member.workshop
    access.check_can_remove(member, guardrail)
    if not member.is_facilitator:
        _board_activity(member)
    services.guardrail_delete(guardrail=guardrail)
    return room.written(request, member)


@require_POST
def starter(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.starter_add(workshop=member.workshop)
    return room.back_to_room(request, member)


# --- Recipes ----------------------------------------------------------------------------

RECIPES = selectors.RECIPES


def _recipe(member: Member, recipe_id: int) -> Recipe:
    recipe = get_object_or_404(selectors.with_links(), pk=recipe_id, workshop=member.workshop)
    recipe.workshop = member.workshop
    return selectors.prepare_recipes([recipe], workshop=member.workshop)[0]


@require_POST
def recipe_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Add a recipe from the builder: the spec checks it, each error beside its field."""
    member = access.require_member(request, code)
    room.board_activity(member, Activity.Kind.RECIPES)
    form = RecipeForm(request.POST, workshop=member.workshop)
    context = {"workshop": member.workshop, "recipes_url": selectors.recipes_url(member.workshop)}
    if not form.is_valid():
        if request.htmx:
            return render(request, f"{RECIPES}#builder", {**context, "recipe_form": form},
                          status=422)
        return room.render_room(request, member, status=422, recipe_form=form)
    services.recipe_create(workshop=member.workshop, author=member.participant, spec=form.spec)
    if not request.htmx:
        return redirect("room", member.workshop.code)
    response = render(request, f"{RECIPES}#builder",
                      {**context, "recipe_form": RecipeForm(workshop=member.workshop),
                       "saved": True})
    return trigger_client_event(response, "roomSaved", {"message": "Recipe added."})


@require_http_methods(["GET", "POST"])
def recipe_edit(request: HtmxHttpRequest, code: str, recipe_id: int) -> HttpResponse:
    """The author's (or the facilitator's, on their own) edit, in the editor panel; a
    save over a newer version is refused with that version shown."""
    member = access.require_member(request, code)
    recipe = _recipe(member, recipe_id)
    access.check_can_edit(member, recipe)
    room.board_activity(member, Activity.Kind.RECIPES)
    context = {"workshop": member.workshop, "recipe": recipe}
    ids = f"recipe-edit-{recipe.pk}-%s"
    if request.method == "GET":
        form = RecipeEditForm(
            initial={**RecipeForm.initial_for(recipe), "version": recipe.version},
            workshop=member.workshop, auto_id=ids,
        )
        return render(request, f"{RECIPES}#edit", {**context, "form": form})
    form = RecipeEditForm(request.POST, workshop=member.workshop, auto_id=ids)
    if not form.is_valid():
        return render(request, f"{RECIPES}#edit", {**context, "form": form}, status=422)
    try:
        services.recipe_update(recipe=recipe, version=form.cleaned_data["version"],
                               spec=form.spec)
    except EditConflict as conflict:
        latest = conflict.current
        form = RecipeEditForm(data={**request.POST.dict(), "version": latest.version},
                              workshop=member.workshop, auto_id=ids)
        return render(request, f"{RECIPES}#edit",
                      {**context, "form": form, "conflict": latest}, status=409)
    return room.written(request, member, "Recipe saved. Everyone sees it now.")


@require_POST
def recipe_delete(request: HtmxHttpRequest, code: str, recipe_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    recipe = _recipe(member, recipe_id)
    access.check_can_remove(member, recipe)
    if not member.is_facilitator:
        room.board_activity(member, Activity.Kind.RECIPES)
    services.recipe_delete(recipe=recipe)
    return room.written(request, member)



# --- Out to engineering, and back ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def recipes_json(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """GET: the workshop's recipes, a JSON list valid against /recipes/schema.json. POST,
    the facilitator's: import a JSON list of recipes, every one or none."""
    if request.method == "GET":
        member = access.require_member(request, code)
        return _download(exchange.as_json(member.workshop), member, "json", "application/json")
    member = access.require_facilitator(request, code)
    try:
        # Read as a stream, past the room's own limit on what a form may post, up to the
        # import's (one byte more tells a file that is too large).
        items = exchange.parse(request.read(exchange.MAX_BYTES + 1))
        created = exchange.import_recipes(workshop=member.workshop, author=None, items=items)
    except exchange.ImportRefused as refused:
        return JsonResponse({"imported": 0, "errors": refused.errors}, status=400)
    return JsonResponse({"imported": len(created)}, status=201)


@require_GET
def recipes_csv(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_member(request, code)
    return _download(exchange.as_csv(member.workshop), member, "csv", "text/csv; charset=utf-8")


def _download(body: str, member: Member, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    name = f"{member.workshop.code}-recipes.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Prioritise --------------------------------------------------------------------------

PRIORITISE = selectors.PRIORITISE


@require_POST
def recipe_move(request: HtmxHttpRequest, code: str, recipe_id: int) -> HttpResponse:
    """Place a recipe on the value/effort grid (anyone in the room, as on the goals grid)."""
    member = access.require_member(request, code)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return refusal("A place on the grid runs from -1 to 1 on each axis, x and y both.")
    place = form.cleaned_data
    recipe = get_object_or_404(Recipe, pk=recipe_id, workshop=member.workshop)
    recipe.workshop = member.workshop
    if move_is_due(("recipe", recipe.pk), final=place["final"]):
        room.board_activity(member, Activity.Kind.PRIORITISE)
        services.recipe_move(recipe=recipe, **place)
    return room.written(request, member)


@require_http_methods(["GET", "POST"])
def recipe_choose(request: HtmxHttpRequest, code: str, recipe_id: int) -> HttpResponse:
    """The facilitator chooses a recipe to do first and says why, in the editor panel."""
    member = access.require_facilitator(request, code)
    recipe = _recipe(member, recipe_id)
    form = ChoiceForm(request.POST or None, initial={"why": recipe.why},
                      auto_id=f"choose-{recipe.pk}-%s")
    context = {"workshop": member.workshop, "recipe": recipe, "form": form}
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 422
        return render(request, f"{PRIORITISE}#choose", context, status=status)
    try:
        services.recipe_choose(recipe=recipe, **form.cleaned_data)
    except services.ChoiceRefused as refused:
        return refusal(str(refused), 409)
    return room.written(request, member, "Chosen. The roadmap leads with it.")


@require_POST
def recipe_set_aside(request: HtmxHttpRequest, code: str, recipe_id: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.recipe_set_aside(recipe=_recipe(member, recipe_id))
    return room.written(request, member, "Set aside. It stays on the grid.")
