"""Prioritising recipes: the room places them on the value/effort grid and gives them
dots; the facilitator chooses the one or two to do first and says why. And lint on the
cards: every screen sees a warning come and go as the data it reads changes."""

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from barriers import services as barrier_services
from barriers.models import Asset, Barrier
from goals import services as goal_services
from goals.models import Goal
from recipes import services
from recipes.models import Guardrail, Recipe
from recipes.schema import RecipeSpec
from tests.conftest import open_board
from tests.recipes.test_schema import EXAMPLE
from tests.sockets import drain, fresh_channel_layer, leave, room_of  # noqa: F401
from workshop.models import Activity, Dot

HX = {"HX-Request": "true"}


def draft(workshop, author=None, **changes) -> Recipe:
    return services.recipe_create(workshop=workshop, author=author,
                                  spec=RecipeSpec.model_validate({**EXAMPLE, **changes}))


@pytest.fixture
def board(workshop):
    return open_board(workshop, Activity.Kind.PRIORITISE)


def url(name, recipe):
    return reverse(name, args=[recipe.workshop.code, recipe.pk])


def test_anyone_in_the_room_places_a_recipe_by_value_and_effort(bob_client, workshop, board):
    recipe = draft(workshop, trigger="a parcel is delivered")
    response = bob_client.post(url("recipe_move", recipe), {"x": "-0.6", "y": "0.8",
                                                            "final": "on"}, headers=HX)
    assert response.status_code == 200
    recipe.refresh_from_db()
    assert (recipe.effort, recipe.value, recipe.moves) == (-0.6, 0.8, 1)
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert 'data-x="-0.600" data-y="0.800"' in page
    assert "Strongly high value, strongly little effort" in page


def test_moves_posted_from_another_workshop_never_thin_out_a_real_drag(
    bob_client, dave_client, workshop, other_workshop, board, monkeypatch
):
    goal_services._last_move.clear()
    now = [100.0]
    monkeypatch.setattr(goal_services, "clock", lambda: now[0])
    recipe = draft(workshop)
    theirs = reverse("recipe_move", args=[other_workshop.code, recipe.pk])
    for step in range(20):
        now[0] = 100.0 + step * 0.25
        assert bob_client.post(url("recipe_move", recipe), {"x": "0.1", "y": str(step / 40)},
                               headers=HX).status_code == 200
        now[0] += 0.2  # a stranger's move with the same id, just before Bob's next one
        assert dave_client.post(theirs, {"x": "0", "y": "0"}, headers=HX).status_code == 404
    recipe.refresh_from_db()
    assert recipe.moves == 20
    assert len(goal_services._last_move) == 1  # Bob's recipe, and no stranger's id


@pytest.mark.parametrize("data", [{"x": "2", "y": "0"}, {"x": "0.5", "y": ""},
                                  {"x": "left", "y": "0"}])
def test_a_place_off_the_grid_is_refused_and_nothing_moves(bob_client, workshop, board, data):
    recipe = draft(workshop)
    response = bob_client.post(url("recipe_move", recipe), {**data, "final": "on"}, headers=HX)
    assert response.status_code == 400 and "from -1 to 1" in response.content.decode()
    recipe.refresh_from_db()
    assert recipe.effort is None and recipe.moves == 0


def test_another_workshops_recipe_cannot_be_moved(bob_client, workshop, other_workshop, board):
    theirs = draft(other_workshop)
    move = reverse("recipe_move", args=[workshop.code, theirs.pk])
    assert bob_client.post(move, {"x": "0", "y": "0", "final": "on"}).status_code == 404


def test_the_facilitator_chooses_what_to_do_first_and_says_why(
    alice_client, bob_client, carol_client, workshop, board
):
    recipe = draft(workshop, trigger="a parcel is delivered")
    choose = url("recipe_choose", recipe)
    assert bob_client.post(choose, {"why": "I like it"}, headers=HX).status_code == 403
    assert alice_client.get(choose).status_code == 200
    missing = alice_client.post(choose, {"why": "  "}, headers=HX)
    assert missing.status_code == 422 and "Say why in one line" in missing.content.decode()
    too_long = alice_client.post(choose, {"why": "x" * 161}, headers=HX)
    assert too_long.status_code == 422
    recipe.refresh_from_db()
    assert not recipe.selected

    response = alice_client.post(choose, {"why": "Quick win on data we have"}, headers=HX)
    assert response.status_code == 200
    recipe.refresh_from_db()
    assert recipe.selected and recipe.why == "Quick win on data we have"
    carols = carol_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert "Quick win on data we have" in carols and "Chosen first" in carols

    assert bob_client.post(url("recipe_set_aside", recipe), headers=HX).status_code == 403
    assert alice_client.post(url("recipe_set_aside", recipe), headers=HX).status_code == 200
    recipe.refresh_from_db()
    assert not recipe.selected and recipe.why == ""


