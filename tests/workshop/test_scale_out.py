"""Several server processes behind one address serve the same workshop: a change made
through one process reaches a participant connected to another (PostgreSQL + Redis)."""

import asyncio

import pytest
from websockets.asyncio.client import connect

from tests.servers import Servers, cookie_of, post_card
from workshop import services
from workshop.models import Activity

pytestmark = [pytest.mark.scale_out, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_servers():
    servers = Servers(2)
    try:
        yield servers.start()
    finally:
        servers.stop()


def test_a_card_posted_to_one_process_reaches_a_participant_on_another(
    two_servers, workshop, bob, carol
):
    activity = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.EXPERIENCES)
    services.activity_open(workshop=workshop, activity=activity)
    first, second = two_servers

    async def scenario() -> str:
        async with connect(
            f"ws://127.0.0.1:{first}/ws/w/{workshop.code}/",
            additional_headers={"Cookie": cookie_of(bob)},
            origin=f"http://127.0.0.1:{first}",
        ) as bobs_socket:
            status = await asyncio.to_thread(
                post_card, second, workshop.code, cookie_of(carol), "Cross-process DJ"
            )
            assert status == 200
            async with asyncio.timeout(5):
                while True:
                    message = await bobs_socket.recv()
                    if "Cross-process DJ" in message:
                        return message

    message = asyncio.run(scenario())
    assert 'hx-swap-oob="afterbegin:#experience-list"' in message
    assert "Carol" in message
