"""Websockets for tests: connect as someone, read what a screen receives, a whole room
of sockets at once. A test module that uses them imports `fresh_channel_layer` too: it
is an autouse fixture, so importing it is what makes it apply."""

import pytest
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client

from tests.conftest import participant_client
from workshop.routing import websocket_urlpatterns


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """Each test runs on its own event loop; a Redis layer's locks belong to the loop
    that made them, so every test gets a layer of its own."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))


def cookie_header(client: Client) -> tuple[bytes, bytes]:
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return (b"cookie", cookies.encode())


async def connect(
    code: str, client: Client | None = None, screen: str = ""
) -> tuple[WebsocketCommunicator, bool]:
    headers = [cookie_header(client)] if client is not None else []
    path = f"/ws/w/{code}/{screen}"
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def drain(communicator: WebsocketCommunicator, quiet: float = 0.7) -> list[str]:
    """Everything pushed until the socket has been quiet for a while (presence frames
    are coalesced over half a second)."""
    messages = []
    while not await communicator.receive_nothing(timeout=quiet):
        messages.append(await communicator.receive_from())
    return messages


async def messages_until(communicator: WebsocketCommunicator, text: str) -> str:
    for _ in range(20):
        message = await communicator.receive_from(timeout=3)
        if text in message:
            return message
    raise AssertionError(f"{text!r} never arrived")


def facilitator_client(workshop) -> Client:
    client = Client()
    client.force_login(workshop.facilitator)
    return client


async def room_of(workshop, *participants, projector=True):
    """Sockets for the participants, the facilitator and (unless told not) the projector,
    drained of what connecting pushed."""
    sockets = {}
    for person in participants:
        sockets[person.name] = (await connect(workshop.code, participant_client(person)))[0]
    alice = await database_sync_to_async(facilitator_client)(workshop)
    sockets["facilitator"] = (await connect(workshop.code, alice))[0]
    if projector:
        sockets["projector"] = (await connect(workshop.code, alice, "present/"))[0]
    for communicator in sockets.values():
        await drain(communicator)
    return sockets


async def leave(sockets: dict) -> None:
    for communicator in sockets.values():
        await communicator.disconnect()
