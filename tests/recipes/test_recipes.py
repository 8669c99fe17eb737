"""The recipe builder and its recipes: the spec checks every recipe, each error beside
its field; only the workshop's own guardrails, goals and barriers may be cited; edits
are version-checked; every screen sees a recipe arrive."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from barriers.models import Barrier
from goals.models import Goal
from recipes import services
from recipes.models import Guardrail, Recipe
from recipes.schema import RecipeSpec
from tests.conftest import open_board
from tests.recipes.test_schema import EXAMPLE
from tests.sockets import drain, fresh_channel_layer, leave, room_of  # noqa: F401
from workshop.models import Activity

HX = {"HX-Request": "true"}


@pytest.fixture
def board(workshop):
    return open_board(workshop, Activity.Kind.RECIPES)


@pytest.fixture
def links(workshop):
    return {
        "guardrail": Guardrail.objects.create(workshop=workshop, text="At most one nudge a week"),
        "goal": Goal.objects.create(workshop=workshop, text="Fewer repeat calls",
                                    department="support", success_metric="Repeat contacts"),
        "barrier": Barrier.objects.create(workshop=workshop, category="data", severity="high",
                                          description="No consent record"),
    }


def add(client, workshop, **data):
    return client.post(reverse("recipe_list", args=[workshop.code]), {**EXAMPLE, **data},
                       headers=HX)


def test_a_recipe_from_the_builder_is_saved_as_the_spec_reads_it(
    bob_client, carol_client, workshop, board, links
):
    response = add(bob_client, workshop, trigger="  a parcel is delivered ", launch="2027-q2",
                   data_needed="product tags, purchase history", goal=links["goal"].pk,
                   guardrails=[links["guardrail"].pk], blocked_by=[links["barrier"].pk])
    assert response.status_code == 200
    recipe = Recipe.objects.get()
    assert (recipe.trigger, recipe.launch) == ("a parcel is delivered", "2027-Q2")
    assert recipe.data_needed == ["product tags", "purchase history"]
    assert recipe.goal == links["goal"] and list(recipe.guardrails.all()) == [links["guardrail"]]
    carols = carol_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert "<b>When</b> a parcel is delivered" in carols and "No consent record" in carols


@pytest.mark.parametrize("data, field, words", [
    ({"launch": "2027-Q9"}, "launch", "A launch is a quarter, like 2027-Q1."),
    ({"touchpoint": "billboard"}, "touchpoint", "A touchpoint is one of: email, app"),
    ({"action": ""}, "action", "This field is required"),
    ({"content": "x" * 301}, "content", "at most 300 characters"),
    ({"data_needed": ", ".join(["tags"] * 13)}, "data_needed", "at most 12 items"),
])
def test_the_builder_shows_each_error_beside_its_field_and_saves_nothing(
    bob_client, workshop, board, data, field, words
):
    response = add(bob_client, workshop, **data)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="recipe-{field}_error"' in html and words in html
    assert not Recipe.objects.exists()


def test_another_workshops_guardrails_goals_and_barriers_cannot_be_cited(
    bob_client, workshop, other_workshop, board
):
    theirs = Guardrail.objects.create(workshop=other_workshop, text="Theirs")
    goal = Goal.objects.create(workshop=other_workshop, text="Theirs", department="data",
                               success_metric="x")
    response = add(bob_client, workshop, guardrails=[theirs.pk], goal=goal.pk)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="recipe-guardrails_error"' in html and 'id="recipe-goal_error"' in html
    assert not Recipe.objects.exists()


def test_the_author_edits_a_recipe_and_a_stale_save_is_refused(
    bob_client, carol_client, alice_client, bob, workshop, board
):
    recipe = services.recipe_create(workshop=workshop, author=bob,
                                    spec=RecipeSpec.model_validate(EXAMPLE))
    edit = reverse("recipe_edit", args=[workshop.code, recipe.pk])
    assert carol_client.get(edit).status_code == 403
    assert alice_client.get(edit).status_code == 403  # not hers: she removes, never rewrites
    assert 'value="user_opened_app"' in bob_client.get(edit).content.decode()
    fresh = bob_client.post(edit, {**EXAMPLE, "action": "show a short tour", "version": 1},
                            headers=HX)
    assert fresh.status_code == 200
    stale = bob_client.post(edit, {**EXAMPLE, "action": "show nothing", "version": 1},
                            headers=HX)
    assert stale.status_code == 409 and "show a short tour" in stale.content.decode()
    assert Recipe.objects.get().action == "show a short tour"
    delete = reverse("recipe_delete", args=[workshop.code, recipe.pk])
    assert carol_client.post(delete, headers=HX).status_code == 403
    assert alice_client.post(delete, headers=HX).status_code == 200
    assert not Recipe.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_a_recipe_reaches_every_screen_without_the_builder(workshop, bob, carol):
    await database_sync_to_async(open_board)(workshop, "recipes")
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(services.recipe_create)(
        workshop=workshop, author=carol, spec=RecipeSpec.model_validate(EXAMPLE)
    )
    for socket in sockets.values():
        frame = "".join(await drain(socket))
        assert "user_opened_app" in frame and 'id="recipe-builder"' not in frame
    await leave(sockets)
