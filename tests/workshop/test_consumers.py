"""The room's websocket: who may connect, and who receives what."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from experiences import services as experience_services
from tests.conftest import participant_client
from tests.sockets import (  # noqa: F401 - fresh_channel_layer is an autouse fixture
    connect,
    drain,
    fresh_channel_layer,
    leave,
    messages_until,
    room_of,
)
from workshop import consumers, relay, services
from workshop.models import Activity

pytestmark = pytest.mark.django_db(transaction=True)

CARD = {"title": "Buy it again", "company": "Amazon", "description": "Saves effort."}


async def test_a_stranger_is_refused(workshop):
    communicator, connected = await connect(workshop.code)
    assert not connected
    await communicator.disconnect()


async def test_an_unknown_workshop_is_refused(bob):
    communicator, connected = await connect("ZZZZZZ", participant_client(bob))
    assert not connected
    await communicator.disconnect()


async def test_a_participant_of_another_workshop_is_refused(workshop, dave):
    communicator, connected = await connect(workshop.code, participant_client(dave))
    assert not connected
    await communicator.disconnect()


async def test_a_removed_participant_is_refused(workshop, bob):
    client = participant_client(bob)
    await database_sync_to_async(services.participant_remove)(participant=bob)
    communicator, connected = await connect(workshop.code, client)
    assert not connected
    await communicator.disconnect()


async def test_only_the_facilitator_opens_the_projectors_socket(workshop, bob):
    communicator, connected = await connect(workshop.code, participant_client(bob), "present/")
    assert not connected
    await communicator.disconnect()


async def test_removing_a_participant_closes_their_socket(workshop, bob):
    communicator, connected = await connect(workshop.code, participant_client(bob))
    assert connected
    await drain(communicator)
    await database_sync_to_async(services.participant_remove)(participant=bob)
    notice = await messages_until(communicator, "You have left the room")
    assert 'id="room-body"' in notice
    closed = await communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_REFUSED}
    await communicator.disconnect()


async def test_a_new_card_reaches_every_screen_in_the_workshop(
    workshop, experiences_activity, bob, carol
):
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(experience_services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob, **CARD
    )
    for communicator in sockets.values():
        message = await messages_until(communicator, "Buy it again")
        assert 'hx-swap-oob="afterbegin:#experience-list"' in message
    await leave(sockets)


async def test_hidden_cards_reach_only_their_author_and_the_facilitator_never_the_projector(
    workshop, experiences_activity, bob, carol
):
    await database_sync_to_async(services.activity_set_hiding)(
        activity=experiences_activity, hide=True
    )
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(experience_services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob,
        **{**CARD, "title": "Secret idea"},
    )
    assert "Hidden until reveal" in await messages_until(sockets["Bob"], "Secret idea")
    assert "Secret idea" in await messages_until(sockets["facilitator"], "Secret idea")
    for screen in ("Carol", "projector"):
        received = await drain(sockets[screen])
        assert not any("Secret idea" in message for message in received), screen
        # What they do learn: that one card waits for the reveal.
        assert any("<strong>1</strong> card waiting for the reveal" in m for m in received), screen
    await leave(sockets)


async def test_a_rating_pushes_the_new_average_but_no_ones_own_score(
    workshop, experiences_activity, bob, carol
):
    card = await database_sync_to_async(experience_services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob, **CARD
    )
    sockets = await room_of(workshop, bob)
    await database_sync_to_async(experience_services.experience_rate)(
        experience=card, participant=carol, value=4
    )
    message = await messages_until(sockets["Bob"], f'id="experience-{card.pk}-stats"')
    assert '<span class="stat-number">4.0</span>' in message
    assert "checked" not in message
    await leave(sockets)


async def test_coming_online_is_pushed_once_however_many_tabs(workshop, bob):
    sockets = await room_of(workshop)
    first_tab, _ = await connect(workshop.code, participant_client(bob))
    message = await messages_until(sockets["facilitator"], 'id="people-summary"')
    assert "1 online" in message and "Bob" in message
    second_tab, _ = await connect(workshop.code, participant_client(bob))
    assert await drain(sockets["facilitator"]) == []
    await second_tab.disconnect()
    assert await drain(sockets["facilitator"]) == []
    await first_tab.disconnect()
    message = await messages_until(sockets["facilitator"], 'id="people-summary"')
    assert "0 online" in message
    await leave(sockets)


async def test_a_crowd_joining_at_once_is_pushed_as_a_few_small_frames(
    workshop, experiences_activity
):
    sockets = await room_of(workshop)
    crowd = [
        await database_sync_to_async(services.participant_join)(
            workshop=workshop, name=f"Person {i}", role="data"
        )
        for i in range(30)
    ]
    tabs = [(await connect(workshop.code, participant_client(person)))[0] for person in crowd]
    frames = await drain(sockets["facilitator"], quiet=1.0)
    assert 1 <= len(frames) <= 6, len(frames)
    assert all(len(frame.encode()) < 1024 for frame in frames)
    assert "30 online" in frames[-1]
    for tab in tabs:
        await tab.disconnect()
    await leave(sockets)


async def test_moving_the_room_pushes_the_new_stage_to_each_audience(workshop, bob):
    sockets = await room_of(workshop, bob)
    goals = await database_sync_to_async(
        lambda: Activity.objects.get(session__workshop=workshop, kind="goals")
    )()
    await database_sync_to_async(services.activity_open)(workshop=workshop, activity=goals)
    participant = await messages_until(sockets["Bob"], 'id="stage"')
    facilitator = await messages_until(sockets["facilitator"], 'id="stage"')
    projector = await messages_until(sockets["projector"], 'id="stage"')
    for stage in (participant, facilitator, projector):
        assert "Goals grid" in stage
    assert "Facilitator controls" in facilitator and 'id="agenda"' in facilitator
    assert "Facilitator controls" not in participant and 'id="ready-button"' in participant
    assert "Facilitator controls" not in projector and 'id="present-now"' in projector
    await leave(sockets)


async def test_after_a_shared_push_each_participant_gets_their_own_share_alone(
    workshop, experiences_activity, bob, carol
):
    card = await database_sync_to_async(experience_services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=carol, **CARD
    )
    await database_sync_to_async(experience_services.experience_rate)(
        experience=card, participant=bob, value=4
    )
    await database_sync_to_async(services.activity_set_hiding)(
        activity=experiences_activity, hide=True
    )
    await database_sync_to_async(experience_services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob,
        **{**CARD, "title": "Bob's secret"},
    )
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(services.activity_set_locked)(
        activity=experiences_activity, locked=True
    )
    bobs = await drain(sockets["Bob"])
    carols = await drain(sockets["Carol"])
    bobs_share = next(frame for frame in bobs if "Bob&#x27;s secret" in frame and 'id="stage"' not in frame)
    assert f'id="experience-{card.pk}-rating" hx-swap-oob="true"' in bobs_share
    assert 'value="4" checked' in bobs_share
    assert not any("Bob&#x27;s secret" in frame for frame in carols)
    assert not any("checked" in frame for frame in carols)
    assert not any("Bob&#x27;s secret" in frame for frame in await drain(sockets["projector"]))
    await leave(sockets)


async def test_a_page_drawn_before_a_push_learns_on_connecting_that_it_missed_it(
    workshop, experiences_activity, bob, carol
):
    sockets = await room_of(workshop, bob, projector=False)
    drawn_at = relay.now_ms()  # Carol's page is drawn now; her socket comes a moment later
    await asyncio.sleep(0.01)
    await database_sync_to_async(experience_services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob, **CARD
    )
    await messages_until(sockets["Bob"], "Buy it again")
    carols, _ = await connect(workshop.code, participant_client(carol))
    note = await messages_until(carols, 'id="room-sync"')
    last_push = int(note.split('data-last-push="')[1].split('"')[0])
    heard_since = int(note.split('data-heard-since="')[1].split('"')[0])
    assert heard_since < drawn_at < last_push
    await carols.disconnect()
    await leave(sockets)


async def test_the_socket_carries_no_writes_and_answers_a_ping(workshop, bob):
    sockets = await room_of(workshop, bob, projector=False)
    await sockets["Bob"].send_to(text_data='{"title": "Injected"}')
    assert await sockets["Bob"].receive_nothing(timeout=0.3)
    count = await database_sync_to_async(workshop.experiences.count)()
    assert count == 0
    await sockets["Bob"].send_to(text_data="ping")
    assert await sockets["Bob"].receive_from(timeout=2) == "pong"
    await leave(sockets)


async def test_a_screen_that_stops_reading_is_closed_not_buffered(workshop, bob, monkeypatch):
    stuck = asyncio.Event()

    async def never_sends(self, text_data=None, bytes_data=None, close=False):
        await stuck.wait()  # what a socket whose reader went away looks like from here

    monkeypatch.setattr(consumers.RoomConsumer, "send", never_sends)
    communicator, connected = await connect(workshop.code, participant_client(bob))
    assert connected
    group = relay.for_this_process().sockets
    socket = next(iter(group[f"participant.{bob.pk}"]))
    for number in range(consumers.OUTBOX_LIMIT + 1):
        socket.deliver(f"<p>frame {number}</p>")
    closed = await communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_TOO_SLOW}
    assert len(socket.outbox) == 0
    await communicator.disconnect()
