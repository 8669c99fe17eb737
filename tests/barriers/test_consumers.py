"""The barriers board over the socket: every screen sees a barrier logged; on an
anonymous board its author's name is in no frame but their own."""

import pytest
from channels.db import database_sync_to_async

from barriers import services
from tests.barriers.conftest import BARRIER, article
from tests.conftest import open_board
from tests.sockets import drain, fresh_channel_layer, leave, room_of  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def anonymous_board(workshop):
    activity = open_board(workshop, "barriers")
    activity.anonymous = True
    activity.save()
    return activity


async def test_an_anonymous_barrier_reaches_everyone_without_its_authors_name(
    workshop, bob, carol
):
    activity = await database_sync_to_async(anonymous_board)(workshop)
    sockets = await room_of(workshop, bob, carol)
    barrier = await database_sync_to_async(services.barrier_create)(
        workshop=workshop, activity=activity, author=bob, **BARRIER
    )
    frames = {screen: "".join(await drain(socket)) for screen, socket in sockets.items()}
    for screen in ("Carol", "facilitator"):
        drawn = article(frames[screen], barrier)
        assert "Bob" not in drawn and 'data-author="anonymous"' in drawn
        assert f'data-author="{bob.pk}"' not in frames[screen]
    assert BARRIER["description"] in frames["projector"] and "Bob" not in frames["projector"]
    assert "Anonymous · Engineering" in frames["Carol"]
    # Bob's own copy, with his controls, comes to him alone after the shared board.
    own = frames["Bob"].rindex(f'id="barrier-{barrier.pk}" data-author="{bob.pk}"')
    assert own > frames["Bob"].index('id="barrier-items"')
    # The forms are not pushed: what someone is typing stays, and no frame lists the room.
    assert 'id="barrier-form"' not in frames["Carol"]
    assert "You (anonymous to the others)" in frames["Bob"]
    await leave(sockets)


async def test_a_named_barrier_and_its_owner_reach_every_screen(workshop, bob, carol):
    activity = await database_sync_to_async(open_board)(workshop, "barriers")
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(services.barrier_create)(
        workshop=workshop, activity=activity, author=bob, owner=carol,
        next_step="Agree copy blocks", **BARRIER,
    )
    for screen, socket in sockets.items():
        frame = "".join(await drain(socket))
        assert BARRIER["description"] in frame
        assert "Needs a commitment" in frame  # a next step, but no date
        if screen != "projector":  # the projector lists what is unfinished, by whom not
            assert f'data-owner="p{carol.pk}"' in frame and "Bob · Engineering" in frame
    await leave(sockets)
