"""The projector hears every change, whatever panel its board shows: dot-vote results, a
silent round's revealed placements, the chosen recipes. A push is an out-of-band swap,
so it changes the projector only if the element it targets is on the projector's page:
these tests read the present view as it is drawn, then check that what each change
pushes to the projector's socket lands on it."""

import re
from html.parser import HTMLParser

import pytest
from channels.db import database_sync_to_async

from barriers import services as barrier_services
from experiences import services as experience_services
from goals import services as goal_services
from goals.models import Goal
from recipes import services as recipe_services
from recipes.models import Recipe
from recipes.schema import RecipeSpec
from tests.barriers.conftest import BARRIER
from tests.conftest import open_board
from tests.goals.examples import GOAL
from tests.recipes.test_schema import EXAMPLE
from tests.sockets import connect, drain, facilitator_client, fresh_channel_layer  # noqa: F401
from workshop import boards
from workshop import services as workshop_services
from workshop.models import Activity, DotVote

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Activity.Kind
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class _Swaps(HTMLParser):
    """A frame's top-level elements, each with the id of the element it swaps into (the
    htmx websocket extension swaps each one out of band: by its own id, or into the
    selector its hx-swap-oob names) and its whole markup."""

    def __init__(self, frame: str):
        super().__init__(convert_charrefs=True)
        self.frame = frame
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", frame)]
        self.depth = 0
        self.swaps: list[tuple[str, str]] = []
        self.feed(frame)
        self.close()

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            attributes = dict(attrs)
            how = attributes.get("hx-swap-oob") or "true"
            target = how.split(":", 1)[1] if ":" in how else "#" + (attributes.get("id") or "")
            self.top = (target.removeprefix("#"), self.position())
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.handle_starttag(tag, attrs)
            self.depth -= tag not in VOID
            self.swaps.append((self.top[0], self.frame[self.top[1]:self.position()]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.frame.index(">", self.position()) + 1
            self.swaps.append((self.top[0], self.frame[self.top[1]:end]))


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


class Projector:
    """The present view as the facilitator's projector has it: its page, then what its
    socket receives, kept only where it lands."""

    def __init__(self, workshop):
        self.workshop = workshop

    async def open(self):
        client = await database_sync_to_async(facilitator_client)(self.workshop)
        response = await database_sync_to_async(client.get)(f"/w/{self.workshop.code}/present/")
        assert response.status_code == 200
        self.page = response.content.decode()
        self.on_screen = ids_in(self.page)
        self.socket, connected = await connect(self.workshop.code, client, "present/")
        assert connected
        await drain(self.socket)
        return self

    async def after(self, change, *args, **kwargs) -> str:
        """Make a change; what it pushed that lands on the projector's page, as markup."""
        await database_sync_to_async(change)(*args, **kwargs)
        landed = []
        for frame in await drain(self.socket):
            for target, markup in _Swaps(frame).swaps:
                if target in self.on_screen:
                    landed.append(markup)
                    self.on_screen |= ids_in(markup)
        return "\n".join(landed)

    async def close(self):
        await self.socket.disconnect()


def _vote(activity, *, reveal: bool) -> None:
    workshop_services.vote_open(activity=activity, budget=3, one_per_item=False)
    if reveal:
        workshop_services.vote_reveal(activity=activity)


def _silent_round_revealed(workshop, activity, person) -> None:
    goal = Goal.objects.filter(workshop=workshop).first()
    silent = goal_services.round_start(workshop=workshop)
    goal_services.placement_move(silent=silent, goal=goal, participant=person, x=0.5, y=0.5)
    goal_services.round_reveal(silent=silent)


def _goals_with_a_panel(workshop, panel: str, person) -> Activity:
    activity = open_board(workshop, Kind.GOALS)
    goal_services.goal_create(
        workshop=workshop, activity=activity, author=None,
        **{**GOAL, "text": "Advisers see a customer's last three contacts"},
    )
    if panel == "dot vote open":
        _vote(activity, reveal=False)
    elif panel == "dot vote revealed":
        _vote(activity, reveal=True)
    elif panel == "silent round revealed":
        _silent_round_revealed(workshop, activity, person)
    return activity


# What each panel says on the projector, to know it is there.
GOALS_PANELS = {
    "no panel": "Not placed yet",
    "dot vote open": "Counts stay hidden until the reveal",
    "dot vote revealed": "Dot vote results",
    "silent round revealed": "Where the room disagrees most",
}


@pytest.mark.parametrize("panel", GOALS_PANELS)
async def test_a_goal_added_and_placed_appears_on_the_projector_whatever_panel_shows(
    workshop, bob, carol, panel
):
    activity = await database_sync_to_async(_goals_with_a_panel)(workshop, panel, carol)
    projector = await Projector(workshop).open()
    assert GOALS_PANELS[panel] in projector.page

    added = await projector.after(
        goal_services.goal_create, workshop=workshop, activity=activity, author=bob, **GOAL
    )
    goal = await Goal.objects.aget(text=GOAL["text"])
    assert f'id="goal-{goal.pk}"' in added and GOAL["text"] in added

    # Dragged onto the grid: the projector follows every kept move, and the drop.
    dragged = await projector.after(goal_services.goal_move, goal=goal, x=0.2, y=0.1, final=False)
    assert 'data-x="0.200"' in dragged
    dropped = await projector.after(goal_services.goal_move, goal=goal, x=-0.5, y=0.75, final=True)
    assert f'id="goal-{goal.pk}"' in dropped and 'data-x="-0.500"' in dropped
    await projector.close()


# --- Every other board, with the panel it shows on the projector ---------------------


def _seeded(workshop, people, kind: str, vote: str | None = None) -> Activity:
    """The demo's boards, the room on the board of `kind`; with a dot vote on it open
    or revealed if the demo has none."""
    boards.seed_all(workshop=workshop, people=people)
    activity = open_board(workshop, kind)
    if vote and not DotVote.objects.filter(activity=activity).exists():
        _vote(activity, reveal=vote == "revealed")
    return activity


def _recipe(workshop, **changes) -> Recipe:
    return recipe_services.recipe_create(
        workshop=workshop, author=None, spec=RecipeSpec.model_validate({**EXAMPLE, **changes})
    )


def _add_experience(workshop, activity):
    experience_services.experience_create(
        workshop=workshop, activity=activity, author=None, title="A card to see",
        company="Acme", description="Worth a look.",
    )


def _add_barrier(workshop, activity):
    barrier_services.barrier_create(
        workshop=workshop, activity=activity, author=None,
        **{**BARRIER, "description": "A barrier to see"},
    )


def _add_persofail(workshop, activity):
    recipe_services.persofail_create(
        workshop=workshop, author=None, text="A persofail to see", hurt="Everyone.",
        kind="creepy",
    )


def _add_recipe(workshop, activity):
    _recipe(workshop, action="a_recipe_to_see", launch="2027-Q2")


def _choose_a_recipe(workshop, activity):
    # The demo chose the most the method allows: one makes way.
    chosen = Recipe.objects.filter(workshop=workshop, selected_at__isnull=False).first()
    recipe_services.recipe_set_aside(recipe=chosen)
    recipe = _recipe(workshop, action="a_recipe_to_see")
    recipe_services.recipe_choose(recipe=recipe, why="It pays first.")


@pytest.mark.parametrize(("kind", "vote", "panel", "change", "shown"), [
    (Kind.EXPERIENCES, "open", "Counts stay hidden", _add_experience, "A card to see"),
    (Kind.EXPERIENCES, "revealed", "dot-total", _add_experience, "A card to see"),
    (Kind.BARRIERS, "revealed", "Dot vote results", _add_barrier, "A barrier to see"),
    (Kind.PERSOFAILS, "revealed", "Dot vote results", _add_persofail, "A persofail to see"),
    (Kind.RECIPES, None, "", _add_recipe, "a_recipe_to_see"),
    (Kind.PRIORITISE, "revealed", "To do first", _add_recipe, "A_recipe_to_see"),
    (Kind.ROADMAP, None, "", _choose_a_recipe, "a_recipe_to_see"),
])
async def test_every_boards_projector_shows_a_change_made_while_its_panel_shows(
    workshop, bob, carol, kind, vote, panel, change, shown
):
    activity = await database_sync_to_async(_seeded)(workshop, [bob, carol], kind, vote)
    projector = await Projector(workshop).open()
    assert panel in projector.page

    assert shown in await projector.after(change, workshop, activity)
    await projector.close()


async def test_a_recipe_moved_on_the_prioritise_grid_moves_on_the_projector_beside_the_results(
    workshop, bob, carol
):
    await database_sync_to_async(_seeded)(workshop, [bob, carol], Kind.PRIORITISE, "revealed")
    recipe = await Recipe.objects.filter(workshop=workshop, selected_at=None).afirst()
    projector = await Projector(workshop).open()

    moved = await projector.after(recipe_services.recipe_move, recipe=recipe, x=0.9, y=-0.9,
                                  final=True)

    assert f'id="priority-{recipe.pk}"' in moved
    assert 'data-x="0.900"' in moved
    await projector.close()
