"""The goals board over the socket: every screen sees a goal arrive and move."""

import pytest
from channels.db import database_sync_to_async

from goals import services
from tests.conftest import open_board
from tests.goals.examples import GOAL
from tests.sockets import drain, fresh_channel_layer, leave, messages_until, room_of  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_new_goal_lands_in_every_trays_and_a_move_reaches_every_screen(workshop, bob):
    activity = await database_sync_to_async(open_board)(workshop, "goals")
    sockets = await room_of(workshop, bob)
    goal = await database_sync_to_async(services.goal_create)(
        workshop=workshop, activity=activity, author=bob, **GOAL
    )
    for screen in ("Bob", "facilitator", "projector"):
        frame = await messages_until(sockets[screen], f'id="goal-{goal.pk}"')
        assert 'hx-swap-oob="beforeend:#goal-tray"' in frame and GOAL["text"] in frame

    await database_sync_to_async(services.goal_move)(goal=goal, x=-0.5, y=0.75, final=True)
    for screen in ("Bob", "facilitator", "projector"):
        frame = await messages_until(sockets[screen], f'id="goal-{goal.pk}"')
        assert 'data-x="-0.500"' in frame and 'data-y="0.750"' in frame
        assert 'data-moves="1"' in frame
        assert "Strongly front-stage, strongly business efficiency" in frame
    await leave(sockets)


async def test_likely_duplicates_reach_the_facilitator_alone(workshop, bob):
    activity = await database_sync_to_async(open_board)(workshop, "goals")
    sockets = await room_of(workshop, bob)
    for text in ("Fewer customers call twice", "fewer customers calling twice"):
        await database_sync_to_async(services.goal_create)(
            workshop=workshop, activity=activity, author=bob, **{**GOAL, "text": text}
        )
    frames = {screen: "".join(await drain(socket)) for screen, socket in sockets.items()}
    listed = frames["facilitator"][frames["facilitator"].rindex('id="goal-duplicates"'):]
    assert "Likely duplicates" in listed and "fewer customers calling twice" in listed
    for screen in ("Bob", "projector"):
        assert 'id="goal-duplicates"' not in frames[screen]
    await leave(sockets)
