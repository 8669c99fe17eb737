"""Who is online heals by itself: a lease per person and server process that runs out
when the process dies, sockets that stop answering closed, a cap on the sockets one
person may hold, and a process that lost its channel layer's groups joining them again
and telling its screens to catch up (the embedded setup; tests/workshop/test_faults.py
does the same with real processes on PostgreSQL and Redis)."""

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.test import Client

from experiences import services as experience_services
from tests.conftest import participant_client
from tests.sockets import (  # noqa: F401 - fresh_channel_layer is an autouse fixture
    connect,
    drain,
    facilitator_client,
    fresh_channel_layer,
    leave,
    messages_until,
    room_of,
)
from workshop import consumers, relay, selectors, services
from workshop.models import PresenceLease

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_lease(settings):
    """A lease of a second: a socket is pinged after half a second of silence and closed
    after one; leases are renewed every third of a second."""
    settings.PRESENCE_LEASE = 1.0


async def online(workshop) -> int:
    return (await database_sync_to_async(selectors.presence)(workshop)).online


class NeverArrived(AssertionError):
    pass


async def answering_until(communicator, text: str, within: float = 5.0) -> str:
    """Read a socket as a page does, answering the server's pings, until a frame says
    `text`."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        # (A receive that times out would stop the consumer: look before reading.)
        if await communicator.receive_nothing(timeout=0.05):
            continue
        message = await communicator.receive_from()
        if message == consumers.PING:
            await communicator.send_to(text_data=consumers.PONG)
        elif text in message:
            return message
    raise NeverArrived(f"{text!r} never arrived")


async def answering_for(communicator, seconds: float) -> None:
    """Answer the server's pings for a while; a socket closed meanwhile fails the test."""
    try:
        await answering_until(communicator, "never sent", within=seconds)
    except NeverArrived:
        pass


async def test_a_socket_that_stops_answering_is_closed_and_its_person_shows_as_away(
    workshop, bob, short_lease
):
    silent, _ = await connect(workshop.code, participant_client(bob))
    assert await online(workshop) == 1
    asked = await messages_until(silent, consumers.PING)  # are you still there?
    assert asked == consumers.PING
    closed = await silent.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_TOO_SLOW}
    # Away at once, before the server ever hears the close from a peer that is gone.
    for _ in range(20):
        if await online(workshop) == 0:
            break
        await asyncio.sleep(0.05)
    assert await online(workshop) == 0
    await silent.disconnect()


async def test_a_socket_that_answers_the_servers_pings_stays_in_the_room(
    workshop, bob, short_lease
):
    tab, _ = await connect(workshop.code, participant_client(bob))
    await answering_for(tab, 3.0)  # three leases long, never closed
    assert await online(workshop) == 1
    await tab.disconnect()
    assert await online(workshop) == 0


async def test_the_people_a_dead_process_held_show_as_away_once_its_lease_runs_out(
    workshop, bob, short_lease
):
    alice = await database_sync_to_async(facilitator_client)(workshop)
    room, _ = await connect(workshop.code, alice)
    # Another process takes Bob's socket, then dies without a word: nobody renews its lease.
    await database_sync_to_async(services.participant_connected)(
        participant=bob, holder="a process that died", sockets=1
    )
    await answering_until(room, "1 online")
    started = time.monotonic()
    await answering_until(room, "0 online", within=3)
    assert time.monotonic() - started <= 1.0 + 0.5  # its lease, and a sweep
    assert not await database_sync_to_async(
        PresenceLease.objects.filter(holder="a process that died").exists
    )()
    await room.disconnect()


async def test_the_embedded_process_starting_lets_go_of_whom_an_earlier_run_held(workshop, bob):
    await database_sync_to_async(services.participant_connected)(
        participant=bob, holder="the run before a restart, or another process", sockets=2
    )
    assert await online(workshop) == 1
    alice = await database_sync_to_async(facilitator_client)(workshop)
    room, _ = await connect(workshop.code, alice)
    if relay.for_this_process().in_memory:
        # The embedded setup is one process: an earlier run's people are gone before its
        # first socket is accepted, and a page that reconnects shows nobody from before.
        assert await online(workshop) == 0
    else:
        # Several processes share the database: the others' people stay theirs.
        assert await online(workshop) == 1
    await room.disconnect()


