"""The room's websocket: who may connect, and who receives what."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.auth import AuthMiddlewareStack
from channels.testing import WebsocketCommunicator
from django.test import Client

from workshop import services
from workshop.routing import websocket_urlpatterns

from tests.conftest import participant_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """Each test runs on its own event loop; a Redis layer's locks belong to the loop
    that made them, so every test gets a layer of its own."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()

application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
CARD = {"title": "Buy it again", "company": "Amazon", "description": "Saves effort."}


def cookie_header(client: Client) -> tuple[bytes, bytes]:
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return (b"cookie", cookies.encode())


async def connect(code: str, client: Client | None = None) -> tuple[WebsocketCommunicator, bool]:
    headers = [cookie_header(client)] if client is not None else []
    communicator = WebsocketCommunicator(application, f"/ws/w/{code}/", headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def drain(communicator: WebsocketCommunicator) -> list[str]:
    """Everything pushed so far (presence updates and the like)."""
    messages = []
    while not await communicator.receive_nothing(timeout=0.2):
        messages.append(await communicator.receive_from())
    return messages


async def messages_until(communicator: WebsocketCommunicator, text: str) -> str:
    for _ in range(20):
        message = await communicator.receive_from(timeout=2)
        if text in message:
            return message
    raise AssertionError(f"{text!r} never arrived")


def facilitator_client(workshop) -> Client:
    client = Client()
    client.force_login(workshop.facilitator)
    return client


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


async def test_removing_a_participant_closes_their_socket(workshop, bob):
    communicator, connected = await connect(workshop.code, participant_client(bob))
    assert connected
    await drain(communicator)
    await database_sync_to_async(services.participant_remove)(participant=bob)
    notice = await messages_until(communicator, "You have left the room")
    assert 'id="room-body"' in notice
    closed = await communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4003}
    await communicator.disconnect()


async def test_a_new_card_reaches_everyone_in_the_workshop(workshop, experiences_activity, bob, carol):
    bobs, _ = await connect(workshop.code, participant_client(bob))
    carols, _ = await connect(workshop.code, participant_client(carol))
    alices, connected = await connect(workshop.code, await database_sync_to_async(facilitator_client)(workshop))
    assert connected
    for communicator in (bobs, carols, alices):
        await drain(communicator)
    await database_sync_to_async(services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob, **CARD
    )
    for communicator in (bobs, carols, alices):
        message = await messages_until(communicator, "Buy it again")
        assert 'hx-swap-oob="afterbegin:#experience-list"' in message
        await communicator.disconnect()


async def test_hidden_cards_reach_only_their_author_and_the_facilitator(workshop, experiences_activity, bob, carol):
    await database_sync_to_async(services.activity_set_hiding)(activity=experiences_activity, hide=True)
    bobs, _ = await connect(workshop.code, participant_client(bob))
    carols, _ = await connect(workshop.code, participant_client(carol))
    alices, _ = await connect(workshop.code, await database_sync_to_async(facilitator_client)(workshop))
    for communicator in (bobs, carols, alices):
        await drain(communicator)
    await database_sync_to_async(services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob,
        **{**CARD, "title": "Secret idea"},
    )
    assert "Hidden until reveal" in await messages_until(bobs, "Secret idea")
    assert "Secret idea" in await messages_until(alices, "Secret idea")
    assert not any("Secret idea" in message for message in await drain(carols))
    for communicator in (bobs, carols, alices):
        await communicator.disconnect()


async def test_a_rating_pushes_the_new_average_but_no_ones_own_score(workshop, experiences_activity, bob, carol):
    card = await database_sync_to_async(services.experience_create)(
        workshop=workshop, activity=experiences_activity, author=bob, **CARD
    )
    bobs, _ = await connect(workshop.code, participant_client(bob))
    await drain(bobs)
    await database_sync_to_async(services.experience_rate)(
        experience=card, participant=carol, dimension="value", score=4
    )
    message = await messages_until(bobs, f'id="experience-{card.pk}-stats"')
    assert '<span class="stat-number">4.0</span>' in message
    assert "aria-pressed" not in message
    await bobs.disconnect()


async def test_presence_shows_who_is_online(workshop, bob, carol):
    alices, _ = await connect(workshop.code, await database_sync_to_async(facilitator_client)(workshop))
    await drain(alices)
    bobs, _ = await connect(workshop.code, participant_client(bob))
    message = await messages_until(alices, 'id="people"')
    assert 'class="person is-online"' in message and "Bob" in message
    await bobs.disconnect()
    message = await messages_until(alices, 'id="people"')
    assert 'class="person is-online"' not in message
    await alices.disconnect()


async def test_moving_the_room_asks_every_screen_to_refetch(workshop, bob):
    bobs, _ = await connect(workshop.code, participant_client(bob))
    await drain(bobs)
    goals = await database_sync_to_async(
        lambda: workshop.phases.first().activities.get(kind="goals")
    )()
    await database_sync_to_async(services.activity_open)(workshop=workshop, activity=goals)
    message = await messages_until(bobs, 'id="room-refresh"')
    assert f'data-room-url="/w/{workshop.code}/"' in message
    await bobs.disconnect()


async def test_the_socket_carries_no_writes(workshop, bob):
    bobs, _ = await connect(workshop.code, participant_client(bob))
    await drain(bobs)
    await bobs.send_to(text_data='{"title": "Injected"}')
    assert await bobs.receive_nothing(timeout=0.3)
    count = await database_sync_to_async(workshop.experiences.count)()
    assert count == 0
    await bobs.disconnect()