def test_one_or_two_are_chosen_and_a_third_is_refused_with_why(
    alice_client, workshop, board
):
    recipes = [draft(workshop, trigger=f"trigger {n}") for n in range(3)]
    for recipe in recipes[:2]:
        services.recipe_choose(recipe=recipe, why="Because")
    refused = alice_client.post(url("recipe_choose", recipes[-1]), {"why": "And this"},
                                headers=HX)
    assert refused.status_code == 409
    assert refused.content.decode() == (
        "Two recipes are chosen already. The method does one or two first: set one aside "
        "before choosing another."
    )
    assert Recipe.objects.filter(selected_at__isnull=False).count() == 2
    # Choosing one already chosen rewrites its why.
    again = alice_client.post(url("recipe_choose", recipes[0]), {"why": "Better reason"},
                              headers=HX)
    assert again.status_code == 200
    assert Recipe.objects.get(pk=recipes[0].pk).why == "Better reason"
    # Set one aside, and a second may be chosen again.
    alice_client.post(url("recipe_set_aside", recipes[1]), headers=HX)
    assert alice_client.post(url("recipe_choose", recipes[2]), {"why": "Now this"},
                             headers=HX).status_code == 200


def test_the_prioritise_board_holds_a_dot_vote_on_the_recipes(
    alice_client, bob_client, workshop, board
):
    recipe = draft(workshop, trigger="a parcel is delivered")
    opened = alice_client.post(reverse("vote_open", args=[workshop.code, board.pk]),
                               {"budget": 3}, headers=HX)
    assert opened.status_code < 400
    dots = reverse("dots", args=[workshop.code, board.pk])
    given = bob_client.post(dots, {"item": recipe.pk, "change": "give"}, headers=HX)
    assert given.status_code == 200
    assert list(Dot.objects.values_list("item_id", flat=True)) == [recipe.pk]
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert f'data-mine="{recipe.pk}:1"' in page


@pytest.mark.parametrize("kind", [Activity.Kind.RECIPES, Activity.Kind.PRIORITISE])
def test_the_planning_boards_cost_the_same_queries_at_5_and_300_recipes(
    alice_client, bob_client, bob, workshop, kind, django_assert_num_queries
):
    open_board(workshop, kind)
    asset = Asset.objects.create(workshop=workshop, category="data", name="Tags",
                                 status="missing")
    guardrail = Guardrail.objects.create(workshop=workshop, text="At most one nudge a week")
    barrier = Barrier.objects.create(workshop=workshop, category="data", severity="high",
                                     description="No consent record")

    def fill(count):
        for n in range(Recipe.objects.count(), count):
            recipe = Recipe.objects.create(
                workshop=workshop, author=bob, trigger=f"Trigger {n}", audience="everyone",
                action="act", content="words", success_metric="Clicks", launch="2027-Q1",
                data_needed=[asset.name], effort=0.1 if n % 2 else None, value=0.2,
                selected_at="2026-12-01T10:00:00Z" if n < 2 else None, why="Because",
            )
            recipe.guardrails.add(guardrail)
            recipe.blocked_by.add(barrier)

    screens = [(bob_client, "room"), (alice_client, "room"), (alice_client, "present")]
    fill(5)
    counts = []
    for client, name in screens:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(name, args=[workshop.code]))
        counts.append(len(queries))
    fill(300)
    for (client, name), count in zip(screens, counts):
        with django_assert_num_queries(count):
            page = client.get(reverse(name, args=[workshop.code])).content.decode()
            assert "Trigger 299" in page or name == "present"


@pytest.mark.django_db(transaction=True)
async def test_a_gap_filled_in_the_asset_audit_clears_the_warning_on_every_screen(
    workshop, bob, carol
):
    def prepare():
        asset = Asset.objects.create(workshop=workshop, category="metadata",
                                     name="Product tags", status="missing")
        draft(workshop, data_needed=["Product tags"])
        open_board(workshop, Activity.Kind.RECIPES)
        return asset

    asset = await database_sync_to_async(prepare)()
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(barrier_services.asset_set_status)(asset=asset, status="have")
    for name, socket in sockets.items():
        frame = "".join(await drain(socket))
        assert "show_onboarding_carousel" in frame, name
        assert 'data-rule="data-gap"' not in frame, name
        if name == "projector":  # what is left: it serves no goal
            assert '<span class="lint-count">1 warning</span>' in frame
    await database_sync_to_async(barrier_services.asset_set_status)(asset=asset, status="partial")
    for name, socket in sockets.items():
        frame = "".join(await drain(socket))
        if name == "projector":
            assert '<span class="lint-count">2 warnings</span>' in frame
        else:
            assert 'data-rule="data-gap"' in frame and "only partly there" in frame
    await leave(sockets)


@pytest.mark.django_db(transaction=True)
async def test_a_goal_reworded_or_removed_shows_on_the_recipe_cards_that_serve_it(
    workshop, bob, carol
):
    def prepare():
        goal = Goal.objects.create(workshop=workshop, text="Fewer repeat calls",
                                   department="support", success_metric="Repeat contacts")
        draft(workshop, goal=goal.pk)
        open_board(workshop, Activity.Kind.RECIPES)
        return goal

    goal = await database_sync_to_async(prepare)()
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(goal_services.goal_update)(
        goal=goal, version=goal.version, text="Fewer customers call twice",
        department="support", success_metric="Repeat contacts within 7 days")
    for name, socket in sockets.items():
        frame = "".join(await drain(socket))
        if name != "projector":  # the projector lists recipes short, without their goal
            assert 'id="recipe-' in frame and "Fewer customers call twice" in frame, name
            assert 'data-rule="no-goal"' not in frame, name
    await database_sync_to_async(goal_services.goal_delete)(goal=goal)
    for name, socket in sockets.items():
        frame = "".join(await drain(socket))
        if name != "projector":
            assert 'data-rule="no-goal"' in frame, name
    await leave(sockets)