async def test_one_person_holds_a_few_sockets_at_most(workshop, bob, settings):
    settings.SOCKETS_PER_PARTICIPANT = 2
    tabs = [(await connect(workshop.code, participant_client(bob)))[0] for _ in range(2)]
    one_too_many, accepted = await connect(workshop.code, participant_client(bob))
    assert accepted  # so that the page learns why it closes, and says so
    closed = await one_too_many.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": consumers.CLOSE_TOO_MANY}
    await one_too_many.disconnect()
    lease = await database_sync_to_async(PresenceLease.objects.get)(participant=bob)
    assert lease.sockets == 2
    await tabs[0].disconnect()
    another, _ = await connect(workshop.code, participant_client(bob))
    assert 'id="room-sync"' in await another.receive_from()  # in the room, not closed
    assert (await database_sync_to_async(PresenceLease.objects.get)(participant=bob)).sockets == 2
    for tab in (another, tabs[1]):
        await tab.disconnect()
    assert not await database_sync_to_async(PresenceLease.objects.exists)()


def health() -> tuple[int, dict]:
    response = Client().get("/healthz")
    return response.status_code, response.json()


async def forget_groups() -> int:
    """What a Redis restarted empty does to this process: the layer forgets that it
    belongs to its groups. When that happened (milliseconds, as pages are stamped)."""
    process = relay.for_this_process()
    for group in [process.check_group, *process.sockets]:
        await get_channel_layer().group_discard(group, process.channel)
    return relay.now_ms()


async def heard_since(communicator) -> int:
    note = await messages_until(communicator, 'id="room-sync"')
    return int(note.split('data-heard-since="')[1].split('"')[0])


async def a_card_reaches_every_screen(workshop, activity, author, sockets, title) -> None:
    await database_sync_to_async(experience_services.experience_create)(
        workshop=workshop, activity=activity, author=author,
        title=title, company="Spotify", description="After the layer came back.",
    )
    for communicator in sockets.values():
        await messages_until(communicator, title)


async def test_a_process_that_lost_its_groups_joins_them_again_and_its_screens_catch_up(
    workshop, experiences_activity, bob, monkeypatch
):
    monkeypatch.setattr(relay, "CHECK_EVERY", 0.2)
    monkeypatch.setattr(relay, "ANSWER_WITHIN", 0.3)
    sockets = await room_of(workshop, bob)
    lost_at = await forget_groups()
    for communicator in sockets.values():
        assert await heard_since(communicator) >= lost_at  # so the page fetches its room
    await a_card_reaches_every_screen(workshop, experiences_activity, bob, sockets, "Heard again")
    await leave(sockets)


async def test_the_health_check_is_not_ok_while_the_process_has_lost_its_groups(
    workshop, experiences_activity, bob, monkeypatch
):
    monkeypatch.setattr(relay, "CHECK_EVERY", 3600)  # only the health check looks
    monkeypatch.setattr(relay, "ANSWER_WITHIN", 0.3)
    sockets = await room_of(workshop, bob)
    assert await database_sync_to_async(health)() == (
        200, {"database": "ok", "channel_layer": "ok"}
    )
    lost_at = await forget_groups()
    status, checks = await database_sync_to_async(health)()
    assert status == 503 and checks["channel_layer"] == "error: GroupsLost"
    # ...and it joined them again at once, rather than at the relay's next check.
    for communicator in sockets.values():
        assert await heard_since(communicator) >= lost_at
    assert (await database_sync_to_async(health)())[0] == 200
    await a_card_reaches_every_screen(workshop, experiences_activity, bob, sockets, "Healthy")
    await leave(sockets)
