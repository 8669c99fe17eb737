"""Dot votes over the socket: a voter's dots reach their own screens alone; the room
sees the counts only once the facilitator reveals them."""

import pytest
from channels.db import database_sync_to_async

from goals import services as goal_services
from tests.conftest import open_board
from tests.goals.examples import GOAL
from tests.sockets import drain, fresh_channel_layer, leave, messages_until, room_of  # noqa: F401
from workshop import services

pytestmark = pytest.mark.django_db(transaction=True)


def goals_with_a_vote(workshop, bob):
    activity = open_board(workshop, "goals")
    goal = goal_services.goal_create(workshop=workshop, activity=activity, author=bob, **GOAL)
    services.vote_open(activity=activity, budget=3, one_per_item=False)
    return activity, goal


async def test_a_dot_reaches_its_voter_alone_and_the_facilitator_hears_only_how_many(
    workshop, bob, carol
):
    activity, goal = await database_sync_to_async(goals_with_a_vote)(workshop, bob)
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(services.dot_give)(
        activity=activity, participant=bob, item_id=goal.pk, items={goal.pk: goal.text}
    )
    frames = {screen: "".join(await drain(socket)) for screen, socket in sockets.items()}
    assert f'data-mine="{goal.pk}:1"' in frames["Bob"]
    assert '<strong class="dots-left">2</strong>' in frames["Bob"]
    assert frames["Carol"] == "" and frames["projector"] == ""
    assert "1</strong> of 2 people have voted · 1 dot given" in frames["facilitator"]
    assert "data-mine" not in frames["facilitator"]
    await leave(sockets)


async def test_a_stage_pushed_during_a_vote_is_followed_by_each_voters_own_dots(
    workshop, bob, carol
):
    activity, goal = await database_sync_to_async(goals_with_a_vote)(workshop, bob)
    await database_sync_to_async(services.dot_give)(
        activity=activity, participant=bob, item_id=goal.pk, items={goal.pk: goal.text}
    )
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(services.activity_set_locked)(activity=activity, locked=True)
    frames = {screen: "".join(await drain(socket)) for screen, socket in sockets.items()}
    # The shared stage shows a full budget; Bob's own meter comes after it, to him alone.
    assert frames["Bob"].rindex(f'data-mine="{goal.pk}:1"') > frames["Bob"].index('id="stage"')
    for screen in ("Carol", "facilitator", "projector"):
        assert f'data-mine="{goal.pk}:1"' not in frames[screen]
        assert 'class="dot-total' not in frames[screen]
    await leave(sockets)


async def test_the_reveal_shows_every_screen_the_counts(workshop, bob, carol):
    activity, goal = await database_sync_to_async(goals_with_a_vote)(workshop, bob)
    for _ in range(2):
        await database_sync_to_async(services.dot_give)(
            activity=activity, participant=bob, item_id=goal.pk, items={goal.pk: goal.text}
        )
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(services.vote_reveal)(activity=activity)
    for screen in ("Bob", "Carol", "facilitator", "projector"):
        frame = await messages_until(sockets[screen], 'id="stage"')
        assert '<span class="result-dots">2 dots</span>' in frame
    await leave(sockets)
