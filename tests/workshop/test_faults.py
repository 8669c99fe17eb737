"""What a room lives through on PostgreSQL + Redis: a server process killed mid-session,
and Redis restarting under two processes. Nothing acknowledged is lost, nobody stays
"online" after the lease of the process that held them, and live updates resume on
every screen, which catches up on what it missed."""

import asyncio
import subprocess
import time

import pytest
import redis
from websockets.asyncio.client import connect

from experiences.models import Experience
from tests.servers import (
    Servers,
    cookie_of,
    facilitator_cookie,
    free_port,
    get_page,
    health,
    post_card,
)
from tests.conftest import open_board
from workshop.models import Activity, PresenceLease

pytestmark = [pytest.mark.scale_out, pytest.mark.django_db(transaction=True)]

# Short leases, so that a dead process's hold on people runs out in seconds.
LEASE = "2"


class Screen:
    """A room's websocket as a page holds it: it answers the server's pings and keeps
    every frame it is pushed."""

    def __init__(self, port: int, code: str, cookie: str) -> None:
        self.url = f"ws://127.0.0.1:{port}/ws/w/{code}/"
        self.origin = f"http://127.0.0.1:{port}"
        self.cookie = cookie
        self.frames: list[tuple[float, str]] = []
        self.arrived = asyncio.Event()

    async def __aenter__(self) -> "Screen":
        self.socket = await connect(
            self.url, origin=self.origin, additional_headers={"Cookie": self.cookie}
        )
        self.reader = asyncio.create_task(self.read())
        return self

    async def __aexit__(self, *exc) -> None:
        self.reader.cancel()
        await self.socket.close()

    async def read(self) -> None:
        try:
            async for frame in self.socket:
                if frame == "ping":
                    await self.socket.send("pong")
                    continue
                self.frames.append((time.monotonic(), frame))
                self.arrived.set()
        except Exception:  # noqa: BLE001 - the server went away: the frames so far stay
            pass

    async def first(self, text: str, *, after: float = 0.0, within: float = 10.0) -> float:
        """When the first frame with this text arrived (after a moment), waiting for it."""
        deadline = time.monotonic() + within
        while True:
            for arrived, frame in self.frames:
                if arrived >= after and text in frame:
                    return arrived
            if time.monotonic() >= deadline:
                raise AssertionError(f"{text!r} never reached {self.url}")
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), deadline - time.monotonic())
            except TimeoutError:
                pass


def post(port: int, workshop, person, title: str) -> int:
    return post_card(port, workshop.code, cookie_of(person), title)


def test_a_process_killed_mid_session_loses_nothing_saved_and_leaves_no_one_online(
    workshop, bob, carol
):
    open_board(workshop, Activity.Kind.EXPERIENCES)
    servers = Servers(2, PREPWORK_PRESENCE_LEASE=LEASE)
    doomed, survivor = servers.start()
    alice = facilitator_cookie(workshop)

    async def scenario() -> tuple[list[str], float]:
        async with (
            Screen(survivor, workshop.code, alice) as room,
            Screen(doomed, workshop.code, cookie_of(bob)),
            Screen(survivor, workshop.code, cookie_of(carol)),
        ):
            await room.first("2 online")
            saved = []
            for number in range(4):
                title = f"Saved before the crash {number}"
                if await asyncio.to_thread(post, doomed, workshop, bob, title) == 200:
                    saved.append(title)
            servers.kill(0)
            killed_at = time.monotonic()
            offline_at = await room.first("1 online", after=killed_at, within=float(LEASE) + 8)
            return saved, offline_at - killed_at

    try:
        saved, took = asyncio.run(scenario())
    finally:
        servers.stop()
    print(f"\nBob was shown away {took:.1f} s after his process was killed (lease {LEASE} s)")
    assert len(saved) == 4
    assert set(Experience.objects.values_list("title", flat=True)) == set(saved)
    # The room showed Carol alone, and the process still serving let go of Bob's lease.
    assert not PresenceLease.objects.filter(participant=bob).exists()


class RedisServer:
    """A Redis of the test's own, which it can kill and start again empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return time.monotonic()
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def own_redis():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.kill()


def test_after_redis_restarts_live_updates_resume_and_every_screen_catches_up(
    own_redis, workshop, bob, carol
):
    open_board(workshop, Activity.Kind.EXPERIENCES)
    servers = Servers(2, REDIS_URL=own_redis.url)
    first, second = servers.start()

    async def scenario() -> float:
        async with (
            Screen(first, workshop.code, cookie_of(bob)) as bobs,
            Screen(second, workshop.code, cookie_of(carol)) as carols,
        ):
            assert await asyncio.to_thread(post, second, workshop, carol, "Before") == 200
            await bobs.first("Before")
            own_redis.kill()
            lost_at = time.monotonic()
            # Writes go on being saved while the layer is away.
            for number, port in enumerate([first, second, first]):
                person = bob if port == first else carol
                assert await asyncio.to_thread(post, port, workshop, person, f"During {number}") == 200
            assert await asyncio.to_thread(health, first) == 503
            back_at = await asyncio.to_thread(own_redis.start)
            # Each screen is told that it may have missed pushes, and fetches its room.
            told = [
                await screen.first('id="room-sync"', after=lost_at, within=10) - back_at
                for screen in (bobs, carols)
            ]
            print(f"\nScreens were told to catch up {max(told):.1f} s after Redis answered")
            for port, person in ((first, bob), (second, carol)):
                room = await asyncio.to_thread(get_page, port, f"/w/{workshop.code}/", cookie_of(person))
                assert all(f"During {number}" in room for number in range(3))
            # Healthy again means pushes flow again: a card posted to either process
            # reaches both screens.
            while await asyncio.to_thread(health, first) != 200 or await asyncio.to_thread(health, second) != 200:
                assert time.monotonic() - back_at < 10, "the servers never became healthy"
                await asyncio.sleep(0.1)
            healthy_at = time.monotonic()
            for port, person, title in ((first, bob, "After 1"), (second, carol, "After 2")):
                assert await asyncio.to_thread(post, port, workshop, person, title) == 200
                for screen in (bobs, carols):
                    await screen.first(title, within=3)
            return healthy_at - back_at

    try:
        took = asyncio.run(scenario())
    finally:
        servers.stop()
    print(f"\nLive updates flowed again {took:.1f} s after Redis answered")
    assert took <= 10
